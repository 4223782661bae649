from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Only for its management commands: seed_demo and the bench_* benchmarks."""

    name = "devtools"
    verbose_name = "Development tools"
