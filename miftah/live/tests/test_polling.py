"""The readers' polling endpoint: only what is newer than what the page has, cheap when nothing changed, short-lived
in caches, refused for articles that are not public."""

import json

import pytest
from django.test import Client

from .conftest import post

pytestmark = pytest.mark.django_db


def poll(story, after=0, **headers):
    return Client().get(f"/live/{story['article'].pk}/updates.json", {"after": after}, **headers)


def test_poll_returns_only_newer_updates_oldest_first_as_page_html(story):
    first, key_event, pinned = story["updates"]
    response = poll(story, after=first.pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["live"] is True and data["count"] == 3 and data["latest"] == pinned.pk
    assert [u["id"] for u in data["updates"]] == [key_event.pk, pinned.pk]
    assert data["updates"][0]["key_event"] and data["updates"][1]["pinned"]
    assert f'id="update-{key_event.pk}"' in data["updates"][0]["html"]
    assert "وصل وزير الخارجية إلى مقر الاجتماع." in data["updates"][0]["html"]
    assert data["version"] == story["coverage"].version


def test_poll_is_short_lived_and_cached_by_version(story, django_assert_max_num_queries):
    latest = story["updates"][-1].pk
    first = poll(story, after=latest)
    assert json.loads(first.content)["updates"] == []
    cache_control = first["Cache-Control"]
    assert "public" in cache_control and "max-age=2" in cache_control
    assert "X-Miftah-Cache" not in first  # never stored by the page cache's generation
    with django_assert_max_num_queries(2):  # the article is public + the coverage's version; no rendering
        assert poll(story, after=latest).content == first.content
    assert poll(story, after=latest, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    newer = post(story["coverage"], "أعلن المتحدث انتهاء الجلسة.")
    data = json.loads(poll(story, after=latest, HTTP_IF_NONE_MATCH=first["ETag"]).content)
    assert [u["id"] for u in data["updates"]] == [newer.pk]


def test_poll_says_when_the_coverage_ended(story):
    from miftah.live.coverage import end_coverage

    end_coverage(story["coverage"])
    data = json.loads(poll(story, after=story["updates"][-1].pk).content)
    assert data["live"] is False


def test_poll_refuses_unpublished_or_uncovered_articles_and_bad_input(story):
    assert poll(story, after="x").status_code == 400
    assert Client().get(f"/live/{story['articles'][0].pk}/updates.json").status_code == 404  # no coverage
    story["article"].unpublish()
    assert poll(story).status_code == 404
