"""The newsroom's content: home, sections, articles, authors, tags, related articles."""

from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "miftah.news"
    label = "news"
    verbose_name = "الأخبار"

    def ready(self):
        from . import signals  # noqa: F401
