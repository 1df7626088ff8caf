"""Full-page cache for anonymous readers, retired tag by tag, and the Cache-Control header every reader page sends.

Reader views opt in with `mark_cacheable(request)` and say what they show with `cache_tags.tag_response`. A stored
page remembers its tags and the *retirement sequence number* read before it was rendered; it is current while none
of its tags has been retired since (`TagRegistry.state`). A publish retires only the article's tags (its listings,
sections, home, tags, authors, dossiers, feeds, sitemaps, the ticker), so an unrelated article's copy stays.

The latest-news ticker, shown on every page, is not part of the stored page: pages are stored with a marker where it
goes, and the current ticker (itself a cached fragment tagged `ticker`, with a short life) is spliced in when served.

Where the retirements live:

- in-process cache (the default): pages in a bounded in-process LRU (`LocalStore`, MIFTAH_PAGE_CACHE_MAX_ENTRIES and
  MIFTAH_PAGE_CACHE_MAX_BYTES); retirements in an append-only log in the data folder (`FileTagRegistry`), read
  incrementally by every process (one `stat` per request when nothing changed), so a publish in the admin's process,
  an import or the worker retires the copies of every server process;
- Redis (REDIS_URL): pages in Redis, retirements as per-tag sequence numbers in Redis (`RedisTagRegistry`).

No stampede: on a miss one request renders (`Flights`: per process, or across processes with Redis) while the others
are served the previous copy when it merely expired (stale-while-revalidate, for MIFTAH_PAGE_CACHE_STALE_SECONDS), or
wait for the new copy when it was retired by a publish (so nobody reads an article list older than the last publish
that returned). A render that fails (5xx) serves the previous copy unless it was taken down (a *hard* retirement:
takedown, deletion, move), which no request serves again.
"""

import fcntl
import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from .cache_tags import SITE_TAG, TAGS_HEADER, TICKER_TAG, announce_retired, cache_tags_retired, tags_header_value, \
    tags_of
from .redis_cache import on_reconnect

logger = logging.getLogger("miftah.cache")

CACHEABLE_ATTR = "_miftah_cacheable"
SPLICE_ATTR = "_miftah_splice_ticker"  # set by the middleware: the ticker tag writes TICKER_MARKER instead
SPLICED_ATTR = "_miftah_ticker_spliced"  # set by the ticker tag when it wrote the marker
TICKER_MARKER = "<!--miftah:ticker-->"
LOG_MAX_BYTES = 4 * 1024 * 1024  # the retirement log starts afresh (retiring everything once) past this size

FRESH, EXPIRED, RETIRED, GONE = "fresh", "expired", "retired", "gone"


def mark_cacheable(request):
    setattr(request, CACHEABLE_ATTR, True)


# --- what is stored -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A stored response: body without the ticker, headers, the tags it shows and the sequence read before render."""

    status: int
    headers: tuple
    body: bytes
    tags: frozenset
    seq: int
    stored_at: float
    life: int
    spliced: bool = False

    @property
    def size(self):
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 64 * len(self.tags) + 256

    def state(self, registry, now):
        """FRESH, EXPIRED (past its life, servable while one request renders), RETIRED (a tag retired since; servable
        only if rendering fails), GONE (hard-retired or too old: never served)."""
        age = now - self.stored_at
        if age > self.life + settings.MIFTAH_PAGE_CACHE_STALE_SECONDS:
            return GONE
        retired = registry.state(self.tags, self.seq)
        if retired != FRESH:
            return retired
        return EXPIRED if age > self.life else FRESH


class LocalStore:
    """An in-process LRU of entries bounded by count and by bytes (the least recently served go first)."""

    def __init__(self, max_entries, max_bytes):
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self.entries = OrderedDict()
        self.bytes = 0
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def set(self, key, entry):
        if entry.size > self.max_bytes:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.bytes -= old.size
            self.entries[key] = entry
            self.bytes += entry.size
            while len(self.entries) > self.max_entries or self.bytes > self.max_bytes:
                _, evicted = self.entries.popitem(last=False)
                self.bytes -= evicted.size

    def delete(self, key):
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.bytes -= old.size

    def clear(self):
        with self.lock:
            self.entries.clear()
            self.bytes = 0


