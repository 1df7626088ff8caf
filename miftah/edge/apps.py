"""The edge app: connects the proxy purge to the cache-tag announcements."""

from django.apps import AppConfig


class EdgeConfig(AppConfig):
    name = "miftah.edge"
    label = "edge"
    verbose_name = "Edge (proxy, CDN, storage)"

    def ready(self):
        from . import purge  # noqa: F401 - connects the cache_tags_retired receiver
