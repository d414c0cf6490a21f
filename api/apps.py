from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from licensing.extensions import register_demo_seeder

        from . import auth_cache, checks, demo, page_cache  # noqa: F401 - checks registers the deploy checks

        auth_cache.connect_signals()
        page_cache.connect_signals()

        register_demo_seeder("api.demo", demo.seed, order=40)
