"""Demo content for ``manage.py seed_demo``: an invented archive of commentary.

Everything here is original: fictional publications, authors, places and
institutions, with article bodies assembled from phrase banks written for this
project. Nothing is copied from real articles, and no real living people appear.
The text is data (data/demo/*.json); this module is how it becomes an archive.

Generation is deterministic: one ``random.Random(SEED)`` drives every choice in a
fixed order, so the same code always produces the same text (dates are relative
to the moment of seeding).
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from articles.first_versions import record_first_versions
from articles.models import Article, Author, Byline, Comment, Publication, Topic

SEED = 2026

# --------------------------------------------------------------------------
# The text: data/demo/*.json
#
# All of it written for this project: people.json (publications, authors,
# topics), phrase_banks.json, articles.json and comments.json.
#
# Phrase banks: a paragraph template is a list of sentences; a sentence given as a
# list is a set of alternatives, one of which is picked (a tuple once loaded).
# Slots: {subject}, {place}, {actor}, {person}, {pct}, {count}, {year}; a
# capitalised slot name ({Subject}, {Actor}, ...) gives the value with its first
# letter capitalised. A {person} value ends with a comma ("Name, who does X,") and
# must be followed by a verb or other word, never by punctuation.
#
# Articles: each has a hand-written title, standfirst and opening paragraph (lede);
# the rest of the body comes from the banks.
# --------------------------------------------------------------------------

DATA_DIR = Path(__file__).resolve().parent / "data" / "demo"


def _load(name: str):
    return json.loads((DATA_DIR / name).read_text(encoding="utf-8"))


def _template(paragraph: list) -> list:
    return [tuple(part) if isinstance(part, list) else part for part in paragraph]


@dataclass
class ArticleSpec:
    title: str
    standfirst: str
    lede: str
    topics: list[str]
    authors: list[str]
    publication: str
    subject: str
    place: str | None = None
    year: int | None = None
    extras: list[str] = field(default_factory=list)  # Markdown blocks after the lede
    draft: bool = False
    scheduled: bool = False
    comments_open: bool = True


NUMBER_WORDS = {
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
}


_PEOPLE = _load("people.json")
PUBLICATIONS: dict[str, dict] = _PEOPLE["publications"]
AUTHORS: dict[str, dict] = _PEOPLE["authors"]
TOPICS: dict[str, str] = _PEOPLE["topics"]

_BANKS = _load("phrase_banks.json")
TOPIC_BANKS: dict[str, dict] = {
    topic: {**bank, "paragraphs": [_template(p) for p in bank["paragraphs"]]}
    for topic, bank in _BANKS["topics"].items()
}
GENERIC_PARAGRAPHS = [_template(p) for p in _BANKS["generic_paragraphs"]]
GENERIC_CLOSINGS: list[str] = _BANKS["generic_closings"]

ARTICLE_SPECS = [ArticleSpec(**spec) for spec in _load("articles.json")]

_COMMENTS = _load("comments.json")
# The first few are regulars and turn up more often (see _build_comments).
COMMENTER_NAMES: list[str] = _COMMENTS["commenter_names"]
OPENERS: list[str] = _COMMENTS["openers"]
GENERIC_REMARKS: list[str] = _COMMENTS["generic_remarks"]
TOPIC_REMARKS: dict[str, list[str]] = _COMMENTS["topic_remarks"]
CLOSERS: list[str] = _COMMENTS["closers"]
REPLY_OPENERS: list[str] = _COMMENTS["reply_openers"]
REPLY_REMARKS: list[str] = _COMMENTS["reply_remarks"]
AUTHOR_REPLIES: list[str] = _COMMENTS["author_replies"]
SPAM_COMMENTS = [(spam["body"], spam["url"]) for spam in _COMMENTS["spam_comments"]]
REMOVED_COMMENTS: list[str] = _COMMENTS["removed_comments"]
USER_AGENTS: list[str] = _COMMENTS["user_agents"]

MAX_REPLY_DEPTH = 3  # a top-level comment plus up to three levels of replies

# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _render(template: list, rng: random.Random, slots: dict) -> str:
    """One paragraph: pick an alternative for each sentence and fill the slots."""
    sentences = [rng.choice(part) if isinstance(part, tuple) else part for part in template]
    values = dict(slots)
    values["pct"] = rng.randint(12, 46)
    values["count"] = NUMBER_WORDS[rng.randint(3, 12)]
    values.update({_cap(key): _cap(str(value)) for key, value in list(values.items())})
    return " ".join(sentences).format_map(values)


def _topic_slots(topic: str, spec: ArticleSpec, rng: random.Random, primary: bool) -> dict:
    bank = TOPIC_BANKS[topic]
    place = spec.place if primary and spec.place else rng.choice(bank["places"])
    return {
        "subject": spec.subject,
        "place": place,
        "actor": rng.choice(bank["actors"]),
        "person": rng.choice(bank["people"]),
        "year": spec.year or rng.randint(1821, 1912),
    }


def _shorten_repeated_people(body: str) -> str:
    """Introduce each invented person once; later mentions use just the name."""
    for bank in TOPIC_BANKS.values():
        for person in bank["people"]:
            first = body.find(person)
            if first == -1:
                continue
            name = person.split(",", 1)[0]
            head, tail = body[: first + len(person)], body[first + len(person) :]
            body = head + tail.replace(person, name)
    return body


def build_body(spec: ArticleSpec, rng: random.Random) -> str:
    """The Markdown body of one article: lede, extras, bank paragraphs, closing."""
    primary, secondary = spec.topics[0], (spec.topics[1:] or [None])[0]
    slots = {primary: _topic_slots(primary, spec, rng, primary=True)}
    if secondary:
        slots[secondary] = _topic_slots(secondary, spec, rng, primary=False)

    total = rng.randint(5, 9)
    plain_extras = sum(1 for block in spec.extras if not block.startswith(("#", ">", "-")))
    middle = max(2, total - 2 - plain_extras)
    n_secondary = 1 if secondary and middle >= 3 and rng.random() < 0.75 else 0
    n_generic = min(rng.choice([0, 1, 1, 2]), middle - n_secondary - 2)
    n_primary = middle - n_secondary - n_generic

    paragraphs = [
        _render(t, rng, slots[primary])
        for t in rng.sample(TOPIC_BANKS[primary]["paragraphs"], n_primary)
    ]
    inserts = [_render(t, rng, slots[primary]) for t in rng.sample(GENERIC_PARAGRAPHS, n_generic)]
    if n_secondary:
        # The article's subject belongs to its main topic; borrowed paragraphs avoid it.
        candidates = [t for t in TOPIC_BANKS[secondary]["paragraphs"] if "ubject}" not in repr(t)]
        inserts.append(_render(rng.choice(candidates), rng, slots[secondary]))
    for paragraph in inserts:
        paragraphs.insert(rng.randint(1, len(paragraphs)), paragraph)

    closings = TOPIC_BANKS[primary]["closings"] if rng.random() < 0.65 else GENERIC_CLOSINGS
    closing = _render([rng.choice(closings)], rng, slots[primary])

    blocks = [spec.lede]
    if spec.extras:
        # Special blocks (a quotation, a list) read best after the first argument.
        blocks += paragraphs[:1] + spec.extras + paragraphs[1:]
    else:
        blocks += paragraphs
    blocks.append(closing)
    return _shorten_repeated_people("\n\n".join(blocks))


@dataclass
class _Commenter:
    name: str
    email: str
    url: str


def _make_commenters(rng: random.Random) -> list[_Commenter]:
    commenters = []
    for name in COMMENTER_NAMES:
        handle = slugify(name).replace("-", ".")
        domain = rng.choice(["example.org", "example.com"])
        host = re.sub(r"[^a-z0-9]", "", name.lower())
        url = f"https://{host}.{domain}/" if rng.random() < 0.3 else ""
        commenters.append(_Commenter(name=name, email=f"{handle}@{domain}", url=url))
    return commenters


def _first_name(name: str) -> str:
    first = name.split()[0]
    return first if " " in name and not first.endswith(".") else name


def _comment_count(rng: random.Random) -> int:
    roll = rng.random()
    if roll < 0.22:
        return 0
    if roll < 0.25:
        return 1
    if roll < 0.96:
        return rng.randint(2, 12)
    return rng.randint(13, 16)


def _top_level_text(rng: random.Random, topic: str, slots: dict) -> str:
    remarks = TOPIC_REMARKS[topic] if rng.random() < 0.55 else GENERIC_REMARKS
    parts = [rng.choice(OPENERS), rng.choice(remarks)]
    if rng.random() < 0.3:
        parts.append(rng.choice(GENERIC_REMARKS))
    parts.append(rng.choice(CLOSERS))
    text = " ".join(dict.fromkeys(part for part in parts if part))
    return text.format_map(slots)


def _reply_text(rng: random.Random, parent_name: str) -> str:
    values = {"first": _first_name(parent_name)}
    parts = [rng.choice(REPLY_OPENERS), rng.choice(REPLY_REMARKS)]
    if rng.random() < 0.25:
        parts.append(rng.choice(REPLY_REMARKS))
    text = " ".join(dict.fromkeys(part for part in parts if part))
    return text.format_map(values)


def _ip(rng: random.Random) -> str:
    # Documentation address ranges (RFC 5737), never real readers.
    prefix = rng.choice(["192.0.2", "198.51.100", "203.0.113"])
    return f"{prefix}.{rng.randint(1, 254)}"


def _build_comments(
    article: Article,
    spec: ArticleSpec,
    authors: list[Author],
    commenters: list[_Commenter],
    rng: random.Random,
    now: datetime,
) -> list[tuple[Comment, int | None]]:
    """Comments for one article as (comment, index of parent) in chronological order."""
    count = _comment_count(rng)
    if count == 0:
        return []
    span = min(now - article.published_at, timedelta(days=45))
    offsets = sorted(rng.uniform(0.01, 0.97) for _ in range(count))
    slots = {"subject": spec.subject, "place": spec.place or "my town"}
    weights = [4 if i < 6 else 1 for i in range(len(commenters))]

    built: list[tuple[Comment, int | None]] = []
    depths: list[int] = []
    author_replied = False
    for index, offset in enumerate(offsets):
        created = article.published_at + span * offset
        is_last = index == count - 1
        replyable = [
            i
            for i, (c, _) in enumerate(built)
            if c.status == Comment.Status.APPROVED and depths[i] < MAX_REPLY_DEPTH
        ]
        parent_index = None
        if replyable and rng.random() < 0.45:
            # Favour the newest comment so that some threads grow deep.
            parent_index = replyable[-1] if rng.random() < 0.5 else rng.choice(replyable)

        commenter = rng.choices(commenters, weights=weights)[0]
        name, email, url = commenter.name, commenter.email, commenter.url
        status = Comment.Status.APPROVED
        if parent_index is not None:
            parent = built[parent_index][0]
            if not author_replied and rng.random() < 0.15:
                author = authors[0]
                name, email, url = author.name, f"{author.slug}@example.org", ""
                body = rng.choice(AUTHOR_REPLIES).format(first=_first_name(parent.name))
                author_replied = True
            else:
                while commenter.name == parent.name:
                    commenter = rng.choice(commenters)
                name, email, url = commenter.name, commenter.email, commenter.url
                body = _reply_text(rng, parent.name)
        else:
            roll = rng.random()
            if roll < 0.03:
                body, url = rng.choice(SPAM_COMMENTS)
                status = Comment.Status.SPAM
            elif roll < 0.045:
                body = rng.choice(REMOVED_COMMENTS)
                status = Comment.Status.REMOVED
            else:
                body = _top_level_text(rng, spec.topics[0], slots)
        if status == Comment.Status.APPROVED and is_last and rng.random() < 0.3:
            status = Comment.Status.PENDING

        comment = Comment(
            article=article,
            name=name,
            email=email,
            url=url,
            body=body,
            created_at=created,
            status=status,
            ip=_ip(rng),
            user_agent=rng.choice(USER_AGENTS),
        )
        built.append((comment, parent_index))
        depths.append(0 if parent_index is None else depths[parent_index] + 1)
    return built


def _unique_slug(text: str, taken: set[str]) -> str:
    base = slugify(text)[:280] or "article"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def seed_demo_content() -> dict[str, int] | None:
    """Fill an empty archive with demo content; None if any article already exists."""
    rng = random.Random(SEED)
    now = timezone.now().replace(second=0, microsecond=0)

    with transaction.atomic():
        if Article.objects.exists():
            return None

        publications = {
            key: Publication.objects.get_or_create(
                slug=slugify(data["name"]),
                defaults={"name": data["name"], "about": data["about"], "website": data["website"]},
            )[0]
            for key, data in PUBLICATIONS.items()
        }
        authors = {
            key: Author.objects.get_or_create(
                slug=slugify(data["name"]), defaults={"name": data["name"], "bio": data["bio"]}
            )[0]
            for key, data in AUTHORS.items()
        }
        topics = {
            key: Topic.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for key, name in TOPICS.items()
        }

        # Publication dates spread over the last two years, in no particular order.
        dated = [spec for spec in ARTICLE_SPECS if not spec.draft and not spec.scheduled]
        days_ago = [rng.uniform(2, 725) for _ in dated]
        taken: set[str] = set()
        articles: list[tuple[Article, ArticleSpec]] = []
        bylines, topic_links = [], []
        for spec in ARTICLE_SPECS:
            if spec.draft:
                status, published_at = Article.Status.DRAFT, None
            elif spec.scheduled:
                status = Article.Status.PUBLISHED
                published_at = now + timedelta(days=rng.randint(3, 9), hours=rng.randint(0, 8))
            else:
                status = Article.Status.PUBLISHED
                published_at = (now - timedelta(days=days_ago.pop(0))).replace(
                    hour=rng.randint(5, 18),
                    minute=rng.choice([0, 15, 30, 45]),
                    second=0,
                    microsecond=0,
                )
                published_at = min(published_at, now - timedelta(hours=6))
            article = Article(
                title=spec.title,
                slug=_unique_slug(spec.title, taken),
                standfirst=spec.standfirst,
                body=build_body(spec, rng),
                status=status,
                published_at=published_at,
                publication=publications[spec.publication],
                comments_open=spec.comments_open,
            )
            article.save()
            articles.append((article, spec))
            bylines += [
                Byline(article=article, author=authors[key], position=position)
                for position, key in enumerate(spec.authors)
            ]
            topic_links += [
                Article.topics.through(article_id=article.pk, topic_id=topics[key].pk)
                for key in spec.topics
            ]
        Byline.objects.bulk_create(bylines)
        Article.topics.through.objects.bulk_create(topic_links)
        record_first_versions([a.pk for a, _spec in articles], comment="Created by seed_demo")

        commenters = _make_commenters(rng)
        pending: list[tuple[Comment, Comment | None]] = []
        for article, spec in articles:
            if not article.is_live:
                continue
            built = _build_comments(
                article, spec, [authors[key] for key in spec.authors], commenters, rng, now
            )
            pending += [
                (comment, None if parent is None else built[parent][0]) for comment, parent in built
            ]
        # Save in chronological order so ids follow time and every parent exists first.
        pending.sort(key=lambda pair: pair[0].created_at)
        for comment, parent in pending:
            comment.parent = parent
            comment.save()

    return {
        "articles": len(articles),
        "authors": len(authors),
        "publications": len(publications),
        "topics": len(topics),
        "comments": len(pending),
    }
