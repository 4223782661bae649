"""WordPress exports whose posts share a GUID (a copied post keeps its source's)."""

from pathlib import Path

import pytest
from django.core.management import call_command

from articles.importers.service import import_paths, summary_lines
from articles.models import Article, Comment
from tests.factories import ArticleFactory, CommentFactory
from tests.test_import_wxr import summary_count

pytestmark = pytest.mark.django_db

SITE = "https://fenland.example.org"


def _post(post_id: int, guid: str, title: str, comments: list[tuple[int, str, str]]) -> str:
    comment_xml = "".join(
        f"""
    <wp:comment>
      <wp:comment_id>{cid}</wp:comment_id>
      <wp:comment_author><![CDATA[{author}]]></wp:comment_author>
      <wp:comment_author_email>{author.split()[0].lower()}@example.org</wp:comment_author_email>
      <wp:comment_date_gmt>2024-02-0{cid % 9 + 1} 10:00:00</wp:comment_date_gmt>
      <wp:comment_content><![CDATA[{text}]]></wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>"""
        for cid, author, text in comments
    )
    return f"""
  <item>
    <title>{title}</title>
    <link>{SITE}/?p={post_id}</link>
    <dc:creator><![CDATA[warden]]></dc:creator>
    <guid isPermaLink="false">{guid}</guid>
    <content:encoded><![CDATA[<p>{title}: the body of post {post_id}.</p>]]></content:encoded>
    <excerpt:encoded><![CDATA[]]></excerpt:encoded>
    <wp:post_id>{post_id}</wp:post_id>
    <wp:post_date_gmt>2024-01-1{post_id % 9} 09:00:00</wp:post_date_gmt>
    <wp:post_name>{title.lower().replace(" ", "-")}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>{comment_xml}
  </item>"""


def _export(tmp_path: Path, items: str, name: str = "fenland.xml") -> Path:
    path = tmp_path / name
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Fenland Drainage Review</title>
  <link>{SITE}</link>
  <wp:base_site_url>{SITE}</wp:base_site_url>
  <wp:author><wp:author_login>warden</wp:author_login>
    <wp:author_display_name><![CDATA[Oona Sluice]]></wp:author_display_name></wp:author>
  {items}
</channel>
</rss>
""",
        encoding="utf-8",
    )
    return path


def _pairs_export(tmp_path: Path) -> Path:
    # Posts 12 and 31 share post 12's GUID (31 was copied from it); 40 and 41 share
    # one that names no post at all (moved from another site).
    return _export(
        tmp_path,
        _post(12, f"{SITE}/?p=12", "Pumping stations", [(1, "Ada Reed", "Ours runs on diesel.")])
        + _post(31, f"{SITE}/?p=12", "Pumping stations revisited", [(2, "Bo Marsh", "Still?")])
        + _post(40, "https://old.example.net/7", "Sluice gates", [(3, "Cy Dyke", "Rusty.")])
        + _post(41, "https://old.example.net/7", "Sluice gates again", [(4, "Di Fen", "Oiled.")]),
    )


def test_posts_sharing_a_guid_are_each_kept_with_their_own_comments(tmp_path):
    report = import_paths([_pairs_export(tmp_path)])

    assert report.ok and report.counts["created"] == 4
    titles = {a.title: a for a in Article.objects.all()}
    assert set(titles) == {
        "Pumping stations",
        "Pumping stations revisited",
        "Sluice gates",
        "Sluice gates again",
    }
    assert [c.body for c in titles["Pumping stations"].comments.all()] == ["Ours runs on diesel."]
    assert [c.body for c in titles["Pumping stations revisited"].comments.all()] == ["Still?"]
    assert [c.body for c in titles["Sluice gates again"].comments.all()] == ["Oiled."]
    assert titles["Pumping stations revisited"].import_key == f"{SITE}/?p=31"


def test_duplicates_are_reported_in_the_summary(tmp_path):
    report = import_paths([_pairs_export(tmp_path)])
    text = "\n".join(summary_lines(report))

    assert "duplicate GUIDs: 2 post(s) share a GUID" in text
    assert f"duplicate GUID {SITE}/?p=12: post 31 (Pumping stations revisited)" in text
    assert "duplicate GUID https://old.example.net/7: post 41" in text


def test_a_second_import_changes_nothing(tmp_path, capsys):
    path = _pairs_export(tmp_path)
    call_command("import_articles", str(path))
    capsys.readouterr()

    call_command("import_articles", str(path))
    out = capsys.readouterr().out

    assert summary_count(out, "created") == summary_count(out, "updated") == 0
    assert summary_count(out, "unchanged") == 4
    assert Article.objects.count() == 4 and Comment.objects.count() == 4


def test_the_same_post_twice_in_one_file_is_skipped_not_flipped(tmp_path):
    post = _post(12, f"{SITE}/?p=12", "Pumping stations", [])
    path = _export(tmp_path, post + post.replace("the body of", "a later body of"))

    first = import_paths([path])
    second = import_paths([path])

    assert first.counts["created"] == 1
    assert first.skipped == {"the same post twice in one file (same site and post id)": 1}
    assert second.counts["created"] == second.counts["updated"] == 0
    assert "the body of post 12" in Article.objects.get().body


def test_a_piece_imported_under_its_guid_before_is_taken_over_not_duplicated(tmp_path):
    # Imports before this change keyed posts by GUID; the piece and its comment
    # are found through it and re-keyed, so nothing is duplicated.
    old = ArticleFactory(title="Sluice gates", import_key="https://old.example.net/7")
    CommentFactory(article=old, import_key="https://old.example.net/7#comment-3")
    path = _export(
        tmp_path,
        _post(40, "https://old.example.net/7", "Sluice gates", [(3, "Cy Dyke", "Rusty.")]),
    )

    report = import_paths([path])

    assert report.counts["created"] == 0 and report.counts["updated"] == 1
    old.refresh_from_db()
    assert old.import_key == f"{SITE}/?p=40"
    assert list(old.comments.values_list("body", flat=True)) == ["Rusty."]
    assert import_paths([path]).counts["unchanged"] == 1


def test_a_piece_already_under_its_new_key_leaves_an_older_guid_copy_alone(tmp_path):
    """When the archive holds both a copy under the post's GUID (an old import) and
    one under its site-and-id key, the latter is the piece: it is updated, and the
    GUID copy is neither re-keyed onto it nor touched."""
    guid = "https://old.example.net/9"
    old = ArticleFactory(title="Old copy", import_key=guid)
    current = ArticleFactory(title="Current copy", import_key=f"{SITE}/?p=41")
    path = _export(tmp_path, _post(41, guid, "Weirs", []))

    report = import_paths([path])

    assert report.ok and report.counts["updated"] == 1
    old.refresh_from_db()
    current.refresh_from_db()
    assert (old.import_key, old.title) == (guid, "Old copy")
    assert current.title == "Weirs"
