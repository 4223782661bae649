"""A first version in the edit history of every piece, however it was made.

django-reversion records a version when the admin saves. Pieces made in bulk
(seed_demo, imports) or changed by a bulk admin action never pass through
that save, so their first admin edit used to be the first version and the
original text could not be restored. ``record_first_versions`` writes a
version of each piece that has none, as it is stored now, in a fixed number
of queries whatever the number of pieces.

Each piece gets its own revision: reverting a version reverts its whole
revision, which must not carry other pieces with it.
"""

from __future__ import annotations

from collections.abc import Iterable

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.db.models import Prefetch
from django.utils import timezone
from reversion.models import Revision, Version

from articles.models import Article, Byline


def record_first_versions(
    article_ids: Iterable[int], *, comment: str | dict[int, str], user=None
) -> int:
    """Version each of these pieces that has no version yet; returns how many.

    ``comment`` says where the piece came from, for all or per piece id.
    """
    ids = list(dict.fromkeys(article_ids))
    if not ids or not reversion.is_registered(Article):
        return 0
    article_type = ContentType.objects.get_for_model(Article)
    versioned = set(
        Version.objects.filter(
            content_type=article_type, object_id__in=[str(pk) for pk in ids]
        ).values_list("object_id", flat=True)
    )
    missing = [pk for pk in ids if str(pk) not in versioned]
    if not missing:
        return 0
    articles = list(
        Article.objects.filter(pk__in=missing)
        .order_by("pk")
        .prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("author").order_by("pk")),
            "topics",
        )
    )
    now = timezone.now()
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                date_created=now,
                user=user,
                comment=comment if isinstance(comment, str) else comment.get(a.pk, ""),
            )
            for a in articles
        ]
    )
    follow_bylines = reversion.is_registered(Byline)
    byline_type = ContentType.objects.get_for_model(Byline) if follow_bylines else None
    versions = []
    for revision, article in zip(revisions, articles, strict=True):
        versions.append(_version(article, revision, article_type))
        if follow_bylines:
            versions += [_version(b, revision, byline_type) for b in article.bylines.all()]
    Version.objects.bulk_create(versions)
    return len(articles)


def _version(obj, revision: Revision, content_type: ContentType) -> Version:
    options = reversion.revisions._get_options(type(obj))
    return Version(
        revision=revision,
        content_type=content_type,
        object_id=str(obj.pk),
        db="default",
        format=options.format,
        serialized_data=serializers.serialize(
            options.format,
            (obj,),
            fields=options.fields,
            use_natural_foreign_keys=options.use_natural_foreign_keys,
        ),
        object_repr=str(obj),
    )
