from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "miftah.live"
    label = "live"
    verbose_name = gettext_lazy("التغطية المباشرة")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import caching  # noqa: F401  (connects the page-cache bridge to cache_tags_retired)
