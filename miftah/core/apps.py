"""Site-wide parts shared by every reader page: settings, caching, security headers, template tags."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "miftah.core"
    label = "core"
    verbose_name = gettext_lazy("الأساسيات")

    def ready(self):
        from django.core.checks import register
        from django.urls import register_converter

        from . import reference_index, signals, wagtail_csp  # noqa: F401
        from .converters import DatabaseIdConverter
        from .redis_cache import check_redis_reachable
        from .site_address import sync_after_migrate

        # After every `migrate` the Wagtail Site takes the configured base URL's hostname and port.
        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="miftah.core.sync_site_address")
        register(check_redis_reachable)
        register_converter(DatabaseIdConverter, "dbid")
        wagtail_csp.install()  # a CSP nonce on Wagtail's chooser scripts
        reference_index.install()  # Wagtail's reference-index task, tolerant of rows replaced before it runs
