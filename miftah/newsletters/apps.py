"""The newsletters app: its periodic job joins the worker's, and the ESP webhook receiver is connected."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    name = "miftah.newsletters"
    label = "newsletters"
    verbose_name = gettext_lazy("النشرات البريدية")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from miftah.worker.periodic import register

        from . import signals, webhooks  # noqa: F401 - connect the box's retirement and anymail's tracking signal
        from .periodic import SendNewsletters

        register(SendNewsletters())
