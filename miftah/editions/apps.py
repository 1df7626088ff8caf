"""Editions: the Arabic edition at / and its translations (English under /en/), built on Wagtail's i18n."""

from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "miftah.editions"
    label = "editions"
    verbose_name = "الطبعات"
