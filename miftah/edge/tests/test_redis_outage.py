"""Retirements made while Redis is away are not lost: a real redis-server of the test's own (its data in an
append-only file, so what it held before the outage comes back with it, as a persisted or partitioned Redis would)
is killed, an article is corrected meanwhile, Redis is started again, and the page shows the correction, not the copy
Redis stored before the outage.

Two steps make up for what Redis missed (miftah.core.cache.RedisTagRegistry): the process that saw the outage
retires every page stored before it when Redis answers again, and the retirements that could not be written are
kept in a file of the data folder and replayed by any process of the machine. Each is tested alone (the other one
forgotten), and a control shows that with both forgotten the old copy does come back: the scenario is real.
"""

import logging
import shutil
import signal
import subprocess

import pytest
from django.test import override_settings

from miftah.core import cache as page_cache
from miftah.core import redis_cache
from miftah.core.redis_cache import _Outage
from miftah.news.tests.factories import make_article, make_section
from miftah.settings import redis_caches
from miftah.testing import skip_unless

from .servers import free_port, wait_port


class OwnRedis:
    """redis-server on a free loopback port, appendfsync always: SIGKILL loses nothing it acknowledged."""

    def __init__(self, folder):
        skip_unless(shutil.which("redis-server"), "redis-server is not installed (apt-get install redis-server)")
        self.folder, self.port, self.process = folder, free_port(), None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "yes",
             "--appendfsync", "always", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        wait_port(self.port)

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def keys(self, pattern):
        import redis

        return redis.Redis.from_url(self.url).keys(pattern)


@pytest.fixture
def own_redis(tmp_path, monkeypatch):
    server = OwnRedis(tmp_path)
    server.start()
    # Retry at once after a failure, so the test waits for nothing. Not 0.2 s: on an idle machine redis-server is
    # back sooner than that, and the request after its restart, still paused, neither replayed nor retired anything.
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0)
    _Outage.reset()
    with override_settings(CACHES=redis_caches(server.url), MIFTAH_PAGE_CACHE=True):
        yield server
    _Outage.reset()
    if server.process.poll() is None:
        server.kill()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Replaces the shared fixture (it would clear the suite's cache, not this test's own Redis)."""
    yield


def publish_title(article, title):
    article.title = title
    article.save_revision().publish()


@pytest.mark.parametrize("forget", ["nothing", "the outage", "the pending file", "both"])
def test_a_correction_made_while_redis_was_down_is_served_when_it_returns(home, client, own_redis, forget, caplog,
                                                                         django_capture_on_commit_callbacks):
    section = make_section(home, "أخبار", slug="akhbar")
    article = make_article(section, "العنوان قبل الانقطاع", slug="qabl")
    assert client.get(article.url)["X-Miftah-Cache"] == "miss"
    assert client.get(article.url)["X-Miftah-Cache"] == "hit"

    own_redis.kill()
    caplog.set_level(logging.WARNING, logger="miftah.cache")
    with django_capture_on_commit_callbacks(execute=True):
        publish_title(article, "العنوان المصحح أثناء الانقطاع")
    during = client.get(article.url)  # served without Redis: rendered from the database
    assert "العنوان المصحح" in during.content.decode() and during["X-Miftah-Cache"] != "hit"
    pending = page_cache.parts().registry.pending
    assert pending.waiting(), "the retirement Redis missed is kept"
    assert any("kept in" in r.getMessage() for r in caplog.records)

    own_redis.start()
    assert own_redis.keys("*miftah:page:*"), "the copies stored before the outage are back with Redis"
    if forget in ("the outage", "both"):  # a process that did not see the outage (another server, a restart)
        _Outage.reset()
    if forget in ("the pending file", "both"):  # the retirement was lost on another machine
        pending.path.unlink()

    body = client.get(article.url).content.decode()
    if forget == "both":
        assert "العنوان قبل الانقطاع" in body  # the control: nothing made up for the outage, the old copy is back
        return
    assert "العنوان المصحح أثناء الانقطاع" in body and "العنوان قبل الانقطاع" not in body
    stale = sum("العنوان قبل الانقطاع" in client.get(url).content.decode() for url in (article.url, section.url, "/")
                for _ in range(5))
    assert stale == 0
    # Replayed by a lookup once Redis answers (not necessarily the first: on a loaded machine the first may still
    # meet the restarting server and leave the replay to the next one).
    assert not pending.waiting()
    assert client.get(article.url)["X-Miftah-Cache"] == "hit"  # and the cache works again


def test_a_takedown_made_while_redis_was_down_stays_down(home, client, own_redis,
                                                        django_capture_on_commit_callbacks):
    section = make_section(home, "أخبار", slug="akhbar")
    article = make_article(section, "خبر سيسحب", slug="yushab")
    client.get(article.url)
    assert client.get(article.url)["X-Miftah-Cache"] == "hit"
    own_redis.kill()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert client.get(article.url).status_code == 404
    own_redis.start()
    _Outage.reset()  # the pending file alone must carry the takedown (hard: never served again)
    assert client.get(article.url).status_code == 404
    assert "خبر سيسحب" not in client.get(section.url).content.decode()