class SharedStore:
    """Entries in the project's (Redis) cache, kept for their life plus the stale window."""

    def get(self, key):
        return cache.get(key)

    def set(self, key, entry):
        cache.set(key, entry, settings.MIFTAH_PAGE_CACHE_SECONDS + settings.MIFTAH_PAGE_CACHE_STALE_SECONDS)

    def delete(self, key):
        cache.delete(key)

    def clear(self):
        pass


# --- where retirements live ------------------------------------------------------------------------------------


@dataclass
class FileTagRegistry:
    """Retirements as lines `<h|s> tag tag …` appended to a log in the data folder, shared by every process.

    Each process reads the log incrementally and numbers the lines it has read: a tag's value is the number of the
    last line that retired it, and the current sequence is the number of lines read. Writers take an exclusive lock,
    so a line is never torn and the log is started afresh safely (its first line then retires everything, hard).
    """

    path: object
    seq: int = 0
    offset: int = 0
    inode: int = None
    retired: dict = field(default_factory=dict)
    hard: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sync(self):
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return
        if stat.st_ino == self.inode and stat.st_size == self.offset:
            return
        with self.lock:
            if stat.st_ino != self.inode or stat.st_size < self.offset:  # started afresh
                self.inode, self.offset = stat.st_ino, 0
            try:
                with open(self.path, "rb") as log:
                    log.seek(self.offset)
                    data = log.read()
            except FileNotFoundError:
                return
            end = data.rfind(b"\n") + 1  # a line still being written is read next time
            for line in data[:end].decode().splitlines():
                kind, *tags = line.split()
                self.seq += 1
                if SITE_TAG in tags:  # everything is retired: forget the other tags
                    self.retired = {t: v for t, v in self.retired.items() if t == SITE_TAG}
                    self.hard = {t: v for t, v in self.hard.items() if t == SITE_TAG}
                for tag in tags:
                    self.retired[tag] = self.seq
                    if kind == "h":
                        self.hard[tag] = self.seq
            self.offset += end

    def current(self):
        self.sync()
        return self.seq

    def state(self, tags, seq):
        if any(self.hard.get(t, 0) > seq for t in tags):
            return GONE
        return RETIRED if any(self.retired.get(t, 0) > seq for t in tags) else FRESH

    def retire(self, tags, hard=False):
        line = ("h " if hard else "s ") + " ".join(sorted(tags)) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                if self.path.exists() and self.path.stat().st_size > LOG_MAX_BYTES:
                    fresh = self.path.with_suffix(".new")
                    fresh.write_text(f"h {SITE_TAG}\n")
                    os.replace(fresh, self.path)
                with open(self.path, "a") as log:
                    log.write(line)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
        self.sync()


@dataclass
class PendingRetirements:
    """Retirements Redis did not get because it was unreachable: lines `<h|s> tag tag …` (as in FileTagRegistry) in
    a file of the data folder, shared by the processes of this machine (the request or command that published may be
    gone when Redis returns), replayed into Redis and emptied by the first process that reaches Redis again."""

    path: object

    def waiting(self):
        try:
            return os.stat(self.path).st_size > 0
        except FileNotFoundError:
            return False

    def add(self, tags, hard):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a") as journal:
            fcntl.flock(journal, fcntl.LOCK_EX)
            journal.write(("h " if hard else "s ") + " ".join(sorted(tags)) + "\n")

    def replay(self, retire):
        """`retire(tags, hard)` for each line, in order, then empty the file; a failure leaves it whole (retiring a
        tag twice is harmless). Other processes wait on the lock, so none reads Redis before the replay is done."""
        try:
            journal = open(self.path, "r+")
        except FileNotFoundError:
            return 0
        with journal:
            fcntl.flock(journal, fcntl.LOCK_EX)
            lines = journal.read().splitlines()
            for line in lines:
                kind, *tags = line.split()
                retire(frozenset(tags), hard=kind == "h")
            journal.truncate(0)
        if lines:
            logger.warning("replayed %d cache-tag retirement(s) that Redis missed", len(lines))
        return len(lines)


