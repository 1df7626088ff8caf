"""Every variant kind is found by the site search, the Wagtail search API and the Wagtail admin search.

One site per test (building it costs ~3 s), every kind checked in a loop; a failure lists each kind missed.
"""

import pytest

from miftah.news.models import ArticlePage
from miftah.search import engine

from .conftest import VARIANTS

pytestmark = pytest.mark.django_db


def _misses(variant_site, found):
    return [(kind, typed) for kind, _, typed in VARIANTS if not found(typed, variant_site["articles"][kind])]


def test_site_search_engine_finds_every_variant(variant_site):
    assert _misses(variant_site, lambda typed, article: article.pk in [pk for pk, _ in engine.search(typed, limit=50).hits]) == []


def test_wagtail_search_and_autocomplete_find_every_variant(variant_site):
    live = ArticlePage.objects.live()
    assert _misses(variant_site, lambda typed, article: article in list(live.search(typed))) == []
    assert _misses(variant_site, lambda typed, article: article in list(live.autocomplete(typed))) == []


def test_search_page_finds_every_variant(client, variant_site):
    def found(typed, article):
        response = client.get("/search/", {"q": typed})
        assert response.status_code == 200
        return f'href="{article.url}"' in response.content.decode()

    assert _misses(variant_site, found) == []


def test_admin_search_finds_every_variant(admin_client, variant_site):
    def found(typed, article):
        response = admin_client.get("/admin/pages/search/", {"q": typed})
        assert response.status_code == 200
        return f"/admin/pages/{article.pk}/edit/" in response.content.decode()

    assert _misses(variant_site, found) == []


def test_stock_analysis_would_miss_variants(variant_site):
    """The table is not trivial: without analysis (plain substring match) most variants are missed."""
    misses = _misses(variant_site, lambda typed, article: typed in article.title)
    assert len(misses) >= len(VARIANTS) - 4
