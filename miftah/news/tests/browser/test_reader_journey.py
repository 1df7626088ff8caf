"""What a reader sees, in a real browser: navigation, direction, ticker, related, back-to-top, dark mode, mobile."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def wait_until(page, expression, timeout=5.0):
    """Poll a JavaScript expression (wait_for_function would need 'unsafe-eval', which the site's CSP refuses)."""
    import time

    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for: {expression}"
        page.wait_for_timeout(50)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ar")
    page = context.new_page()
    yield page
    context.close()


def test_home_to_section_to_article(live_newsroom, page, screenshot):
    page.goto(live_newsroom["url"] + "/")
    assert page.evaluate("getComputedStyle(document.documentElement).direction") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    ticker = page.locator(".ticker")
    assert ticker.is_visible()
    assert "آخر الأخبار" in ticker.inner_text()
    page.get_by_role("navigation", name="الأقسام").get_by_role("link", name="المفتاح الاستخباراتي").click()
    page.wait_for_url("**/intelligence-key/")
    assert page.locator("h1").inner_text() == "المفتاح الاستخباراتي"
    page.locator("main").get_by_role("link", name="تقرير مطوّل عن الحدود والميليشيات").first.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "تقرير مطوّل عن الحدود والميليشيات"
    related = page.locator("section.related")
    assert related.is_visible()
    assert related.locator("article").count() >= 1
    screenshot(page, "article-desktop")


def test_back_to_top_appears_after_scrolling_and_returns_to_the_top(live_newsroom, page):
    page.goto(live_newsroom["url"] + live_newsroom["long"].url)
    button = page.get_by_role("link", name="العودة إلى الأعلى")
    assert page.evaluate("getComputedStyle(document.querySelector('.to-top')).opacity") == "0"
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    wait_until(page, "document.querySelector('.to-top').classList.contains('is-visible')")
    button.focus()
    page.keyboard.press("Enter")
    wait_until(page, "window.scrollY === 0")


def test_dark_mode_toggle_persists_across_pages(live_newsroom, page):
    page.goto(live_newsroom["url"] + "/")
    background_light = page.evaluate("getComputedStyle(document.body).backgroundColor")
    toggle = page.locator(".theme-toggle")
    toggle.click()
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    page.goto(live_newsroom["url"] + "/economy/")
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != background_light


def test_ticker_can_be_paused_and_honours_reduced_motion(live_newsroom, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(live_newsroom["url"] + "/")
    assert page.evaluate("getComputedStyle(document.querySelector('.ticker-list')).animationName") == "none"
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(live_newsroom["url"] + "/")
    page.locator(".ticker-pause-label").click()
    assert page.evaluate("getComputedStyle(document.querySelector('.ticker-list')).animationPlayState") == "paused"
    context.close()


@pytest.mark.parametrize("path_key", ["home", "long"])
def test_mobile_has_no_horizontal_scroll(live_newsroom, browser, screenshot, path_key):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    path = "/" if path_key == "home" else live_newsroom["long"].url
    page.goto(live_newsroom["url"] + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page is {overflow}px wider than a 390px screen"
    screenshot(page, f"mobile-{path_key}")
    context.close()
