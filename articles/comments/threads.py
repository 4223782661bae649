"""Threads: nesting to depth 5, pages of top-level comments, permalinks.

A thread of up to KEPT_THREAD_MAX approved comments is read whole, in one query,
and kept in the process for the content generation (page_cache.kept), and so is
each page of it a poster with pending comments of their own has seen: their
page, which cannot be shared, costs one small query (those comments) once. A
longer thread costs two queries a page whatever its size: the outline (id and
parent of every comment the reader may see, a few bytes a row), then the full
rows of the comments on the page only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404
from django.urls import reverse

from archive import page_cache
from articles.models import Article, Comment

MAX_DEPTH = 5
# Read whole and kept per generation up to this many approved comments (a few
# hundred KB at most); past it, paging in the database beats holding every row.
KEPT_THREAD_MAX = 500


@dataclass(slots=True)
class ShownComment:
    """What the thread shows of a comment: a plain row, no model instance.

    Building 2,000 Comment instances took ~40 ms of a page's time; these take a
    fraction of that. The email, IP and user agent are never even loaded."""

    pk: int
    parent_id: int | None
    name: str
    url: str
    status: str
    created_at: dt.datetime
    body_html: str

    FIELDS = ("pk", "parent_id", "name", "url", "status", "created_at", "body_html")

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def website(self) -> str:
        return Comment.website_of(self.url)


@dataclass(slots=True)
class ThreadNode:
    comment: Comment | ShownComment
    depth: int
    children: list[ThreadNode] = field(default_factory=list)
    # The list this node sits in; replies to a deepest-level comment join it.
    siblings: list[ThreadNode] = field(default_factory=list, repr=False, compare=False)


def build_thread(comments: list[Comment] | list[ShownComment]) -> list[ThreadNode]:
    """Nest comments (oldest first) under their parents, at most MAX_DEPTH deep.

    A reply to a comment that is not shown (removed, or someone else's pending
    comment) is not shown either. A reply to the deepest level attaches at it.
    """
    nodes: dict[int, ThreadNode] = {}
    roots: list[ThreadNode] = []
    for comment in comments:  # oldest first, so a parent is seen before its replies
        if comment.parent_id is None:
            depth, siblings = 1, roots
        else:
            parent = nodes.get(comment.parent_id)
            if parent is None:
                continue
            if parent.depth < MAX_DEPTH:
                depth, siblings = parent.depth + 1, parent.children
            else:
                depth, siblings = parent.depth, parent.siblings
        node = ThreadNode(comment, depth, siblings=siblings)
        siblings.append(node)
        nodes[comment.pk] = node
    return roots


# --- Flat rendering --------------------------------------------------------------------


@dataclass(slots=True)
class ThreadItem:
    """One comment in document order, with what must be opened or closed after
    it: a reply list, or its own <li> plus `closes` enclosing lists.

    A loop over these renders a nested thread in one pass (html.py); a recursive
    {% include %} per comment made 2,000 comments several times slower."""

    comment: ShownComment
    depth: int
    has_replies: bool
    closes: int = 0


def flatten(roots: list[ThreadNode]) -> list[ThreadItem]:
    items: list[ThreadItem] = []

    def walk(nodes: list[ThreadNode]) -> None:
        for node in nodes:
            items.append(ThreadItem(node.comment, node.depth, bool(node.children)))
            if node.children:
                walk(node.children)
                # The last comment inside closes this node's reply list and <li>.
                items[-1].closes += 1

    walk(roots)
    return items


# --- Pages of top-level comments ---------------------------------------------------------


@dataclass
class Outline:
    """Who is shown: each visible comment's top-level ancestor, in thread order."""

    root_of: dict[int, int]
    roots: list[int]

    @classmethod
    def of(cls, article: Article, pending_ids: list[int]) -> Outline:
        return cls.from_rows(
            Comment.objects.for_thread(article, also_ids=pending_ids).values_list("id", "parent_id")
        )

    @classmethod
    def from_rows(cls, rows) -> Outline:
        """From (id, parent id) pairs, oldest first."""
        root_of: dict[int, int] = {}
        roots: list[int] = []
        for pk, parent_id in rows:  # oldest first: parents come before replies
            if parent_id is None:
                root_of[pk] = pk
                roots.append(pk)
            elif parent_id in root_of:  # a reply to a hidden comment is hidden
                root_of[pk] = root_of[parent_id]
        return cls(root_of, roots)

    @property
    def per_page(self) -> int:
        return settings.COMMENTS_PER_PAGE

    @property
    def num_pages(self) -> int:
        return max(1, -(-len(self.roots) // self.per_page))

    def page_of(self, comment_id: int) -> int | None:
        root = self.root_of.get(comment_id)
        if root is None:
            return None
        return self.roots.index(root) // self.per_page + 1


@dataclass
class ThreadPage:
    number: int
    num_pages: int
    comment_count: int  # every comment the reader may see, on all pages
    items: list[ThreadItem]

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def previous_number(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next_number(self) -> int | None:
        return self.number + 1 if self.number < self.num_pages else None

    @property
    def query_prefix(self) -> str:
        """Keeps the page in links that reload it (reply without JavaScript)."""
        return f"cpage={self.number}&" if self.number > 1 else ""


def parse_page_number(value: str | None) -> int:
    """?cpage=N; anything but a positive whole number is a missing page (404)."""
    if value is None:
        return 1
    if not value.isdigit() or int(value) < 1:
        raise Http404("No such page of comments.")
    return int(value)


def _kept_thread(request, article: Article) -> list[ShownComment]:
    """Every approved comment of the piece, oldest first, kept for the generation."""
    return page_cache.kept(
        request,
        f"thread:{article.pk}",
        lambda: [
            ShownComment(*row)
            for row in Comment.objects.for_thread(article).values_list(*ShownComment.FIELDS)
        ],
        size=lambda rows: 256 + sum(320 + len(row.body_html) for row in rows),
    )


def thread_page(
    article: Article, *, pending_ids: list[int], number: int = 1, request=None
) -> ThreadPage:
    if article.comment_count > KEPT_THREAD_MAX:
        return _thread_page_from_database(article, pending_ids=pending_ids, number=number)
    # Kept per page and poster too: a poster's pending comments change only by an
    # edit, a moderation or a deletion, and each of those moves the generation (only
    # a new held comment does not, and it changes the poster's list of ids).
    poster = ",".join(str(pk) for pk in sorted(pending_ids))
    return page_cache.kept(
        request,
        f"thread-page:{article.pk}:{number}:{poster}",
        lambda: _thread_page_from_kept_thread(request, article, pending_ids, number),
        size=lambda page: 512 + 96 * len(page.items),
    )


def _thread_page_from_kept_thread(
    request, article: Article, pending_ids: list[int], number: int
) -> ThreadPage:
    comments = _kept_thread(request, article)
    if pending_ids:
        rows = Comment.objects.filter(
            article=article, pk__in=pending_ids, status=Comment.Status.PENDING
        ).values_list(*ShownComment.FIELDS)
        comments = sorted(
            [*comments, *(ShownComment(*row) for row in rows)],
            key=lambda comment: (comment.created_at, comment.pk),
        )
    outline = Outline.from_rows((comment.pk, comment.parent_id) for comment in comments)
    shown_roots = _shown_roots(outline, number)
    shown = [comment for comment in comments if outline.root_of.get(comment.pk) in shown_roots]
    return _page(outline, number, shown)


def _page(outline: Outline, number: int, shown: list[ShownComment]) -> ThreadPage:
    return ThreadPage(
        number=number,
        num_pages=outline.num_pages,
        comment_count=len(outline.root_of),
        items=flatten(build_thread(shown)),
    )


def _shown_roots(outline: Outline, number: int) -> set[int]:
    if number > outline.num_pages:
        raise Http404("No such page of comments.")
    start = (number - 1) * outline.per_page
    return set(outline.roots[start : start + outline.per_page])


def _thread_page_from_database(
    article: Article, *, pending_ids: list[int], number: int
) -> ThreadPage:
    outline = Outline.of(article, pending_ids)
    shown_roots = _shown_roots(outline, number)
    ids = [pk for pk, root in outline.root_of.items() if root in shown_roots]
    if len(ids) == len(outline.root_of):
        # The whole thread fits on this page: select it by piece, not by a list of
        # ids (an IN list of 2,000 ids cost more than the rows themselves).
        rows = Comment.objects.for_thread(article, also_ids=pending_ids)
    else:
        rows = Comment.objects.filter(pk__in=ids).order_by("created_at", "id")
    rows = rows.values_list(*ShownComment.FIELDS)
    return _page(outline, number, [ShownComment(*row) for row in rows] if ids else [])


def comment_location(comment: Comment, *, pending_ids: list[int]) -> str:
    """Where a comment is seen: its piece, the thread page it is on, its anchor."""
    page = Outline.of(comment.article, pending_ids).page_of(comment.pk)
    if page is None:
        raise Http404("This comment is not shown.")
    url = reverse("articles:detail", kwargs={"slug": comment.article.slug})
    if page > 1:
        url += f"?cpage={page}"
    return f"{url}#{comment.anchor}"
