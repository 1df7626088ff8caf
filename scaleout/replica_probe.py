"""Run inside Miftah configured with DATABASE_URL (primary) and DATABASE_REPLICA_URL (a second database standing
in for the replica, deliberately out of date): prints, as JSON, which database each read of a request used."""

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "miftah.settings")
import django  # noqa: E402

django.setup()

from django.test import RequestFactory  # noqa: E402
from wagtail.models import Page  # noqa: E402

from miftah.edge.routers import PIN_COOKIE, ReplicaPinMiddleware  # noqa: E402


def root_title():
    page = Page.objects.get(depth=1)
    return page._state.db, page.title


def main():
    Page.objects.filter(depth=1).update(title="written on the primary")  # outside a request: the primary
    factory = RequestFactory()
    seen = {}

    def reader(request):
        seen["reader"] = root_title()
        return _Response()

    def editor(request):
        seen["editor_before"] = root_title()
        Page.objects.filter(depth=1).update(title="written on the primary again")
        seen["editor_after"] = root_title()
        return _Response()

    def reader_that_writes(request):
        seen["get_before_write"] = root_title()
        Page.objects.filter(depth=1).update(title="a write during a GET")
        seen["get_after_write"] = root_title()
        return _Response()

    ReplicaPinMiddleware(reader)(factory.get("/"))
    response = ReplicaPinMiddleware(editor)(factory.post("/admin/pages/3/edit/"))
    seen["pin_cookie"] = {"set": PIN_COOKIE in response.cookies,
                          "max_age": response.cookies[PIN_COOKIE]["max-age"] if PIN_COOKIE in response.cookies else 0}
    ReplicaPinMiddleware(reader_that_writes)(factory.get("/"))
    request = factory.get("/admin/")
    request.COOKIES[PIN_COOKIE] = "1"
    ReplicaPinMiddleware(lambda r: seen.__setitem__("after_write_with_cookie", root_title()) or _Response())(request)
    seen["outside_a_request"] = root_title()
    print(json.dumps(seen))


class _Response(dict):
    """The least a middleware needs from a response (cookies), without rendering anything."""

    def __init__(self):
        super().__init__()
        from http.cookies import SimpleCookie

        self.cookies = SimpleCookie()

    def set_cookie(self, key, value, max_age=None, **kwargs):
        self.cookies[key] = value
        self.cookies[key]["max-age"] = max_age


if __name__ == "__main__":
    main()
