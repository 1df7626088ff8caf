"""The analytics app: its roll-up joins the worker's periodic jobs."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "miftah.analytics"
    label = "analytics"
    verbose_name = gettext_lazy("القراءات")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from miftah.worker.periodic import register

        from .rollup import AnalyticsRollup

        register(AnalyticsRollup())
