from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "miftah.dossiers"
    label = "dossiers"
    verbose_name = gettext_lazy("الملفات")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
