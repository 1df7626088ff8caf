"""Playwright driving Debian's Chromium against a live test server; skipped (with the reason) only outside CI."""

import os
from pathlib import Path

import pytest

from miftah.testing import REPO_ROOT, skip_unless

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


@pytest.fixture
def live_newsroom(live_server, django_capture_on_commit_callbacks):
    from miftah.conftest import _build_newsroom
    from miftah.news.tests.factories import ensure_base_data, make_article, make_home

    ensure_base_data()
    home = make_home()
    with django_capture_on_commit_callbacks(execute=True):
        site = _build_newsroom(home)
        long_body = [f"الفقرة {n}: نص طويل لاختبار التمرير في صفحة المقال، يتناول المفاوضات والحدود والموانئ." * 3
                     for n in range(1, 30)]
        site["long"] = make_article(site["sections"]["politics"], "تقرير مطوّل عن الحدود والميليشيات", body=long_body,
                                    tags=("حدود",), hero=site["hero"], dek="تقرير طويل لاختبار التمرير")
    site["url"] = live_server.url
    return site
