"""Edit history: old permalinks and the field-by-field diff between versions.

Versions themselves are django-reversion's (registered in admin.py through
``VersionAdmin``). This module keeps what reversion does not: an article's
old slugs, so a link to ``/articles/<old-slug>/`` still reaches it (301).

The slug is remembered in a ``pre_save`` receiver rather than in a service
because every path that changes a slug must keep the old one, including
reversion's restore, which saves rows directly ("raw") and calls no service.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, ArticleQuerySet, ArticleSlugHistory


@receiver(pre_save, sender=Article, dispatch_uid="articles.history.remember_old_slug")
def remember_old_slug(sender, instance: Article, **kwargs) -> None:
    # Not ``_state.adding``: a restored version is a fresh instance with a pk.
    if instance.pk is None:
        return
    old = Article.objects.filter(pk=instance.pk).values_list("slug", flat=True).first()
    if old is None or old == instance.slug:
        return
    # The new slug may be one this or another piece used before: it is live now.
    ArticleSlugHistory.objects.filter(slug=instance.slug).delete()
    ArticleSlugHistory.objects.update_or_create(
        slug=old, defaults={"article_id": instance.pk, "changed_at": timezone.now()}
    )


def redirect_target(slug: str, visible: ArticleQuerySet) -> Article | None:
    """The piece that used to live at ``slug``, if the reader may see it."""
    entry = ArticleSlugHistory.objects.filter(slug=slug).values_list("article_id", flat=True)
    return visible.filter(pk__in=entry).only("slug").first()


@dataclass
class FieldDiff:
    name: str
    label: str
    html: str  # escaped, with <del>/<ins> marks


def diff_versions(old: dict, new: dict, labels: dict[str, str]) -> list[FieldDiff]:
    """What changed between two versions' field dicts, word by word, ready to show."""
    changes = []
    for name, label in labels.items():
        before, after = _as_text(old.get(name)), _as_text(new.get(name))
        if before != after:
            changes.append(FieldDiff(name, label, _word_diff(before, after)))
    return changes


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _word_diff(before: str, after: str) -> str:
    """Word by word, whitespace kept (the page shows it with pre-wrap)."""
    a, b = TOKENS.findall(before), TOKENS.findall(after)
    out = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            out.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return "".join(out)


TOKENS = re.compile(r"\S+|\s+")
