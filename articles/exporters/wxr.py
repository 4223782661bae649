"""WordPress eXtended RSS 1.2: what WordPress (and our importer) can read.

Standard WXR carries one author per post, HTML content and no author bios, so
the export adds elements in the ``archive`` namespace (ordered bylines with
bios, the publication with its about text, the Markdown source). WordPress
ignores them; our importer prefers them, which makes the round trip lossless
except for times, which WXR keeps to the second. Spam comments are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.utils import timezone

from articles.exporters.records import article_records
from articles.importers.wxr import ARCHIVE_NS
from articles.models import Author

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
COMMENT_APPROVED = {"approved": "1", "pending": "0", "removed": "trash", "spam": "spam"}


def export_wxr(
    out: TextIO,
    *,
    site_url: str = "",
    ids: list[int] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """The archive, or the pieces with the given ids, as WXR; ``progress`` gets the
    count after each piece."""
    site_url = (site_url or "http://localhost:8000").rstrip("/")
    out.write(
        '<?xml version="1.0" encoding="UTF-8" ?>\n'
        '<rss version="2.0"\n'
        '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
        '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
        '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '\txmlns:wp="http://wordpress.org/export/1.2/"\n'
        f"\txmlns:archive={quoteattr(ARCHIVE_NS)}\n>\n<channel>\n"
        f"\t<title>{_text(settings.SITE_NAME)}</title>\n"
        f"\t<link>{_text(site_url)}</link>\n"
        f"\t<pubDate>{_rfc822(timezone.now())}</pubDate>\n"
        "\t<wp:wxr_version>1.2</wp:wxr_version>\n"
        f"\t<wp:base_site_url>{_text(site_url)}</wp:base_site_url>\n"
        f"\t<wp:base_blog_url>{_text(site_url)}</wp:base_blog_url>\n"
    )
    authors = Author.objects.filter(bylines__isnull=False)
    if ids is not None:
        authors = authors.filter(bylines__article_id__in=ids)
    for author in authors.distinct().order_by("id"):
        out.write(
            f"\t<wp:author><wp:author_id>{author.pk}</wp:author_id>"
            f"<wp:author_login>{_cdata(author.slug)}</wp:author_login>"
            f"<wp:author_display_name>{_cdata(author.name)}</wp:author_display_name>"
            "</wp:author>\n"
        )
    count = 0
    for article, record in article_records(include_spam=False, ids=ids):
        out.write(_item(article, record, site_url))
        count += 1
        if progress:
            progress(count)
    out.write("</channel>\n</rss>\n")
    return count


def _item(article, record, site_url: str) -> str:
    if record.status == "published":
        wp_status = "future" if record.published_at > timezone.now() else "publish"
    else:
        wp_status = "draft"
    creator = article.bylines.all()[0].author.slug if record.authors else ""
    parts = [
        "\t<item>\n",
        f"\t\t<title>{_text(record.title)}</title>\n",
        f"\t\t<link>{_text(site_url + article.get_absolute_url())}</link>\n",
    ]
    if record.published_at:
        parts.append(f"\t\t<pubDate>{_rfc822(record.published_at)}</pubDate>\n")
    parts += [
        f"\t\t<dc:creator>{_cdata(creator)}</dc:creator>\n",
        f'\t\t<guid isPermaLink="false">{_text(record.key)}</guid>\n',
        f"\t\t<content:encoded>{_cdata(article.body_html)}</content:encoded>\n",
        # WordPress excerpts are HTML; ours is text.
        f"\t\t<excerpt:encoded>{_cdata(escape(record.standfirst))}</excerpt:encoded>\n",
        f"\t\t<wp:post_id>{article.pk}</wp:post_id>\n",
        f"\t\t<wp:post_date>{_cdata(_wp_date(record.published_at))}</wp:post_date>\n",
        f"\t\t<wp:post_date_gmt>{_cdata(_wp_date(record.published_at))}</wp:post_date_gmt>\n",
        "\t\t<wp:comment_status>"
        f"{_cdata('open' if record.comments_open else 'closed')}</wp:comment_status>\n",
        f"\t\t<wp:post_name>{_cdata(record.slug)}</wp:post_name>\n",
        f"\t\t<wp:status>{_cdata(wp_status)}</wp:status>\n",
        "\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n",
        f"\t\t<archive:source_url>{_text(record.source_url)}</archive:source_url>\n",
        f"\t\t<archive:body_markdown>{_cdata(record.body)}</archive:body_markdown>\n",
    ]
    for topic in article.topics.all():
        parts.append(
            f'\t\t<category domain="category" nicename={quoteattr(topic.slug)}>'
            f"{_cdata(topic.name)}</category>\n"
        )
    for author in record.authors:
        parts.append(
            f"\t\t<archive:byline bio={quoteattr(_clean(author.bio))} "
            f"slug={quoteattr(author.slug)}>"
            f"{_text(author.name)}</archive:byline>\n"
        )
    pub = record.publication
    if pub:
        parts.append(
            f"\t\t<archive:publication about={quoteattr(_clean(pub.about))} "
            f"website={quoteattr(_clean(pub.website))} slug={quoteattr(pub.slug)}>"
            f"{_text(pub.name)}</archive:publication>\n"
        )
    else:
        parts.append("\t\t<archive:publication></archive:publication>\n")
    ids = {c.key: i for i, c in enumerate(record.comments, start=1)}
    for number, comment in enumerate(record.comments, start=1):
        parent = ids.get(comment.parent_key, 0) if comment.parent_key else 0
        parts.append(
            "\t\t<wp:comment>\n"
            f"\t\t\t<wp:comment_id>{number}</wp:comment_id>\n"
            f"\t\t\t<archive:comment_key>{_text(comment.key)}</archive:comment_key>\n"
            f"\t\t\t<wp:comment_author>{_cdata(comment.name)}</wp:comment_author>\n"
            "\t\t\t<wp:comment_author_email>"
            f"{_cdata(comment.email)}</wp:comment_author_email>\n"
            f"\t\t\t<wp:comment_author_url>{_text(comment.url)}</wp:comment_author_url>\n"
            "\t\t\t<wp:comment_date_gmt>"
            f"{_cdata(_wp_date(comment.created_at))}</wp:comment_date_gmt>\n"
            # WordPress comments are HTML: escape our plain text so it reads the same.
            f"\t\t\t<wp:comment_content>{_cdata(escape(comment.body))}</wp:comment_content>\n"
            "\t\t\t<wp:comment_approved>"
            f"{_cdata(COMMENT_APPROVED[comment.status])}</wp:comment_approved>\n"
            "\t\t\t<wp:comment_type><![CDATA[comment]]></wp:comment_type>\n"
            f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
            "\t\t</wp:comment>\n"
        )
    parts.append("\t</item>\n")
    return "".join(parts)


def _clean(text: str) -> str:
    return CONTROL_CHARS.sub("", text or "")


def _text(text: str) -> str:
    return escape(_clean(text))


def _cdata(text: str) -> str:
    return "<![CDATA[" + _clean(text).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _wp_date(value: datetime | None) -> str:
    if value is None:
        return "0000-00-00 00:00:00"
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _rfc822(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")
