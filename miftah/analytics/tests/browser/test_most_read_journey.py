"""In Chromium: views of pages served from the page cache are counted by the beacon (no cookie), the worker's
roll-up ranks them, and «الأكثر قراءة» shows them once the cached page is renewed; the dashboard lists them."""

import time

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"
CACHE_SECONDS = 4


@pytest.fixture
def site(live_server, django_capture_on_commit_callbacks, settings):
    from miftah.conftest import _build_newsroom
    from miftah.news.tests.factories import ensure_base_data, make_home

    settings.MIFTAH_PAGE_CACHE = True
    settings.MIFTAH_PAGE_CACHE_SECONDS = CACHE_SECONDS
    ensure_base_data()
    with django_capture_on_commit_callbacks(execute=True):
        newsroom = _build_newsroom(make_home())
    return newsroom | {"url": live_server.url}


def reader(browser, user_agent):
    """A reader's browser; robots (headless Chromium's own user agent among them) are not counted."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar", user_agent=user_agent)
    console = []
    page = context.new_page()
    page.on("console", lambda message: console.append(message.text))
    return context, page, console


def wait_for_views(count, timeout=10.0):
    from miftah.analytics.models import PageView

    deadline = time.monotonic() + timeout
    while PageView.objects.count() < count:
        assert time.monotonic() < deadline, f"{PageView.objects.count()} views counted, {count} expected"
        time.sleep(0.1)
    time.sleep(0.3)  # nothing more arrives than was sent
    return PageView.objects.count()


def test_views_of_cached_pages_are_counted_and_most_read_reflects_them(browser, site, screenshot):
    from miftah.analytics.models import PageView
    from miftah.analytics.rollup import roll_up

    first, second = site["articles"][1], site["articles"][3]
    context, page, console = reader(browser, CHROME)
    page.goto(site["url"] + "/")
    home_cached_at = time.monotonic()
    assert page.locator(".most-read").count() == 0, "nothing read yet"
    wait_for_views(1)

    statuses = []
    for article in (first, first, second):
        response = page.goto(site["url"] + article.url)
        statuses.append(response.headers.get("x-miftah-cache"))
        assert not context.cookies(), "the beacon sets no cookie"
    assert statuses == ["miss", "hit", "miss"], "the second view of the first article came from the page cache"
    other, other_page, _ = reader(browser, FIREFOX)
    assert other_page.goto(site["url"] + first.url).headers.get("x-miftah-cache") == "hit"
    assert wait_for_views(5) == 5

    counted = {pk: PageView.objects.filter(page_id=pk).count() for pk in (first.pk, second.pk)}
    assert counted == {first.pk: 3, second.pk: 1}
    assert PageView.objects.filter(page_id=first.pk).values("visitor").distinct().count() == 2

    robot, robot_page, _ = reader(browser, browser.new_context().new_page().evaluate("navigator.userAgent"))
    robot_page.goto(site["url"] + second.url)
    robot_page.wait_for_timeout(500)
    assert PageView.objects.count() == 5, "headless Chromium's own user agent is a robot's"

    again = page.goto(site["url"] + "/")  # cached, still without the box: nothing is ranked before the roll-up
    assert page.locator(".most-read").count() == 0
    # A hit is the copy stored by the first visit (its life counts from then), a miss stores a new one now.
    cached_at = home_cached_at if again.headers.get("x-miftah-cache") == "hit" else time.monotonic()
    roll_up()  # what the worker's periodic job does every few minutes
    response = page.goto(site["url"] + "/")
    if time.monotonic() - cached_at < CACHE_SECONDS - 0.5:
        assert response.headers.get("x-miftah-cache") == "hit"
        assert page.locator(".most-read").count() == 0, "a cached page keeps the box it was rendered with"
    time.sleep(CACHE_SECONDS + 0.5)
    page.goto(site["url"] + "/")
    box = page.get_by_role("complementary", name="الأكثر قراءة")
    assert box.is_visible()
    today = box.get_by_role("region", name="اليوم").get_by_role("listitem")
    assert today.all_inner_texts()[:2] == [first.title, second.title]
    assert box.get_by_role("region", name="هذا الأسبوع").get_by_role("listitem").count() == 2
    assert page.evaluate("getComputedStyle(document.querySelector('.most-read ol')).direction") == "rtl"
    screenshot(page, "most-read-home", full_page=True)

    box.get_by_role("link", name=second.title).first.click()
    page.wait_for_url("**" + second.url)
    assert page.locator(".most-read li").count() == 4
    wait_for_views(7)
    assert PageView.objects.filter(page_id=second.pk, source="internal").count() == 1
    assert not [text for text in console if "Content Security Policy" in text or "Refused" in text]
    for ctx in (context, other, robot):
        ctx.close()


def test_a_newsletter_click_shows_on_the_dashboard(browser, site, screenshot):
    from django.contrib.auth.models import User

    from miftah.analytics.rollup import roll_up

    article = site["articles"][0]
    context, page, _ = reader(browser, CHROME)
    page.goto(site["url"] + article.url + "?utm_source=newsletter&utm_medium=email&utm_campaign=daily-brief")
    wait_for_views(1)
    roll_up()
    User.objects.create_superuser("chief", "chief@example.org", "secret-pass-123")
    page.goto(site["url"] + "/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "secret-pass-123")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_load_state()
    page.goto(site["url"] + "/admin/analytics/")
    newsletters = page.locator("section", has=page.get_by_role("heading", name="نقرات النشرات البريدية"))
    assert "daily-brief" in newsletters.inner_text()
    assert article.title in page.locator("section", has=page.get_by_role("heading", name="المقالات")).inner_text()
    screenshot(page, "analytics-dashboard", full_page=True)
    with page.expect_download() as download:
        newsletters.get_by_role("link", name="تصدير CSV", exact=True).click()
    text = open(download.value.path(), encoding="utf-8-sig").read()
    assert "daily-brief" in text and "النشرة" in text
    context.close()
