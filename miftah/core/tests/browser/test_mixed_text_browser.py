"""Mixed text in a real browser: in the Arabic admin a Latin name typed into a field runs left to right (the fields
have dir="auto", from miftah/core/static/miftah/js/admin_dir_auto.js), and on the reader's article page a Latin byline
inside the Arabic line is an isolated run (<bdi>)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    from django.contrib.auth.models import User

    from miftah.news.tests.factories import ensure_base_data, make_article, make_author, make_home, make_section

    ensure_base_data()
    author = make_author("John Smith", slug="john-smith")
    article = make_article(make_section(make_home(), "تقارير"), "لقاء Emmanuel Macron مع وفد لبناني",
                           body=("قال John Smith إن اللقاء مهم.",), authors=(author,))
    User.objects.create_superuser("editor", "e@example.com", "secret-pass-1")
    return live_server.url, article


def test_admin_fields_follow_the_typed_text_and_bylines_are_isolated(browser, site, screenshot):
    url, article = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    try:
        page.goto(url + "/admin/login/")
        page.fill("input[name=username]", "editor")
        page.fill("input[name=password]", "secret-pass-1")
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/")
        page.goto(f"{url}/admin/pages/{article.pk}/edit/")
        title = page.locator("#id_title")
        title.wait_for()
        page.wait_for_function("document.querySelector('#id_title').getAttribute('dir') === 'auto'")
        assert page.evaluate("document.documentElement.dir") == "rtl"
        title.fill("Emmanuel Macron")
        assert title.evaluate("el => el.matches(':dir(ltr)')"), "a Latin title should run left to right"
        title.fill("لقاء ماكرون")
        assert title.evaluate("el => el.matches(':dir(rtl)')")
        textareas = page.evaluate("[...document.querySelectorAll('textarea')].map(t => t.getAttribute('dir'))")
        assert textareas and set(textareas) == {"auto"}, textareas
        screenshot(page, "admin-dir-auto")

        page.goto(url + article.url)
        byline = page.locator(".byline bdi").first
        assert byline.inner_text() == "John Smith"
        assert byline.evaluate("el => getComputedStyle(el).unicodeBidi") == "isolate"
        assert byline.evaluate("el => el.matches(':dir(ltr)')")
    finally:
        context.close()
