from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class TipsConfig(AppConfig):
    name = "miftah.tips"
    label = "tips"
    verbose_name = gettext_lazy("المعلومات الواردة")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401
