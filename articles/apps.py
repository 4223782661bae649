from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from archive import page_cache
        from articles import history  # noqa: F401  (connects the slug-history receiver)
        from articles.comments import antispam

        page_cache.register_hole("comment-token", antispam.token_input)
