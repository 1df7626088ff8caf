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
