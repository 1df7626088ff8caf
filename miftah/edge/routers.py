"""Read replica: a reader request (GET/HEAD) reads from the `replica` database until it writes, then stays on the primary
from its first write on; other requests, the worker and commands use the primary only; a browser that wrote stays
on the primary and for MIFTAH_REPLICA_PIN_SECONDS after it (a cookie), so an editor sees
what they just saved even when the replica lags. Migrations run on the primary only (the replica follows it by
PostgreSQL's streaming replication).

Active when DATABASE_REPLICA_URL is set (settings.py adds the router and `ReplicaPinMiddleware`).
"""

from contextvars import ContextVar

from django.conf import settings

_pinned = ContextVar("miftah_primary_pinned", default=True)  # outside a request: the primary
PIN_COOKIE = "miftah_primary"


def pin_to_primary():
    _pinned.set(True)


def pinned():
    return _pinned.get()


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        return "default" if _pinned.get() else "replica"

    def db_for_write(self, model, **hints):
        _pinned.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the two are one database, a little apart in time

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class ReplicaPinMiddleware:
    """Starts each request unpinned (or pinned, if the browser wrote a moment ago) and remembers a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _pinned.set(PIN_COOKIE in request.COOKIES or request.method not in ("GET", "HEAD"))
        try:
            response = self.get_response(request)
            if request.method not in ("GET", "HEAD", "OPTIONS"):
                response.set_cookie(PIN_COOKIE, "1", max_age=settings.MIFTAH_REPLICA_PIN_SECONDS, httponly=True,
                                    samesite="Lax", secure=request.is_secure())
            return response
        finally:
            _pinned.reset(token)
