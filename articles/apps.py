from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive import outage, page_cache
        from articles import history  # noqa: F401  (connects the slug-history receiver)
        from articles.comments import antispam, cookies
        from articles.search import checks  # noqa: F401  (registers the impact-lists check)

        page_cache.register_hole("comment-token", antispam.token_input)
        # What the page cache must know of this app: when a scheduled piece goes live,
        # and which of its cookies make a page the visitor's own.
        page_cache.register_schedule(next_piece_goes_live)
        page_cache.register_own_page_cookie(
            cookies.PENDING_COOKIE, lambda request: bool(cookies.pending_ids_from(request))
        )
        page_cache.register_own_page_cookie(
            cookies.REMEMBER_COOKIE, lambda request: bool(cookies.remembered_commenter(request))
        )
        # The 503 page gives back a comment's typed text when the database is down.
        outage.register_kept_form(
            "articles:post_comment",
            template="includes/comment_form_kept.html",
            fields=("body", "name", "email", "url", "remember", "notify", "parent", "token"),
        )


def next_piece_goes_live() -> float:
    """When the next scheduled piece goes live (epoch seconds), 0 if none is scheduled."""
    from django.utils import timezone

    from articles.models import Article

    when = (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return when.timestamp() if when else 0
