"""Files imported into an empty site: dry runs, malformed and hostile files, invisible characters, and the
``import_wordpress`` command's JSON output and exit codes."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from miftah.news.models import ArticlePage
from miftah.wordpress.importer import import_wordpress
from miftah.wordpress.models import ImportedObject
from miftah.wordpress.wxr import WxrError

from .conftest import FIXTURES
from .test_importer import SITE, make_uploads


@pytest.fixture
def media_dir(tmp_path):
    return make_uploads(tmp_path)


def test_dry_run_writes_nothing(home, media_dir):
    pages, redirects = Page.objects.count(), Redirect.objects.count()
    summary = import_wordpress(SITE, media_dir=media_dir, dry_run=True)
    assert summary.counts["articles"] == 9 and summary.created["articles"] == 9
    assert (Page.objects.count(), Redirect.objects.count(), ImportedObject.objects.count()) == (pages, redirects, 0)
    assert not list(media_dir.parent.glob("**/dry-run*"))


@pytest.mark.parametrize("name", ["broken-closing-tag.xml", "billion-laughs.xml", "xxe.xml"])
def test_bad_files_import_nothing(home, name):
    pages = Page.objects.count()
    with pytest.raises(WxrError) as error:
        import_wordpress(FIXTURES / name)
    assert name in str(error.value)
    assert Page.objects.count() == pages and not ImportedObject.objects.exists()


def test_malformed_file_reports_line_and_column(home):
    with pytest.raises(WxrError) as error:
        import_wordpress(FIXTURES / "broken-closing-tag.xml")
    assert error.value.line and error.value.column is not None


def test_invisible_characters_cleaned(home):
    import_wordpress(FIXTURES / "invisible-characters.xml")
    page = ArticlePage.objects.get()
    for char in "\u202e\u202c\u200b\u2066\u2069\ufeff":
        assert char not in page.title and char not in page.slug


def test_command_json_and_exit_codes(home):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", str(SITE), "--json", stdout=out, stderr=err)
    data = json.loads(out.getvalue())
    for key in ("articles", "pages", "sections", "tags", "authors", "images", "redirects", "warnings", "errors"):
        assert key in data
    assert data["articles"] == 9 and data["errors"] == []
    out = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_wordpress", str(FIXTURES / "broken-closing-tag.xml"), "--json", stdout=out,
                     stderr=io.StringIO())
    assert error.value.returncode == 1
    assert "line" in json.loads(out.getvalue())["errors"][0]


def _snapshot():
    """What an import wrote, without database ids (images by title: PostgreSQL does not roll sequences back)."""
    from wagtail.images import get_image_model

    from miftah.wordpress.importer import body_ids

    titles = dict(get_image_model().objects.values_list("pk", "title"))

    def named(value):
        if isinstance(value, dict):
            return {key: titles.get(item, item) if key == "image" else named(item) for key, item in value.items()}
        if isinstance(value, list):
            return [named(item) for item in value]
        return value

    pages = sorted((page.url_path, page.title, page.live, titles.get(getattr(page, "hero_image_id", None)), json.dumps(
        named(body_ids(list(page.body.raw_data))) if hasattr(page, "body") else None, sort_keys=True,
        ensure_ascii=False)) for page in Page.objects.filter(depth__gt=2).specific())
    redirects = sorted(Redirect.objects.values_list("old_path", "redirect_page__url_path", "redirect_page_route_path"))
    objects = sorted(ImportedObject.objects.values_list("kind", "key", "guid"))
    return pages, redirects, objects


def _import_rolled_back(**options):
    from django.db import transaction

    with transaction.atomic():
        summary = import_wordpress(SITE, **options)
        snapshot = _snapshot()
        transaction.set_rollback(True)
    data = summary.as_dict()
    data.pop("seconds")
    data["warnings"] = sorted(data["warnings"])
    return data, snapshot


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the conversion process needs fork")
def test_conversion_process_imports_what_one_process_imports(home, media_dir):
    in_process = _import_rolled_back(media_dir=media_dir, workers=0)
    with_worker = _import_rolled_back(media_dir=media_dir, workers=1)
    assert in_process[0]["articles"] == 9 and in_process[1][1]   # pages and redirects were written
    assert with_worker == in_process


@pytest.mark.skipif(not hasattr(__import__("os"), "fork"), reason="the conversion process needs fork")
@pytest.mark.parametrize("workers", [0, 1])
def test_conversion_error_imports_nothing(home, media_dir, monkeypatch, workers):
    from miftah.wordpress.conversion import Converter

    original = Converter.prepare

    def failing(self, kind, item, key):
        if item.post_id == 12:
            raise ValueError("تعذّر تحويل المقال 12")
        return original(self, kind, item, key)

    monkeypatch.setattr(Converter, "prepare", failing)
    pages = Page.objects.count()
    with pytest.raises((ValueError, RuntimeError)) as error:
        import_wordpress(SITE, media_dir=media_dir, workers=workers)
    assert "تعذّر تحويل المقال 12" in str(error.value)
    assert Page.objects.count() == pages and not ImportedObject.objects.exists() and not Redirect.objects.exists()


WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>مكرر</title><link>https://old.example</link>
<wp:wxr_version>1.2</wp:wxr_version>"""


