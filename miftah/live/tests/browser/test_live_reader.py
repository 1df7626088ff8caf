"""Issue #14's "done when": an editor posts an update from the admin desk and a reader's open page shows it within
5 s, without reloading, with the count of updates since the reader arrived, no CSP violation and no accessibility
violation in the live block (axe-core)."""

import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def live_site(live_server):
    from django.contrib.auth.models import User

    from miftah.live.coverage import save_update, start_coverage
    from miftah.live.models import LiveUpdate
    from miftah.news.tests.factories import ensure_base_data, make_article, make_home, make_section

    ensure_base_data()
    section = make_section(make_home(), "سياسة", slug="politics")
    article = make_article(section, "جلسة طارئة لمجلس النواب", dek="نتابع الجلسة لحظة بلحظة",
                           body=("يعقد مجلس النواب جلسة طارئة لمناقشة الموازنة.",))
    coverage = start_coverage(article)
    save_update(LiveUpdate(coverage=coverage, body="افتُتحت الجلسة بحضور 180 نائباً.", is_key_event=True))
    User.objects.create_superuser("desk", "desk@example.org", "secret-pass-1")
    return {"url": live_server.url, "article": article}


def test_an_update_posted_by_an_editor_appears_on_an_open_reader_page_within_5_seconds(browser, live_site, screenshot):
    reader_context = browser.new_context(viewport={"width": 390, "height": 900}, locale="ar")
    editor_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    problems = []
    try:
        reader = reader_context.new_page()
        reader.on("console", lambda m: m.type == "error" and problems.append(m.text))
        reader.on("pageerror", lambda e: problems.append(str(e)))
        response = reader.goto(live_site["url"] + live_site["article"].url)
        assert response.status == 200
        assert reader.locator(".live-badge").is_visible()
        assert reader.locator(".live-update").count() == 1
        assert reader.locator(".ticker li", has_text=live_site["article"].title).first.inner_text().startswith("مباشر:")

        editor = editor_context.new_page()
        editor.goto(live_site["url"] + "/admin/login/")
        editor.fill("input[name=username]", "desk")
        editor.fill("input[name=password]", "secret-pass-1")
        editor.click("button[type=submit]")
        editor.wait_for_url("**/admin/")
        editor.goto(f"{live_site['url']}/admin/live/{live_site['article'].pk}/")
        editor.fill("textarea[name=body]", "أقرّ المجلس الموازنة بأغلبية 120 صوتاً.")
        editor.fill("input[name=headline]", "إقرار الموازنة")
        editor.check("input[name=is_key_event]")
        screenshot(editor, "live-desk", full_page=True)
        editor.get_by_role("button", name="نشر التحديث").click()
        editor.wait_for_load_state("load")
        posted = time.monotonic()
        assert "نُشر التحديث." in editor.content()

        headline = reader.locator(".live-update-headline", has_text="إقرار الموازنة")
        headline.wait_for(state="visible", timeout=5000)
        seen_after = time.monotonic() - posted
        assert seen_after < 5, seen_after
        first = reader.locator(".live-updates .live-update").first
        assert "أقرّ المجلس الموازنة بأغلبية 120 صوتاً." in first.inner_text()  # newest on top
        assert reader.locator(".live-status").inner_text().startswith("تحديث جديد واحد منذ وصولك")
        assert reader.locator(".live-count").inner_text() == "2"
        href = reader.locator(".live-status a").get_attribute("href")
        assert href == "#" + first.get_attribute("id")
        screenshot(reader, "live-reader-new-update", full_page=True)
        assert not problems, problems
        axe = pytest.importorskip("axe_playwright_python", reason="pip install axe-playwright-python (the test extra)")
        reader.evaluate((Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8"))
        result = reader.evaluate("() => axe.run(document.getElementById('live'), {runOnly: {type: 'tag', values: "
                                 "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})")
        assert result["passes"]
        assert [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]] == []
        print(f"update seen by the reader {seen_after:.2f}s after the editor's post")
    finally:
        reader_context.close()
        editor_context.close()


def test_the_reader_page_stops_polling_when_the_coverage_ends(browser, live_site):
    from miftah.live.coverage import end_coverage
    from miftah.live.models import LiveCoverage

    context = browser.new_context(locale="ar")
    try:
        page = context.new_page()
        page.goto(live_site["url"] + live_site["article"].url)
        assert page.locator(".live-badge").is_visible()
        end_coverage(LiveCoverage.objects.get(article=live_site["article"]))
        page.locator(".live-status", has_text="انتهت التغطية المباشرة.").wait_for(timeout=5000)
        assert page.locator(".live-badge").count() == 0
        polls = []
        page.on("request", lambda r: "updates.json" in r.url and polls.append(r.url))
        page.wait_for_timeout(4000)
        assert polls == []
    finally:
        context.close()
