from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "miftah.tips"
    label = "tips"
    verbose_name = "المعلومات الواردة"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401
