"""URL map: the Wagtail admin, documents, search, feeds and sitemaps, then every page Wagtail serves."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from miftah.core import csp_reports
from miftah.core import views as core_views
from miftah.edge import views as edge_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", edge_views.readyz, name="readyz"),
    path(settings.MIFTAH_CSP_REPORT_URL.strip("/") + "/", csp_reports.receive, name="csp_report"),
    path("", include("miftah.tips.urls")),
    path("", include("miftah.analytics.urls")),
    # Media files are served by the app in the embedded setup; put a CDN or the web server in front when scaling out.
    # Never documents/: those are served by Wagtail's view, which checks private collections.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", core_views.media_file),
]
# Editions (docs/editions.md): what readers browse, per edition — Arabic at its current address, English under /en/.
urlpatterns += i18n_patterns(
    path("", include("miftah.search.urls")),
    path("", include("miftah.syndication.urls")),
    path("", include("miftah.dossiers.urls")),
    path("", include("miftah.live.urls")),
    path("", include("miftah.newsletters.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "miftah.core.views.page_not_found"
handler500 = "miftah.core.views.server_error"