class RedisTagRegistry:
    """Retirements in Redis: a global sequence and, per tag, the sequence of its last (hard) retirement.

    A retirement Redis cannot take (it is down) goes to `PendingRetirements`, and the process remembers the outage;
    when Redis answers again, nothing read from it is trusted before (1) every page stored before is retired, hard,
    by each process that saw the outage (`after_outage`, run by the tolerant cache client's reconnect step: the lost
    retirement may have been another machine's) and (2) the pending retirements are replayed (`sync`, by any process
    of this machine, first thing in each page-cache lookup: one `stat` of the file)."""

    SEQ, SOFT, HARD = "miftah:pc:seq", "miftah:pc:r:", "miftah:pc:h:"
    # One atomic step: take the next sequence number and stamp it on every tag (and on its hard key if hard).
    SCRIPT = """
local seq = redis.call('INCR', KEYS[1])
for i = 2, #KEYS do redis.call('SET', KEYS[i], seq) end
return seq
"""

    def __init__(self, pending_path):
        self.pending = PendingRetirements(pending_path)

    def sync(self):
        from .redis_cache import _Outage

        if self.pending.waiting() and not _Outage.paused():
            try:
                self.pending.replay(self._retire_in_redis)
            except Exception as error:  # noqa: BLE001 - left pending, replayed at the next look
                if isinstance(error, _redis_unreachable()):
                    _Outage.record(error)
                else:
                    logger.warning("replaying the pending cache-tag retirements failed: %r", error)

    def current(self):
        self.sync()
        return int(cache.get(self.SEQ) or 0)

    def state(self, tags, seq):
        tags = sorted(tags)
        keys = [self.HARD + t for t in tags] + [self.SOFT + t for t in tags]
        values = cache.get_many(keys)
        if any(int(values.get(self.HARD + t, 0)) > seq for t in tags):
            return GONE
        return RETIRED if any(int(values.get(self.SOFT + t, 0)) > seq for t in tags) else FRESH

    def retire(self, tags, hard=False):
        from .redis_cache import _Outage

        self.sync()
        why = "paused after an outage"
        if not _Outage.paused():
            try:
                self._retire_in_redis(tags, hard)
                return
            except Exception as error:  # noqa: BLE001 - whatever failed, the retirement must not be lost
                if isinstance(error, _redis_unreachable()):
                    _Outage.record(error)
                why = repr(error)
        self.pending.add(tags, hard)
        logger.warning("could not retire cache tags %s in Redis (%s): kept in %s until Redis is back",
                       sorted(tags), why, self.pending.path)

    def after_outage(self):
        """Redis is back after an outage this process saw: retire everything stored before (hard), then replay."""
        self._retire_in_redis({SITE_TAG}, hard=True)
        self.pending.replay(self._retire_in_redis)

    def _retire_in_redis(self, tags, hard=False):
        keys = [self.SEQ] + [self.SOFT + t for t in tags] + ([self.HARD + t for t in tags] if hard else [])
        client = cache._cache.get_client(write=True)
        client.eval(self.SCRIPT, len(keys), *(cache.make_and_validate_key(k) for k in keys))


def _redis_unreachable():
    from redis.exceptions import ConnectionError, TimeoutError

    return ConnectionError, TimeoutError


def _page_cache_after_redis_outage():
    registry = parts().registry
    if isinstance(registry, RedisTagRegistry):
        registry.after_outage()


# --- one render per page at a time -----------------------------------------------------------------------------


class Flights:
    """Who renders a missing page: the first request in this process; with Redis, the first across processes."""

    def __init__(self, shared):
        self.shared = shared
        self.events = {}
        self.lock = threading.Lock()

    def lead(self, key):
        """Something to `wait(timeout)` on when someone else renders `key`, else None: the caller renders, then calls
        `land(key)`."""
        with self.lock:
            event = self.events.get(key)
            if event is not None:
                return event
            self.events[key] = threading.Event()
        if self.shared and not cache.add(f"{key}:render", 1, settings.MIFTAH_PAGE_CACHE_WAIT_SECONDS * 2):
            return _RemoteFlight(self, key)  # this thread waits on Redis; the others of this process wait on it
        return None

    def land(self, key, remote=True):
        if self.shared and remote:
            cache.delete(f"{key}:render")
        with self.lock:
            event = self.events.pop(key, None)
        if event is not None:
            event.set()


