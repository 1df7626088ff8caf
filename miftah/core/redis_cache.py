"""Django's Redis cache, made to keep the site serving when Redis is unreachable.

Everything that uses the cache (the page cache and its generation, Wagtail's site root paths, the search page's
dossier list) treats it as an optimisation. With Django's own backend a Redis that is down or unreachable turns
every request into a 500. Here a connection error or timeout makes the cache behave as an empty cache that stores
nothing: reads return the default, writes are dropped. After a failure Redis is left alone for `RETRY_SECONDS` (so
a request does not wait on a dead server several times over), and the warning is logged at most once every
`WARN_EVERY_SECONDS` per process, not once per request.

`redis_status()` asks Redis directly (bypassing the pause) for /healthz and the start-up system check.

What Redis missed while it was away (a cache-tag retirement that could not be written, so a copy stored before the
outage would look current when Redis comes back with its data) is made up by the functions registered with
`on_reconnect(hook)`: after an outage, the first call that reaches Redis again runs every hook first (under a lock,
once per process), and nothing read from Redis is used before they succeed (miftah.core.cache registers the page
cache's; docs/deploy.md, "Redis outages").
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger("miftah.cache")

RETRY_SECONDS = 5
WARN_EVERY_SECONDS = 60


class _Outage:
    """When Redis last failed, per process: while paused, calls do not even try."""

    lock = threading.Lock()
    paused_until = 0.0
    last_warning = 0.0
    down = False  # an outage was seen and the reconnect hooks have not run since
    hooks = []
    hooks_lock = threading.Lock()

    @classmethod
    def paused(cls):
        return time.monotonic() < cls.paused_until

    @classmethod
    def record(cls, error):
        now = time.monotonic()
        with cls.lock:
            cls.paused_until = now + RETRY_SECONDS
            cls.down = True
            warn = now - cls.last_warning >= WARN_EVERY_SECONDS or cls.last_warning == 0.0
            if warn:
                cls.last_warning = now
        if warn:
            logger.warning("Redis cache unreachable (%s); serving without the cache, retrying every %d s",
                           error, RETRY_SECONDS)

    @classmethod
    def reconnect(cls):
        """Run the reconnect hooks if an outage was seen; their connection errors propagate (still down)."""
        with cls.hooks_lock:
            if not cls.down:
                return
            for hook in cls.hooks:
                hook()
            cls.down = False
        logger.warning("Redis cache reachable again: %d reconnect step(s) done before trusting it", len(cls.hooks))

    @classmethod
    def reset(cls):
        with cls.lock:
            cls.paused_until = cls.last_warning = 0.0
            cls.down = False


def on_reconnect(hook):
    """Register `hook()` to run once after each Redis outage, before anything read from Redis is used again. It talks
    to Redis directly (not through the tolerant client) and raises on a connection error. Returns `hook`."""
    if hook not in _Outage.hooks:
        _Outage.hooks.append(hook)
    return hook


def _tolerant(fallback):
    """Run a cache client call; on a Redis connection error return `fallback(*args)` instead of raising."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if _Outage.paused():
                return fallback(*args)
            if _Outage.down:
                try:
                    _Outage.reconnect()
                except Exception as error:  # noqa: BLE001 - until the reconnect steps succeed, Redis is not trusted
                    _Outage.record(error)
                    return fallback(*args)
            try:
                return method(self, *args, **kwargs)
            except (self._lib.ConnectionError, self._lib.TimeoutError) as error:
                _Outage.record(error)
                return fallback(*args)

        return wrapper

    return decorate


class TolerantRedisCacheClient(RedisCacheClient):
    add = _tolerant(lambda key, value, timeout: True)(RedisCacheClient.add)  # an empty cache: the key was not there
    get = _tolerant(lambda key, default: default)(RedisCacheClient.get)
    set = _tolerant(lambda key, value, timeout: None)(RedisCacheClient.set)
    touch = _tolerant(lambda key, timeout: False)(RedisCacheClient.touch)
    delete = _tolerant(lambda key: False)(RedisCacheClient.delete)
    get_many = _tolerant(lambda keys: {})(RedisCacheClient.get_many)
    has_key = _tolerant(lambda key: False)(RedisCacheClient.has_key)
    incr = _tolerant(lambda key, delta: delta)(RedisCacheClient.incr)
    set_many = _tolerant(lambda data, timeout: None)(RedisCacheClient.set_many)
    delete_many = _tolerant(lambda keys: None)(RedisCacheClient.delete_many)
    clear = _tolerant(lambda: False)(RedisCacheClient.clear)


class TolerantRedisCache(RedisCache):
    """settings.CACHES backend for REDIS_URL: Django's RedisCache with TolerantRedisCacheClient."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = TolerantRedisCacheClient


def redis_status(alias="default"):
    """("ok", ""), ("down", why) or (None, "") when this cache is not Redis."""
    from django.core.cache import caches

    backend = caches[alias]
    if not isinstance(backend, RedisCache):
        return None, ""
    try:
        backend._cache.get_client(write=True).ping()
    except Exception as error:  # noqa: BLE001 - any failure to answer is "down", and says why
        return "down", str(error)
    return "ok", ""


def check_redis_reachable(app_configs=None, **kwargs):
    """System check (run by `miftah run`, `migrate`, `check`): warn at start-up when the configured Redis is down."""
    from django.core.checks import Warning

    status, why = redis_status()
    if status != "down":
        return []
    return [Warning(
        f"Redis (REDIS_URL) does not answer: {why}",
        hint="The site serves without its page cache until Redis is back; /healthz says 'degraded'.",
        id="miftah.W001",
    )]
