"""`/readyz`: is this app server fully ready? The database(s), the cache and media storage must answer (503 naming
the part that does not): for deploys and monitoring. `/healthz` (miftah.core.views) stays the liveness probe, and is
what the proxy health-checks: the site serves without Redis, so a Redis outage must not take every backend out."""

from django.core.files.storage import default_storage
from django.db import connections
from django.http import JsonResponse

from miftah.core.redis_cache import redis_status


def _database():
    for alias in connections:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def _cache():
    # The tolerant Redis cache hides a dead Redis from the site (it serves without it); readiness asks Redis itself.
    state, why = redis_status()
    if state == "down":
        raise ConnectionError(why)


def _storage():
    default_storage.exists("readyz-probe")


CHECKS = {"database": _database, "cache": _cache, "storage": _storage}


def readyz(request):
    parts = {}
    for name, check in CHECKS.items():
        try:
            check()
            parts[name] = "ok"
        except Exception as error:  # noqa: BLE001 - any failure means "not ready", named in the answer
            parts[name] = f"down: {type(error).__name__}"
    ready = all(value == "ok" for value in parts.values())
    response = JsonResponse({"status": "ok" if ready else "down", **parts}, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response