class _RemoteFlight:
    """Waiting for another process's render: poll its lock in Redis until it is gone."""

    def __init__(self, flights, key):
        self.flights, self.key = flights, key

    def wait(self, timeout):
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                if not cache.has_key(f"{self.key}:render"):
                    return True
                time.sleep(0.01)
            return False
        finally:
            self.flights.land(self.key, remote=False)


# --- the configured parts, made once per process ---------------------------------------------------------------


class _Parts:
    def __init__(self):
        shared = _uses_shared_cache()
        self.shared = shared
        if shared:
            self.store = SharedStore()
            self.registry = RedisTagRegistry(settings.DATA_DIR / "cache-tags-pending.log")
        else:
            self.store = LocalStore(settings.MIFTAH_PAGE_CACHE_MAX_ENTRIES, settings.MIFTAH_PAGE_CACHE_MAX_BYTES)
            self.registry = FileTagRegistry(settings.DATA_DIR / "cache-tags.log")
        self.flights = Flights(shared)
        self.signature = _signature()


_parts = None
_parts_lock = threading.Lock()


def _signature():
    return (_uses_shared_cache(), str(settings.DATA_DIR), settings.MIFTAH_PAGE_CACHE_MAX_ENTRIES,
            settings.MIFTAH_PAGE_CACHE_MAX_BYTES)


def parts():
    """The store, registry and flights for the current settings (made again when tests change them)."""
    global _parts
    if _parts is None or _parts.signature != _signature():
        with _parts_lock:
            if _parts is None or _parts.signature != _signature():
                _parts = _Parts()
    return _parts


def _uses_shared_cache():
    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def clear():
    """Forget every stored page of this process (tests; the shared store is cleared with the cache)."""
    parts().store.clear()


# --- retiring -----------------------------------------------------------------------------------------------------


def retire(tags, *, hard=False, urls=()):
    """Retire the cached copies showing any of `tags`: at once (so the admin's answer comes after it), again after
    the transaction commits (a copy rendered from the old data meanwhile is not kept), and announced to the proxy."""
    tags = frozenset(tags) | ({SITE_TAG} if not tags else frozenset())
    parts().registry.retire(tags, hard=hard)
    announce_retired(tags, urls=urls, hard=hard)


def _retire_after_commit(sender, tags, hard=False, **kwargs):
    parts().registry.retire(tags, hard=hard)


cache_tags_retired.connect(_retire_after_commit, dispatch_uid="miftah.core.cache.retire_after_commit")
on_reconnect(_page_cache_after_redis_outage)


def bump_generation():
    """Retire every cached page (settings, menus, imports, a restore)."""
    retire({SITE_TAG})


def current_generation():
    """A number that changes whenever anything is retired: for other caches keyed on "nothing changed since"."""
    return parts().registry.current()


# --- serving ---------------------------------------------------------------------------------------------------------


def _cache_key(request):
    from miftah.editions.languages import edition_language

    raw = f"{request.get_host()}|{edition_language(request)}|{request.get_full_path()}"
    return f"miftah:page:{hashlib.sha256(raw.encode()).hexdigest()}"


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


def _fetch(key, render, cached_marker=None):
    """The entry for `key`: fresh from the store, or rendered by one request at a time. `render()` returns
    (entry or None, response or None). Returns (entry, how, response): `how` says hit / stale / miss / stale-error."""
    p = parts()
    p.registry.sync()
    entry = p.store.get(key)
    now = time.time()
    state = entry.state(p.registry, now) if entry is not None else None
    if state == FRESH:
        return entry, "hit", None
    if state == GONE:
        p.store.delete(key)
        entry = state = None
    flight = p.flights.lead(key)
    if flight is None:  # the previous leader may have stored it between our look and our lead
        again = p.store.get(key)
        if again is not None and again.state(p.registry, time.time()) == FRESH:
            p.flights.land(key)
            return again, "hit", None
    else:
        if state == EXPIRED:
            return entry, "stale", None
        if flight.wait(settings.MIFTAH_PAGE_CACHE_WAIT_SECONDS):
            waited = p.store.get(key)
            if waited is not None and waited.state(p.registry, time.time()) == FRESH:
                return waited, "hit", None
    seq = p.registry.current()
    try:
        new_entry, response = render(seq)
        if new_entry is not None:
            p.store.set(key, new_entry)  # before landing: the readers waiting for it look for it as they wake
    finally:
        if flight is None:
            p.flights.land(key)
    if new_entry is not None:
        return new_entry, "miss", response
    if response is not None and response.status_code >= 500 and state in (EXPIRED, RETIRED):
        logger.warning("rendering %s failed (%s): serving the previous copy", key, response.status_code)
        return entry, "stale-error", None
    return None, "miss", response


