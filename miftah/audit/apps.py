"""The audit app: connects the login and permission signals to Wagtail's audit log."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "miftah.audit"
    label = "audit"
    verbose_name = gettext_lazy("سجل الأمان")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
