"""Posting an update retires the live page's cached copy, and nothing else: no full-site purge.

Read through the public behaviour (X-Miftah-Cache: hit/miss). Today's page cache has one global generation; the
live app drops just the live page's copies (bridge in miftah/live/caching.py) until the tag-based page cache
(branch pagecache) does it from the announced `page:<id>` tag.
"""

import pytest
from django.test import Client

from miftah.core.cache_tags import cache_tags_retired
from miftah.live.caching import live_tag

from .conftest import post

pytestmark = pytest.mark.django_db


def test_an_update_retires_only_the_live_page(story, django_capture_on_commit_callbacks):
    client = Client()
    live_url, other_url = story["article"].url, story["articles"][3].url
    for url in (live_url, other_url, "/"):
        assert client.get(url)["X-Miftah-Cache"] == "miss"
        assert client.get(url)["X-Miftah-Cache"] == "hit"

    announced = []
    receiver = lambda sender, tags, urls=(), **kw: announced.append((tags, urls))  # noqa: E731
    cache_tags_retired.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            post(story["coverage"], "انتهى الاجتماع دون بيان ختامي.")
    finally:
        cache_tags_retired.disconnect(receiver)

    assert announced == [(frozenset({live_tag(story["article"].pk)}), (live_url,))]
    live = client.get(live_url)
    assert live["X-Miftah-Cache"] == "miss"
    assert "انتهى الاجتماع دون بيان ختامي." in live.content.decode()
    assert client.get(other_url)["X-Miftah-Cache"] == "hit"
    assert client.get("/")["X-Miftah-Cache"] == "hit"


def test_starting_coverage_shows_the_ticker_badge_without_retiring_other_pages(newsroom, django_capture_on_commit_callbacks):
    from miftah.live.coverage import start_coverage

    client = Client()
    assert client.get("/")["X-Miftah-Cache"] == "miss"
    assert "live-label-ticker" not in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        start_coverage(newsroom["articles"][3])
    home = client.get("/")
    # The ticker spliced into every page when served is the new one, with the badge.
    assert "live-label-ticker" in home.content.decode()
