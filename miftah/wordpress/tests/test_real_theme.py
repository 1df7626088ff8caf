"""The Theme Unit Test export (with a stand-in uploads folder), imported for real: counts match the files, every old URL
answers 301 to the right page through the test client, and a second run changes nothing."""

import re
from urllib.parse import unquote

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
def theme(django_db_setup, django_db_blocker, tmp_path_factory):
    path = wordpress_data("theme-unit-test", "themeunittestdata.wordpress.xml")
    from miftah.wordpress.importer import scan

    media = tmp_path_factory.mktemp("uploads")
    for attachment in scan(path).attachments.values():  # a stand-in wp-content/uploads with every image
        target = media / upload_path(attachment.url, attachment.file)
        target.parent.mkdir(parents=True, exist_ok=True)
        PILImage.new("RGB", (32, 24), (90, 90, 200)).save(target, "JPEG")
    with imported_once(django_db_blocker, path, media_dir=media) as (inventory, summary):
        yield path, inventory, summary, media


def upper_hex(slug):
    return re.sub(r"%[0-9a-f]{2}", lambda m: m.group(0).upper(), slug)


def page_of(kind, wp_id):
    return Page.objects.get(pk=ImportedObject.objects.get(kind=kind, key=str(wp_id)).object_id)


def test_theme_counts(theme, db):
    _path, inventory, summary, _media = theme
    assert summary.counts["articles"] == 58 and summary.counts["pages"] == 21
    fallback = ImportedObject.objects.filter(kind="category", key="__uncategorized__").count()
    assert summary.counts["sections"] == len(inventory.categories) + fallback and len(inventory.categories) >= 68
    assert summary.counts["tags"] == len(inventory.tags) >= 110
    assert summary.counts["images"] + summary.counts["documents"] == 37
    assert summary.counts["comments"] == 33
    assert ArticlePage.objects.count() == 58 and StandardPage.objects.count() == 21
    assert Page.find_problems() == ([], [], [], [], [])


def test_theme_old_urls(theme, db, client):
    from miftah.wordpress.wxr import Item, parse

    wrong = []
    for record in parse(theme[0]):
        if not isinstance(record, Item) or record.post_type not in ("post", "page") or record.status == "trash":
            continue
        target = page_of(record.post_type, record.post_id)
        for old in {path_of(record.link), f"/?p={record.post_id}"} - {""}:
            response = client.get(old)
            if response.status_code == 200 and unquote(old).lower() == unquote(target.url).lower():
                continue  # the new page lives at the old path
            if response.status_code != 301 or response["Location"] != target.url:
                wrong.append((old, response.status_code, response.get("Location"), target.url))
    assert wrong == []


def test_theme_second_run_changes_nothing(theme, db):
    path, _inventory, _summary, media = theme
    again = import_wordpress(path, media_dir=media)
    assert not again.changed_anything, (again.created, again.updated)
