"""The home page's first page: a lead piece, the latest, then the rest by topic.

Laid out from the page's own listing (newest first), whose topics are already
prefetched: the front page costs the queries of any other listing page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from articles.models import Article, Topic

LATEST = 5  # cards under the lead, before the topic sections


@dataclass
class TopicSection:
    topic: Topic
    articles: list[Article] = field(default_factory=list)


@dataclass
class FrontPage:
    lead: Article | None
    latest: list[Article]
    topics: list[TopicSection]
    more: list[Article]


def front_page(page_articles: list[Article]) -> FrontPage:
    lead, *rest = page_articles or [None]
    sections: dict[int, TopicSection] = {}
    more = []
    for article in rest[LATEST:]:
        topics = article.topic_list
        if not topics:
            more.append(article)
            continue
        # A piece is filed once, under its first topic; sections keep the order in
        # which their newest piece appears.
        topic = topics[0]
        sections.setdefault(topic.pk, TopicSection(topic)).articles.append(article)
    return FrontPage(lead=lead, latest=rest[:LATEST], topics=list(sections.values()), more=more)
