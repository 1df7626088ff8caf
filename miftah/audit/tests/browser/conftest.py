"""The project's Playwright fixtures (Chromium, live server), shared with the news browser tests."""

from miftah.news.tests.browser.conftest import browser, screenshot  # noqa: F401
