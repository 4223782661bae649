"""Imported bodies keep their images (with alt text) and working footnotes."""

import json
import re

import pytest

from articles.importers.html_to_markdown import html_to_markdown
from articles.importers.service import import_paths
from articles.models import Article
from articles.rendering import render_markdown
from tests.test_import_duplicates import _export

pytestmark = pytest.mark.django_db

NOTE_ID = "3f2a9c1e-7b4d-4e8a-9c21-5d6e7f8a9b0c"
WORDPRESS_BODY = f"""
<p>The survey was redone in 1953.<sup data-fn="{NOTE_ID}" class="fn"><a href="#{NOTE_ID}"
 id="{NOTE_ID}-link">1</a></sup></p>
<figure class="wp-block-image"><img src="https://fenland.example.org/wp-content/uploads/dyke.jpg"
 alt="A breached dyke at low water" width="800" height="500"/></figure>
<ol class="wp-block-footnotes"><li id="{NOTE_ID}">After the flood of that winter.
 <a href="#{NOTE_ID}-link" aria-label="Jump to footnote reference 1">↩︎</a></li></ol>
"""


def _wordpress_post(tmp_path):
    item = f"""
  <item>
    <title>The resurvey</title>
    <guid isPermaLink="false">https://fenland.example.org/?p=77</guid>
    <content:encoded><![CDATA[{WORDPRESS_BODY}]]></content:encoded>
    <wp:post_id>77</wp:post_id>
    <wp:post_date_gmt>2024-03-01 09:00:00</wp:post_date_gmt>
    <wp:post_name>resurvey</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>
  </item>"""
    return _export(tmp_path, item)


def _fragment_links_resolve(html: str) -> None:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    targets = re.findall(r'href="#([^"]+)"', html)
    assert targets, "no footnote links at all"
    assert set(targets) <= ids, f"links to missing ids: {set(targets) - ids}"


def test_wordpress_footnotes_and_images_survive_the_import(client, tmp_path):
    import_paths([_wordpress_post(tmp_path)])
    article = Article.objects.get()

    page = client.get(article.get_absolute_url())
    html = page.content.decode()

    assert '<img src="https://fenland.example.org/wp-content/uploads/dyke.jpg"' in html
    assert 'alt="A breached dyke at low water"' in html
    _fragment_links_resolve(article.body_html)
    assert f'<li id="{NOTE_ID}">' in html
    # The page's policy lets the browser load the source site's image.
    img_src = re.search(r"img-src ([^;]+)", page["Content-Security-Policy"]).group(1).split()
    assert "https:" in img_src
    assert render_markdown(article.body) == article.body_html  # an editor's save keeps them


def test_markdown_footnotes_in_an_imported_body_link_both_ways(client, tmp_path):
    record = {
        "key": "notes-1",
        "title": "Drains and their keepers",
        "body": "Keepers were paid in eels.[^eels]\n\n[^eels]: Until 1840, by the pound.",
        "status": "published",
        "published_at": "2024-03-02T10:00:00+00:00",
    }
    (tmp_path / "pieces.jsonl").write_text(json.dumps(record) + "\n")
    import_paths([tmp_path / "pieces.jsonl"])
    article = Article.objects.get()

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<sup id="fnref:eels"><a class="footnote-ref" href="#fn:eels"' in html
    assert '<li id="fn:eels">' in html and 'href="#fnref:eels"' in html
    _fragment_links_resolve(article.body_html)


def test_ids_that_are_not_footnotes_are_still_stripped():
    html = render_markdown('<p id="main">x</p> <a id="comments" href="#comments">y</a>')

    assert 'id="main"' not in html and 'id="comments"' not in html
    assert 'class="footnote-ref"' not in html_to_markdown('<a class="evil">z</a>').html
