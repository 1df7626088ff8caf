"""The shared Playwright fixtures (Chromium, screenshots), as the news app's browser tests use them."""

from miftah.news.tests.browser.conftest import browser, screenshot  # noqa: F401
