"""A fixed-window counter in the cache, for the rate limits of the anonymous endpoints (tip line, CSP reports)."""

from django.core.cache import cache


def hit(key: str, window_seconds: int) -> int:
    """Count one more request under `key` in its window; the count so far, this one included."""
    cache.add(key, 0, window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the entry expired (or was evicted) between add and incr
        cache.set(key, 1, window_seconds)
        return 1
