"""The newsroom's content: home, sections, articles, authors, tags, related articles."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "miftah.news"
    label = "news"
    verbose_name = gettext_lazy("الأخبار")

    def ready(self):
        from . import signals  # noqa: F401
