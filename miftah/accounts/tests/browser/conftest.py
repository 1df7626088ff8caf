"""The browser fixtures of the news app (Playwright on Debian's Chromium), for the accounts' browser tests."""

from miftah.news.tests.browser.conftest import browser, screenshot  # noqa: F401
