"""The backup app: management commands and a system check of the backup settings; no models."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class BackupConfig(AppConfig):
    name = "miftah.backup"
    label = "backup"
    verbose_name = gettext_lazy("النسخ الاحتياطية")

    def ready(self):
        from . import checks  # noqa: F401