def ticker_html(request):
    """The current ticker for this host: a fragment cached under the `ticker` tag for MIFTAH_TICKER_SECONDS."""
    from django.template.loader import render_to_string

    from .templatetags.miftah import ticker_context

    from django.utils import translation

    from miftah.editions.languages import edition_language

    language = edition_language(request)  # a cached page is served before any language is activated
    if not settings.MIFTAH_PAGE_CACHE:
        with translation.override(language):
            return render_to_string("includes/ticker.html", ticker_context(request), request=None)

    def render(seq):
        try:
            with translation.override(language):
                html = render_to_string("includes/ticker.html", ticker_context(request), request=None)
        except Exception:  # the previous ticker (or none) rather than a failing page
            logger.exception("rendering the ticker failed")
            return None, HttpResponse(status=500)
        return Entry(200, (), html.encode(), frozenset({SITE_TAG, TICKER_TAG}), seq, time.time(),
                     settings.MIFTAH_TICKER_SECONDS), None

    entry, _, _ = _fetch(f"miftah:ticker:{request.get_host()}:{language}", render)
    return entry.body.decode() if entry is not None else ""


def _splice(body, request):
    return body.replace(TICKER_MARKER.encode(), ticker_html(request).encode(), 1)


def _splice_into(response, request):
    response.content = _splice(response.content, request)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))


def _serve(entry, how, request):
    response = HttpResponse(_splice(entry.body, request) if entry.spliced else entry.body, status=entry.status)
    for name, value in entry.headers:
        response[name] = value
    response["Content-Length"] = str(len(response.content))
    response["X-Miftah-Cache"] = how
    return response


class PageCacheMiddleware:
    """Serves and stores anonymous reader pages; placed before the session middleware so a hit costs no query."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.MIFTAH_PAGE_CACHE and _is_anonymous_request(request)):
            return self._finish(request, self.get_response(request))
        setattr(request, SPLICE_ATTR, True)

        def render(seq):
            response = self._finish(request, self.get_response(request), keep_marker=True)
            return self._entry(request, response, seq), response

        entry, how, response = _fetch(_cache_key(request), render)
        if response is not None:  # rendered by this request: answer with it (ticker spliced)
            if entry is not None:
                response["X-Miftah-Cache"] = how
            if getattr(request, SPLICED_ATTR, False):
                _splice_into(response, request)
            return response
        return _serve(entry, how, request)

    def _finish(self, request, response, keep_marker=False):
        """Cache-Control and tags on a cacheable response; the ticker spliced in when the marker is not kept."""
        if getattr(request, CACHEABLE_ATTR, False) and response.status_code == 200:
            user = getattr(request, "user", None)
            if user is None or not user.is_authenticated:
                add_reader_cache_headers(response)
                response[TAGS_HEADER] = tags_header_value(tags_of(request))
            else:
                patch_cache_control(response, private=True, no_cache=True)
        if not keep_marker and getattr(request, SPLICED_ATTR, False) and not response.streaming:
            _splice_into(response, request)
        return response

    def _entry(self, request, response, seq):
        """What to store of `response`, or None when it must not be stored."""
        user = getattr(request, "user", None)
        # A page whose rendering used a CSP nonce is never stored: the nonce would be replayed to every reader.
        if (not getattr(request, CACHEABLE_ATTR, False) or response.status_code != 200 or response.streaming
                or response.cookies or (user is not None and user.is_authenticated)
                or getattr(request, "_csp_nonce", None) is not None):
            return None
        # Content-Length is the ticker-less body's: it is set again for what is sent.
        headers = tuple((k, v) for k, v in response.items() if k not in ("X-Miftah-Cache", "Content-Length"))
        return Entry(response.status_code, headers, response.content, tags_of(request), seq, time.time(),
                     settings.MIFTAH_PAGE_CACHE_SECONDS, spliced=getattr(request, SPLICED_ATTR, False))
