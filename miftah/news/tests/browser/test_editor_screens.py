"""Editors' screens in a real browser (issue #18): the «إضافة كيان معروف» input can be seen."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin_page(browser, live_server):
    from django.contrib.auth.models import User

    from miftah.news.tests.factories import ensure_base_data, make_article, make_home, make_section

    ensure_base_data()
    article = make_article(make_section(make_home(), "تقارير"), "تقرير", body=("زار الوفد بلدة الزعفرانية.",))
    User.objects.create_superuser("editor", "e@example.com", "secret-pass-1")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", "secret-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    yield page, live_server.url, article
    context.close()


def test_add_known_entity_input_is_visible(admin_page, screenshot):
    page, url, article = admin_page
    page.goto(f"{url}/admin/dossiers/article/{article.pk}/")
    screenshot(page, "admin-article-entities", full_page=True)
    style = page.evaluate("""() => { const s = getComputedStyle(document.getElementById('add-name'));
        const r = document.getElementById('add-name').getBoundingClientRect();
        return {border: parseFloat(s.borderTopWidth), colour: s.borderTopColor, bg: s.backgroundColor, width: r.width,
                page: getComputedStyle(document.body).backgroundColor}; }""")
    assert style["border"] >= 1, style
    assert style["colour"] != style["bg"], style
    assert style["width"] >= 150, style
