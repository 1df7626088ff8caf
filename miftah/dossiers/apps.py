from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "miftah.dossiers"
    label = "dossiers"
    verbose_name = "الملفات"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals  # noqa: F401
