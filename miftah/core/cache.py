"""Full-page cache for anonymous readers, and the Cache-Control header every reader page sends.

Reader views opt in with `mark_cacheable(request)`. The cache key carries a *generation*: publishing, unpublishing,
moving or deleting any page (or changing site settings) bumps it, which retires every cached page at once. Every
reader page shows the latest-news ticker, so any publish changes every page anyway; one counter is both correct and
cheap. With Redis the generation lives in Redis; with the in-process cache it is the mtime of a file in the data
folder, so a management command in another process (an import, `miftah demo`) invalidates the server's cache too.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers

from .cache_tags import TAGS_HEADER, tags_header_value, tags_of

GENERATION_KEY = "miftah:pagecache:generation"
CACHEABLE_ATTR = "_miftah_cacheable"


def mark_cacheable(request):
    setattr(request, CACHEABLE_ATTR, True)


def _generation_file():
    return settings.DATA_DIR / "cache-generation"


def _uses_shared_cache():
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def current_generation():
    if _uses_shared_cache():
        return cache.get_or_set(GENERATION_KEY, 1, timeout=None)
    try:
        return _generation_file().stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def bump_generation():
    if _uses_shared_cache():
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, int(time.time()), timeout=None)
        return
    path = _generation_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    now = time.time_ns()
    # Make sure the mtime really moves even when two bumps land within the filesystem's timestamp resolution.
    previous = path.stat().st_mtime_ns if path.exists() else 0
    path.touch()
    if path.stat().st_mtime_ns <= previous:
        import os

        os.utime(path, ns=(now, max(now, previous + 1)))


def _cache_key(request, generation):
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"miftah:page:{generation}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _is_anonymous_request(request):
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and request.method in ("GET", "HEAD")


def add_reader_cache_headers(response):
    patch_cache_control(
        response,
        public=True,
        max_age=0,
        s_maxage=settings.MIFTAH_S_MAXAGE,
        stale_while_revalidate=settings.MIFTAH_STALE_WHILE_REVALIDATE,
    )
    patch_vary_headers(response, ["Cookie"])


class PageCacheMiddleware:
    """Serves and stores anonymous reader pages; placed before the session middleware so a hit costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        enabled = settings.MIFTAH_PAGE_CACHE and _is_anonymous_request(request)
        key = None
        if enabled:
            key = _cache_key(request, current_generation())
            cached = cache.get(key)
            if cached is not None:
                cached["X-Miftah-Cache"] = "hit"
                return cached
        response = self.get_response(request)
        if getattr(request, CACHEABLE_ATTR, False) and response.status_code == 200:
            user = getattr(request, "user", None)
            anonymous = user is None or not user.is_authenticated
            if anonymous:
                add_reader_cache_headers(response)
                response[TAGS_HEADER] = tags_header_value(tags_of(request))
            else:
                patch_cache_control(response, private=True, no_cache=True)
            # A page whose rendering used a CSP nonce is never stored: the nonce would be replayed to every reader.
            used_nonce = getattr(request, "_csp_nonce", None) is not None
            if enabled and anonymous and not response.cookies and not response.streaming and not used_nonce:
                response["X-Miftah-Cache"] = "miss"
                cache.set(key, response, settings.MIFTAH_PAGE_CACHE_SECONDS)
        return response
