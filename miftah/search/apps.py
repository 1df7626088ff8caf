"""The search app: Arabic-aware Wagtail search backends, the site search page, autocomplete and related articles."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "miftah.search"
    label = "miftah_search"
    verbose_name = gettext_lazy("البحث")

    def ready(self):
        # Names of the dossiers' starter list are protected from stemming before anything is indexed or searched,
        # so every process analyses text the same way.
        from .text import ensure_protected_names

        ensure_protected_names()

        # Search per edition: the cached table of locales is read again when a locale changes.
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Locale

        from .editions import forget_locales

        post_save.connect(forget_locales, sender=Locale, dispatch_uid="miftah_search_forget_locales_saved")
        post_delete.connect(forget_locales, sender=Locale, dispatch_uid="miftah_search_forget_locales_deleted")
