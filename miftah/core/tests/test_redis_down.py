"""Redis unreachable (a closed port, no mock): the site keeps serving, /healthz says "degraded", start-up warns."""

import logging

import pytest
from django.test import override_settings

from miftah.core.redis_cache import _Outage, check_redis_reachable
from miftah.settings import redis_caches

DEAD_REDIS = redis_caches("redis://127.0.0.1:1/3")


@pytest.fixture
def redis_down():
    _Outage.reset()
    with override_settings(CACHES=DEAD_REDIS):
        yield
    _Outage.reset()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Replaces the shared fixture: clearing a cache that cannot be reached is the point of these tests."""
    yield


def test_reader_pages_admin_login_and_feeds_serve_without_redis(newsroom, client, redis_down, caplog):
    article = newsroom["articles"][0]
    caplog.set_level(logging.WARNING, logger="miftah.cache")
    for url in ("/", "/", article.url, newsroom["sections"]["economy"].url, "/search/?q=الحدود", "/feed/",
                "/admin/login/", "/api/v2/articles/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.get("X-Miftah-Cache") != "hit"  # nothing stored, so the second "/" is built again
    warnings = [r for r in caplog.records if r.name == "miftah.cache"]
    assert len(warnings) == 1, "one warning for the outage, not one per request"
    assert "unreachable" in warnings[0].getMessage()


def test_staff_login_and_session_work_without_redis(newsroom, client, django_user_model, redis_down):
    django_user_model.objects.create_superuser("sara", "sara@example.org", "kalimat-sirr-1")
    response = client.post("/admin/login/", {"username": "sara", "password": "kalimat-sirr-1"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200  # the session (database-backed) survives the next request


def test_healthz_says_degraded_and_names_the_cache(db, client, redis_down):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "down"}


def test_healthz_ok_with_the_configured_cache(db, client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["cache"] in ("ok", "local")


def test_startup_check_warns_when_redis_is_down(redis_down):
    messages = check_redis_reachable()
    assert [m.id for m in messages] == ["miftah.W001"]
    assert "127.0.0.1:1" in messages[0].msg or "Connection" in messages[0].msg


def test_startup_check_is_silent_when_the_cache_answers(db):
    assert check_redis_reachable() == []
