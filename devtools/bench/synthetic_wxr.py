"""A synthetic WordPress export of any size, written as a stream (for ``make bench-import``).

The text is assembled from a small bank of sentences written for this project,
picked by a seeded random generator so every run builds the same file. Posts
carry what real exports carry: HTML paragraphs with links and emphasis, an
excerpt, categories and tags, several authors, threaded comments (some listed
before their parents), and the occasional page, attachment, draft and spam.
"""

from __future__ import annotations

import random
from xml.sax.saxutils import escape

SUBJECTS = [
    "the harbour board",
    "the ferry cooperative",
    "the county archive",
    "the river authority",
    "a village school",
    "the night bus",
    "the flood wardens",
    "the market traders",
    "the lighthouse trust",
    "the regional library",
]
VERBS = [
    "argued for",
    "quietly abandoned",
    "published a plan for",
    "spent a decade defending",
    "underestimated",
    "was right about",
    "asked the ministry to fund",
    "refused to budge on",
]
OBJECTS = [
    "a second slipway",
    "longer opening hours",
    "a fairer timetable",
    "the dredging budget",
    "a register of tenancies",
    "cheaper winter fares",
    "the old toll bridge",
    "a tide gauge at the quay",
]
CODAS = [
    "and nobody in the capital noticed until the bills arrived.",
    "which is why the argument keeps coming back every winter.",
    "though the minutes of the meeting tell a more careful story.",
    "and the numbers, read closely, support neither side.",
    "because the people who used it most had the least time to complain.",
    "while the engineers wrote memos that no one asked to read.",
]
TOPICS = ["Ports", "Transport", "Local government", "Climate", "Education", "History", "Housing"]
TAGS = ["ferries", "tides", "budgets", "libraries", "schools", "bridges", "archives", "markets"]


def _sentence(rng: random.Random) -> str:
    subject = rng.choice(SUBJECTS)
    if rng.random() < 0.2:
        subject = f'<a href="https://example.org/{subject.split()[-1]}">{subject}</a>'
    obj = rng.choice(OBJECTS)
    if rng.random() < 0.15:
        obj = f"<em>{obj}</em>"
    subject = subject if subject.startswith("<") else subject.capitalize()
    return f"{subject} {rng.choice(VERBS)} {obj}, {rng.choice(CODAS)}"


def _paragraph(rng: random.Random) -> str:
    return "<p>" + " ".join(_sentence(rng) for _ in range(rng.randint(3, 5))) + "</p>"


HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>The Synthetic Gazette</title>
	<link>https://synthetic.example.org</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://synthetic.example.org</wp:base_site_url>
"""


def write_synthetic_wxr(out, *, size_bytes: int, post_bytes: int = 5000, seed: int = 2026) -> int:
    """Write posts to the binary stream ``out`` until about ``size_bytes``; count the posts."""
    rng = random.Random(seed)
    bank = [_paragraph(rng) for _ in range(400)]
    written = out.write(HEADER.encode())
    for n in range(40):
        written += out.write(
            f"\t<wp:author><wp:author_login>writer{n}</wp:author_login>"
            f"<wp:author_display_name><![CDATA[Writer {n} Castellane]]></wp:author_display_name>"
            "</wp:author>\n".encode()
        )
    posts = 0
    post_id = 0
    while written < size_bytes:
        post_id += 1
        kind = "post"
        if post_id % 500 == 0:
            kind = "page"
        elif post_id % 250 == 0:
            kind = "attachment"
        paragraphs = []
        length = 0
        while length < post_bytes:
            paragraph = rng.choice(bank)
            paragraphs.append(paragraph)
            length += len(paragraph) + 1
        if rng.random() < 0.3:
            paragraphs.insert(2, f"<h2>{escape(rng.choice(OBJECTS)).capitalize()}</h2>")
        status = "draft" if post_id % 97 == 0 else "publish"
        day = 1 + post_id % 28
        month = 1 + post_id % 12
        year = 2005 + post_id % 20
        date = f"{year}-{month:02d}-{day:02d}"
        categories = "".join(
            f'<category domain="category" nicename="{t.lower().replace(" ", "-")}">'
            f"<![CDATA[{t}]]></category>"
            for t in rng.sample(TOPICS, 2)
        ) + "".join(
            f'<category domain="post_tag" nicename="{t}"><![CDATA[{t}]]></category>'
            for t in rng.sample(TAGS, 2)
        )
        comments = []
        count = rng.choice((0, 1, 2, 3, 4))
        for c in range(1, count + 1):
            parent = rng.randint(1, count) if c > 1 and rng.random() < 0.5 else 0
            approved = "spam" if rng.random() < 0.05 else ("1" if rng.random() < 0.9 else "0")
            comments.append(
                "<wp:comment>"
                f"<wp:comment_id>{c}</wp:comment_id>"
                f"<wp:comment_author><![CDATA[Reader {rng.randint(1, 5000)}]]></wp:comment_author>"
                f"<wp:comment_author_email>reader{c}@example.net</wp:comment_author_email>"
                f"<wp:comment_date_gmt>{date} 1{c}:00:00</wp:comment_date_gmt>"
                f"<wp:comment_content><![CDATA[{_sentence(rng)}]]></wp:comment_content>"
                f"<wp:comment_approved>{approved}</wp:comment_approved>"
                f"<wp:comment_parent>{parent if parent != c else 0}</wp:comment_parent>"
                "</wp:comment>"
            )
        title = " ".join(
            [rng.choice(SUBJECTS).capitalize(), rng.choice(VERBS), rng.choice(OBJECTS)]
        )
        title = f"{title} ({post_id})"
        item = (
            "\t<item>\n"
            f"\t\t<title>{escape(title)}</title>\n"
            f"\t\t<link>https://synthetic.example.org/?p={post_id}</link>\n"
            f"\t\t<dc:creator>writer{post_id % 40}</dc:creator>\n"
            f'\t\t<guid isPermaLink="false">https://synthetic.example.org/?p={post_id}</guid>\n'
            f"\t\t<content:encoded><![CDATA[{chr(10).join(paragraphs)}]]></content:encoded>\n"
            f"\t\t<excerpt:encoded><![CDATA[{_sentence(rng)}]]></excerpt:encoded>\n"
            f"\t\t<wp:post_id>{post_id}</wp:post_id>\n"
            f"\t\t<wp:post_date_gmt>{date} 09:00:00</wp:post_date_gmt>\n"
            f"\t\t<wp:post_name>post-{post_id}</wp:post_name>\n"
            f"\t\t<wp:status>{status}</wp:status>\n"
            f"\t\t<wp:post_type>{kind}</wp:post_type>\n"
            f"\t\t{categories}\n\t\t{''.join(comments)}\n"
            "\t</item>\n"
        )
        written += out.write(item.encode())
        posts += kind == "post"
    written += out.write(b"</channel>\n</rss>\n")
    return posts
