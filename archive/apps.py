from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    """The project package as an app, only to hook project-wide signals at startup."""

    name = "archive"
    verbose_name = "Archive (project)"

    def ready(self) -> None:
        from archive import page_cache

        # Every process that writes (web workers, management commands, the shell)
        # must invalidate cached pages, so the hooks live here, not in a middleware.
        page_cache.connect_signals()
