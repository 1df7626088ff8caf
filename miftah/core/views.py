"""Arabic error pages, the health check, and media files served by the app."""

from django.utils.translation import gettext
import posixpath

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import cache_control
from django.views.static import serve

from .redis_cache import redis_status

# Folders of MEDIA_ROOT never served as public media: documents go through Wagtail's view, which checks the
# collection's privacy (WAGTAILDOCS_SERVE_METHOD = "serve_view").
PRIVATE_MEDIA_FOLDERS = ("documents",)


def healthz(request):
    """200 "ok" when everything answers; 200 "degraded" (naming the part) when only the cache is down; 503 without
    a database. JSON: {"status": …, "database": "ok", "cache": "ok" | "down" | "local"}."""
    parts = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        parts["database"] = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database does not answer
        parts["database"] = "down"
    cache_state, _ = redis_status()
    parts["cache"] = cache_state or "local"
    if parts["database"] == "down":
        status, code = "down", 503
    elif "down" in parts.values():
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    response = JsonResponse({"status": status, **parts}, status=code)
    response["Cache-Control"] = "no-store"
    return response


@cache_control(public=True, max_age=86400)
def media_file(request, path):
    """A file under MEDIA_ROOT (the embedded setup; a CDN or web server can take over when scaling out)."""
    first = posixpath.normpath(path).lstrip("/").split("/", 1)[0]
    if first in PRIVATE_MEDIA_FOLDERS:
        raise Http404(gettext("هذا الملف لا يُنزَّل من هنا"))
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def page_not_found(request, exception=None):
    return HttpResponse(loader.render_to_string("404.html", {"request_path": request.path}, request), status=404)


def server_error(request):
    # Rendered without context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
