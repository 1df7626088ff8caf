"""Arabic error pages and the health check."""

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request, exception=None):
    return HttpResponse(loader.render_to_string("404.html", {"request_path": request.path}, request), status=404)


def server_error(request):
    # Rendered without context processors: the database may be what failed.
    return HttpResponseServerError(loader.get_template("500.html").render({}))
