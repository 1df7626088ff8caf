"""A reader walks the English edition in Chromium (home → section → article → search → dossier) at 390 and 1366 px:
left to right, in English, nothing wider than the screen; and switches from an Arabic article to its translation
and back. Screenshots go to test-artifacts/ (look at them when the layout changes)."""

from urllib.parse import unquote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_OVERFLOW = "document.documentElement.scrollWidth <= window.innerWidth"


def direction(page):
    return (page.locator("html").get_attribute("lang"),
            page.evaluate("getComputedStyle(document.documentElement).direction"))


def check(page, screenshot, name, width, lang="en", direction_expected="ltr"):
    assert direction(page) == (lang, direction_expected), name
    assert page.evaluate(NO_OVERFLOW), f"{name} at {width}px is wider than the screen"
    screenshot(page, f"edition-{name}-{width}")


@pytest.mark.parametrize("width", [390, 1366])
def test_walk_the_english_edition(live_editions, browser, screenshot, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en")
    page = context.new_page()
    base = live_editions["url"]
    try:
        page.goto(base + "/en/")
        check(page, screenshot, "home", width)
        assert page.locator(".ticker").is_visible()
        # The ticker starts where an English reader starts reading (the left) and moves leftwards. Measured with its
        # animation held at its start: where it is "a few seconds in" depends on how loaded the machine is.
        first_item, viewport = page.evaluate("""(() => {
            for (const animation of document.querySelector('.ticker-list').getAnimations()) {
                animation.pause(); animation.currentTime = 0; }
            return [document.querySelector('.ticker-list a').getBoundingClientRect().left,
                    document.querySelector('.ticker-viewport').getBoundingClientRect().left]; })()""")
        assert viewport - 1 <= first_item <= viewport + 1, (first_item, viewport)
        assert page.evaluate("getComputedStyle(document.querySelector('.ticker-list')).animationName") == "ticker-scroll-ltr"
        menu = page.get_by_role("navigation", name="Sections")  # the interface in English too (the catalogue)
        if width < 700 and not menu.get_by_role("link", name="The Intelligence Key").is_visible():
            page.goto(base + "/en/intelligence-key/")
        else:
            menu.get_by_role("link", name="The Intelligence Key").click()
        page.wait_for_url("**/en/intelligence-key/")
        check(page, screenshot, "section", width)
        assert page.locator("h1").inner_text() == "The Intelligence Key"
        page.locator("main").get_by_role("link", name="A UN delegation in Baghdad").first.click()
        page.wait_for_url("**/en/intelligence-key/un-delegation-baghdad/")
        check(page, screenshot, "article", width)
        assert page.locator("h1").inner_text().startswith("A UN delegation in Baghdad")
        crumbs = page.locator(".breadcrumbs li + li").first
        if crumbs.count():
            assert page.evaluate("getComputedStyle(document.querySelector('.breadcrumbs li + li'), '::before').content") == '"›"'
        body_font = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert body_font.startswith('"Miftah Latin Serif"'), body_font
        page.goto(base + "/en/search/?q=Baghdad")
        check(page, screenshot, "search", width)
        page.goto(base + unquote("/en" + live_editions["entity"].get_absolute_url()))
        check(page, screenshot, "dossier", width)
        assert page.locator("h1").inner_text() in (live_editions["entity"].english, live_editions["entity"].canonical)
    finally:
        context.close()


def test_switch_from_an_arabic_article_to_its_translation_and_back(live_editions, browser, screenshot):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ar")
    page = context.new_page()
    base = live_editions["url"]
    try:
        page.goto(base + live_editions["arabic"].url)
        assert direction(page) == ("ar", "rtl")
        page.get_by_role("navigation", name="الطبعات").get_by_role("link", name="English").click()
        page.wait_for_url("**/en/intelligence-key/un-delegation-baghdad/")
        assert direction(page) == ("en", "ltr")
        assert page.locator("h1").inner_text().startswith("A UN delegation in Baghdad")
        screenshot(page, "edition-switch-to-english")
        page.get_by_role("navigation", name="Editions").get_by_role("link", name="العربية").click()
        page.wait_for_url(base + live_editions["arabic"].url.replace(" ", "%20"))
        assert direction(page) == ("ar", "rtl")
        assert page.locator("h1").inner_text() == "وفد الأمم المتحدة في بغداد"
    finally:
        context.close()
