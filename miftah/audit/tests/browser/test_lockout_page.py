"""A person who mistypes their password too often sees the Arabic lockout page, in a real browser."""

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_locked_out_user_sees_the_arabic_lockout_page(browser, live_server, screenshot):
    from django.contrib.auth.models import User

    from miftah.news.tests.factories import ensure_base_data

    ensure_base_data()
    User.objects.create_superuser("layla", "layla@example.org", "a long enough passphrase 42")
    context = browser.new_context(locale="ar")
    page = context.new_page()
    for n in range(settings.AXES_FAILURE_LIMIT):
        page.goto(live_server.url + "/admin/login/")
        page.fill("input[name=username]", "layla")
        page.fill("input[name=password]", f"wrong guess {n}")
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.click("button[type=submit]")
    assert answer.value.status == 429
    page.goto(live_server.url + "/admin/login/")  # the right password, now too late
    page.fill("input[name=username]", "layla")
    page.fill("input[name=password]", "a long enough passphrase 42")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.click("button[type=submit]")
    assert answer.value.status == 429
    page.wait_for_load_state("load")  # the answer is in; its stylesheet may still be on the way
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("h1").inner_text() == "الدخول موقوف مؤقتًا"
    assert "15 دقيقة" in page.locator("main").inner_text()
    # its stylesheet is a static file (no inline style for a strict CSP to block): the red bar is on the right
    assert page.evaluate("getComputedStyle(document.querySelector('main')).borderRightWidth") == "4px"
    screenshot(page, "login-lockout")
    context.close()
