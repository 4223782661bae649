from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive import outage, page_cache
        from articles import history  # noqa: F401  (connects the slug-history receiver)
        from articles.comments import antispam

        page_cache.register_hole("comment-token", antispam.token_input)
        # The 503 page gives back a comment's typed text when the database is down.
        outage.register_kept_form(
            "articles:post_comment",
            template="includes/comment_form_kept.html",
            fields=("body", "name", "email", "url", "remember", "notify", "parent", "token"),
        )
