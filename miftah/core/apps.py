"""Site-wide parts shared by every reader page: settings, caching, security headers, template tags."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "miftah.core"
    label = "core"
    verbose_name = "الأساسيات"

    def ready(self):
        from . import signals  # noqa: F401
