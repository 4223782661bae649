"""The filters a search can be narrowed by, as SQL over the search document `d`."""

from __future__ import annotations

from dataclasses import dataclass

from articles.sql import Sql, join


@dataclass(frozen=True)
class Filters:
    publication: str | None = None
    author: str | None = None
    topic: str | None = None
    year: int | None = None

    @property
    def active(self) -> bool:
        return any((self.publication, self.author, self.topic, self.year))

    def sql(self) -> Sql:
        parts = [Sql("d.is_published AND d.published_at <= now()")]
        if self.publication:
            parts.append(
                Sql(
                    "d.publication_id = (SELECT id FROM articles_publication WHERE slug = %s)",
                    (self.publication,),
                )
            )
        if self.author:
            parts.append(
                Sql(
                    "d.article_id IN (SELECT b.article_id FROM articles_byline b"
                    " JOIN articles_author a ON a.id = b.author_id WHERE a.slug = %s)",
                    (self.author,),
                )
            )
        if self.topic:
            parts.append(
                Sql(
                    "d.article_id IN (SELECT at.article_id FROM articles_article_topics at"
                    " JOIN articles_topic t ON t.id = at.topic_id WHERE t.slug = %s)",
                    (self.topic,),
                )
            )
        if self.year:
            parts.append(
                Sql(
                    "d.published_at >= make_timestamptz(%s, 1, 1, 0, 0, 0, 'UTC')"
                    " AND d.published_at < make_timestamptz(%s, 1, 1, 0, 0, 0, 'UTC')",
                    (self.year, self.year + 1),
                )
            )
        return join(parts, "AND")
