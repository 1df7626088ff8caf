"""Every file of the WordPress importer's own fixture suite ends in a complete import or a clear error."""

import pytest
from wagtail.models import Page

from miftah.wordpress.importer import import_wordpress
from miftah.wordpress.models import ImportedObject
from miftah.wordpress.wxr import WxrError

from .conftest import shared_data

FIXTURE_DIR = shared_data() / "wordpress" / "importer-fixtures"
FILES = sorted(FIXTURE_DIR.glob("*/*.xml")) if FIXTURE_DIR.exists() else []
# namespace-edge-cases.xml declares a non-ASCII namespace URI, which libxml2 rejects as malformed.
REJECTED = {"malformed.xml", "malformed-simple.xml", "crazy-cdata.xml", "namespace-edge-cases.xml"}
HEAVY = {"theme-unit-test-data.xml", "a11y-unit-test-data.xml"}  # covered by test_real_exports' theme import


def test_fixture_suite_present():
    from .conftest import wordpress_data

    wordpress_data("importer-fixtures")
    assert len(FILES) >= 30


@pytest.mark.parametrize("path", [f for f in FILES if f.name not in HEAVY], ids=lambda p: p.name)
def test_fixture_imports_or_fails_clearly(home, path):
    pages = Page.objects.count()
    try:
        summary = import_wordpress(path)
    except WxrError as error:
        assert path.name in REJECTED, str(error)
        assert error.line is not None and path.name in str(error)
        assert Page.objects.count() == pages and not ImportedObject.objects.exists()
        return
    assert path.name not in REJECTED
    assert summary.errors == []
    assert summary.counts["articles"] + summary.counts["pages"] == Page.objects.count() - pages - \
        summary.created["sections"]
