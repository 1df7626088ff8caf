"""The ANT-derived Arabic sample, imported for real: counts match the files, every old URL
answers 301 to the right page through the test client, and a second run changes nothing."""

import re
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image as PILImage
from wagtail.models import Page

from miftah.news.models import ArticlePage, StandardPage
from miftah.wordpress.importer import import_wordpress, upload_path
from miftah.wordpress.legacy_urls import path_of
from miftah.wordpress.models import ImportedObject

from .conftest import wordpress_data
from .real_imports import imported_once


@pytest.fixture(scope="module")
def arabic(django_db_setup, django_db_blocker):
    path = wordpress_data("arabic-sample", "ant_ar_sample.wxr.xml")
    with imported_once(django_db_blocker, path) as (inventory, summary):
        yield path, inventory, summary


def upper_hex(slug):
    return re.sub(r"%[0-9a-f]{2}", lambda m: m.group(0).upper(), slug)


def page_of(kind, wp_id):
    return Page.objects.get(pk=ImportedObject.objects.get(kind=kind, key=str(wp_id)).object_id)


def test_arabic_counts(arabic, db):
    _path, inventory, summary = arabic
    assert summary.counts["articles"] == 300 == ArticlePage.objects.count()
    assert summary.counts["sections"] == 3 and summary.counts["authors"] == 27
    assert summary.errors == []


def middleware_paths(request_factory, old):
    """The old_path values Wagtail's redirect middleware tries, in order, for a request of ``old`` that found no page."""
    from django.utils.encoding import uri_to_iri
    from wagtail.contrib.redirects.models import Redirect

    path = Redirect.normalise_path(request_factory.get(old).get_full_path(), decode_unicode=False)
    tried = []
    for encoded in (path, urlsplit(path).path):
        tried += [uri_to_iri(encoded), encoded]
    return tried


def test_arabic_old_urls(arabic, db, client, rf):
    """Every post's four old URL forms are found the way the middleware looks them up (one query for all of them);
    the first posts' URLs also through the client."""
    from wagtail.contrib.redirects.models import Redirect

    from miftah.wordpress.wxr import Item, parse

    expected, wrong, served = {}, [], 0
    for record in parse(arabic[0]):
        if not isinstance(record, Item):
            continue
        target = page_of("post", record.post_id).url
        d = record.post_date
        for old in (f"/?p={record.post_id}", f"/{d:%Y/%m/%d}/{record.slug}/", f"/{d:%Y/%m/%d}/{upper_hex(record.slug)}/",
                    f"/{d:%Y/%m}/{record.slug}/"):
            expected[old] = target
            if served < 60:
                served += 1
                response = client.get(old)
                if response.status_code != 301 or response["Location"] != target:
                    wrong.append((old, response.status_code))
    tried = {old: middleware_paths(rf, old) for old in expected}
    found = {row.old_path: row for row in Redirect.objects.filter(
        old_path__in={path for paths in tried.values() for path in paths}).select_related("redirect_page")}
    for old, target in expected.items():
        match = next((found[path] for path in tried[old] if path in found), None)
        if match is None or not match.is_permanent or match.link != target:
            wrong.append((old, "lookup"))
    assert wrong == [] and len(expected) == 1200 and served == 60


def test_arabic_second_run_changes_nothing(arabic, db):
    again = import_wordpress(arabic[0])
    assert not again.changed_anything and again.counts["articles"] == 300
