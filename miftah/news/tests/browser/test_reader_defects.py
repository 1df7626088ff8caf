"""Issue #18, reader pages: defects found by walking the site at 390 px and 1366 px, each checked in a real browser."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}

# Number of line boxes an element's text takes (a label broken mid-word takes two).
LINES = """(el) => { const r = document.createRange(); r.selectNodeContents(el);
  const tops = new Set([...r.getClientRects()].filter(x => x.width > 0).map(x => Math.round(x.top))); return tops.size; }"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="ar", **PHONE)
    yield context.new_page()
    context.close()


@pytest.fixture
def newsroom(live_newsroom):
    """The test newsroom with as many sections in the menu as a real edition has."""
    from miftah.news.tests.factories import make_section

    for title, slug in [("تحليلات", "analysis"), ("تقارير خاصة", "reports"), ("رأي", "opinion"),
                        ("منوعات", "misc"), ("رياضة", "sport"), ("ثقافة وفنون", "culture")]:
        make_section(live_newsroom["home"], title, slug=slug)
    return live_newsroom


def test_phone_search_button_label_is_on_one_line(newsroom, phone):
    phone.goto(newsroom["url"] + "/")
    button = phone.locator(".search-form button")
    assert button.evaluate(LINES) == 1, "the search button's label breaks mid-word"
    assert button.evaluate("b => b.scrollWidth <= b.clientWidth")
    box, form = button.bounding_box(), phone.locator(".search-form").bounding_box()
    assert box["x"] >= form["x"] - 0.5 and box["x"] + box["width"] <= form["x"] + form["width"] + 0.5


def test_phone_sections_menu_shows_every_section_whole(newsroom, phone, screenshot):
    phone.goto(newsroom["url"] + "/")
    links = phone.locator(".main-nav a")
    assert links.count() >= 9
    width = phone.evaluate("document.documentElement.clientWidth")
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        text = links.nth(i).inner_text()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"«{text}» is cut off at the screen's edge"
    assert phone.evaluate("(() => { const u = document.querySelector('.main-nav ul'); "
                          "return u.scrollWidth <= u.clientWidth; })()")
    screenshot(phone, "defects-phone-menu")


def test_phone_hijri_date_never_breaks(newsroom, phone):
    for path in ("/", newsroom["long"].url):
        phone.goto(newsroom["url"] + path)
        hijri = phone.locator(".hijri")
        assert hijri.count() >= 1
        for i in range(hijri.count()):
            assert hijri.nth(i).evaluate(LINES) == 1, f"«{hijri.nth(i).inner_text()}» wraps on {path}"


CONTRAST = """(el) => {
  const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const style = getComputedStyle(el); const a = lum(rgb(style.color)), b = lum(rgb(style.backgroundColor));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05); }"""


@pytest.mark.parametrize("scheme, theme", [("dark", None), ("light", "dark"), ("light", None), ("dark", "light")])
def test_badges_have_aa_contrast_in_both_themes(newsroom, browser, scheme, theme):
    from miftah.news.tests.factories import make_article

    make_article(newsroom["sections"]["economy"], "سبق صحفي عن الموانئ", is_exclusive=True, is_breaking=True)
    context = browser.new_context(color_scheme=scheme, **DESKTOP)
    if theme:
        context.add_init_script(f"localStorage.setItem('miftah-theme', '{theme}')")
    page = context.new_page()
    page.goto(newsroom["url"] + "/")
    for selector in (".badge-breaking", ".badge-exclusive"):
        badge = page.locator(selector).first
        ratio = badge.evaluate(CONTRAST)
        assert ratio >= 4.5, f"{selector} in {theme or scheme} mode: contrast {ratio:.2f}"
    context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_ticker_pause_control_says_play_once_paused(newsroom, browser, javascript):
    context = browser.new_context(java_script_enabled=javascript, **DESKTOP)
    page = context.new_page()
    page.goto(newsroom["url"] + "/")
    label = page.locator(".ticker-pause-label")
    assert label.inner_text() == "إيقاف مؤقت"
    assert page.get_by_role("checkbox", name="إيقاف مؤقت").count() == 1
    label.click()
    assert page.evaluate("getComputedStyle(document.querySelector('.ticker-list')).animationPlayState") == "paused"
    assert label.inner_text() == "تشغيل"
    assert page.get_by_role("checkbox", name="تشغيل").count() == 1
    label.click()
    assert label.inner_text() == "إيقاف مؤقت"
    context.close()


def test_latin_text_uses_the_self_hosted_latin_companion(newsroom, browser):
    context = browser.new_context(**DESKTOP)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(newsroom["url"] + "/")
    page.evaluate("document.fonts.ready.then(() => true)")
    faces = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, '') + ' ' + f.weight)")
    assert "Miftah Latin Serif 400" in faces, faces  # the footer's «خلاصة RSS»
    assert page.evaluate("[...document.fonts].some(f => f.family.includes('Miftah Latin Sans') && f.weight === '700')")
    assert "Miftah Latin Sans" in page.locator("h2").first.evaluate("h => getComputedStyle(h).fontFamily")
    rss = page.locator(".site-footer a", has_text="RSS")
    assert "Miftah Latin Serif" in rss.evaluate("a => getComputedStyle(a).fontFamily")
    fonts = [url for url in requests if url.endswith(".woff2")]
    assert fonts and all(url.startswith(newsroom["url"]) for url in fonts), fonts
    context.close()


def test_search_page_is_styled_like_the_site(newsroom, browser, screenshot):
    context = browser.new_context(locale="ar", **DESKTOP)
    page = context.new_page()
    page.goto(newsroom["url"] + "/search/?q=الحدود")
    assert page.locator(".search-result").count() >= 1
    style = lambda selector, prop: page.locator(selector).first.evaluate(f"e => getComputedStyle(e).{prop}")  # noqa: E731
    body = lambda prop: page.evaluate(f"getComputedStyle(document.body).{prop}")  # noqa: E731
    # results are cards like the section lists, titles in the site's ink, not big blue underlined links
    assert style(".search-results", "listStyleType") == "none"
    assert style(".search-result", "backgroundColor") == style(".site-header", "backgroundColor")  # var(--surface), as .card
    assert style(".search-result", "borderTopLeftRadius") != "0px"
    assert style(".search-result h2 a", "textDecorationLine") == "none"
    assert style(".search-result h2 a", "color") == body("color")
    assert float(style(".search-result h2", "fontSize")[:-2]) <= 20
    # the filters are a card of fields in the site's font, not browser-default controls
    assert style(".search-filters", "display") == "grid"
    assert "Miftah" in style("#search-section", "fontFamily")
    assert style("#search-section", "borderTopLeftRadius") != "0px"
    assert page.locator("#search-from").get_attribute("type") == "text"
    assert page.get_by_label("من تاريخ").get_attribute("placeholder") == "يوم/شهر/سنة"
    screenshot(page, "defects-search-desktop", full_page=True)
    page.get_by_label("من تاريخ").fill("١/١/٢٠٢٠")
    page.get_by_role("button", name="ابحث", exact=True).click()
    page.wait_for_url("**from=*")
    assert page.get_by_label("من تاريخ").input_value() == "1/1/2020"
    assert page.locator(".search-result").count() >= 1
    context.close()