def _post(post_id, guid, title, body="<p>نص المقال</p>"):
    return (f"<item><title>{title}</title><guid isPermaLink=\"false\">{guid}</guid><wp:post_id>{post_id}</wp:post_id>"
            f"<wp:post_name>post-{post_id}</wp:post_name><wp:post_type>post</wp:post_type>"
            f"<wp:status>publish</wp:status><content:encoded><![CDATA[{body}]]></content:encoded></item>")


def test_repeated_guids_and_changed_ids(home, tmp_path):
    """Posts sharing a GUID stay distinct; a post whose id changed since the last export is found by its GUID."""
    first = tmp_path / "first.xml"
    first.write_text(WXR_HEAD + "".join(_post(n, "https://old.example/?p=1", f"خبر {n}") for n in range(1, 7))
                     + _post(50, "https://old.example/?p=50", "خبر الخمسين") + "</channel></rss>", encoding="utf-8")
    summary = import_wordpress(first)
    assert summary.created["articles"] == 7 and ArticlePage.objects.count() == 7
    moved = ArticlePage.objects.get(title="خبر الخمسين")
    second = tmp_path / "second.xml"
    second.write_text(WXR_HEAD + _post(51, "https://old.example/?p=50", "خبر الخمسين", "<p>نص جديد</p>")
                      + "</channel></rss>", encoding="utf-8")
    summary = import_wordpress(second)
    assert summary.created["articles"] == 0 and summary.updated["articles"] == 1
    assert ArticlePage.objects.count() == 7 and "نص جديد" in str(ArticlePage.objects.get(pk=moved.pk).body)


def test_search_index_entries_are_what_reindexing_writes(home, media_dir):
    """Imported articles are indexed with texts given from memory (tags, authors, section): reindexing each one
    from the database must write the very same entry."""
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.conf import get_app_config
    from wagtail.search.backends import get_search_backend

    IndexEntry = get_app_config().get_model("IndexEntry")

    import_wordpress(SITE, media_dir=media_dir)
    entries = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(ArticlePage))
    fields = ("object_id", "title", "autocomplete", "body")
    imported = sorted(entries.values_list(*fields))
    assert len(imported) == ArticlePage.objects.count() == 9
    assert any("سياسة" in str(row[3]) or "سياس" in str(row[3]) for row in imported)   # the section's title
    backend = get_search_backend()
    for page in ArticlePage.objects.all():
        backend.add(page)
    assert sorted(entries.values_list(*fields)) == imported


def test_objects_deleted_since_the_last_import_are_made_again(home, media_dir):
    """An editor deleted the imported tag, author, image and section: the next import makes them again (it used to
    fail on the ImportedObject rows that still named them)."""
    from wagtail.images import get_image_model

    from miftah.news.models import Author, NewsTag, SectionPage

    import_wordpress(SITE, media_dir=media_dir)
    NewsTag.objects.all().delete()
    Author.objects.all().delete()
    get_image_model().objects.all().delete()
    SectionPage.objects.get(slug="sport").delete()
    summary = import_wordpress(SITE, media_dir=media_dir)
    assert summary.errors == []
    assert {key: summary.created[key] for key in ("tags", "authors", "images", "sections")} == \
        {"tags": 1, "authors": 1, "images": 1, "sections": 1}
    assert NewsTag.objects.count() == Author.objects.count() == get_image_model().objects.count() == 1
    assert ImportedObject.objects.filter(kind="tag").get().object_id == NewsTag.objects.get().pk
    assert ImportedObject.objects.filter(kind="author").get().object_id == Author.objects.get().pk
    # The post whose featured image was made again is updated to it (and to its author again).
    post = ArticlePage.objects.get(title="انتخابات البلدية")
    assert post.hero_image_id == get_image_model().objects.get().pk and [a.name for a in post.authors] == ["هدى سالم"]
