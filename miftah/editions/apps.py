"""Editions: the Arabic edition at / and its translations (English under /en/), built on Wagtail's i18n."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy


class EditionsConfig(AppConfig):
    name = "miftah.editions"
    label = "editions"
    verbose_name = gettext_lazy("الطبعات")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from .languages import forget_locales

        post_save.connect(forget_locales, sender=Locale, dispatch_uid="miftah.editions.forget_locales_saved")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="miftah.editions.forget_locales_deleted")
