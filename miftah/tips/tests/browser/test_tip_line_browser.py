"""In Chromium: a source sends Arabic text and a photo and sees its code; an editor opens the tip in the admin with
the key file and reads it. The source's page asks nothing of another host and leaves no cookie."""

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from miftah.tips import crypto
from miftah.tips.tests.conftest import gps_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe_violations(page):
    """axe-core (shipped with axe-playwright-python) on the page as it stands; evaluated, so the page's CSP allows it."""
    import axe_playwright_python

    page.evaluate((Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert result["passes"]
    return [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]

# Markup a source might type (or an attacker posing as one): shown as text, never run.
TEXT = ("رأيت شاحنات تفرغ حاويات في الميناء ليلاً دون أوراق جمركية، وعندي صورة. "
        "<img src=x onerror=alert(1)><script>alert(2)</script>")


def test_a_source_sends_a_tip_and_an_editor_reads_it(browser, live_server, settings, tmp_path, screenshot):
    from django.contrib.auth.models import User

    from miftah.news.tests.factories import ensure_base_data, make_home
    from miftah.tips.models import Tip

    ensure_base_data()
    make_home()
    key_file, settings.MIFTAH_TIPS_PUBLIC_KEY = crypto.new_key_pair()
    key_path = tmp_path / "newsroom-tips.key"
    key_path.write_text(key_file)
    photo = tmp_path / "ميناء.jpg"
    photo.write_bytes(gps_jpeg())
    User.objects.create_superuser("editor", "e@example.com", "secret-pass-1")

    source = browser.new_context(locale="ar", viewport={"width": 390, "height": 844})
    page = source.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.goto(live_server.url + "/tips/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_violations(page) == []
    page.fill("textarea[name=text]", TEXT)
    page.set_input_files("input[name=files]", str(photo))
    screenshot(page, "tips-form", full_page=True)
    page.click("button[type=submit]")
    code = page.text_content("#tip-code")
    assert crypto.normalize_code(code), code
    assert "نُزعت منها البيانات الوصفية" in page.text_content("main")
    screenshot(page, "tips-sent", full_page=True)
    assert axe_violations(page) == []
    assert hosts == {urlsplit(live_server.url).netloc}
    assert source.cookies() == []
    source.close()
    tip = Tip.objects.get()

    editor = browser.new_context(locale="ar", viewport={"width": 1280, "height": 900})
    admin = editor.new_page()
    dialogs = []
    admin.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    admin.goto(live_server.url + "/admin/login/")
    admin.fill("input[name=username]", "editor")
    admin.fill("input[name=password]", "secret-pass-1")
    admin.click("button[type=submit]")
    admin.wait_for_url("**/admin/")
    admin.goto(live_server.url + "/admin/tips/")
    admin.click(f"text=معلومة رقم {tip.pk}")
    assert TEXT not in admin.content()
    admin.set_input_files("#key-file", str(key_path))
    admin.click("button[value=read]")
    admin.wait_for_selector(".tips-text")
    assert admin.text_content(".tips-text").strip() == TEXT
    assert "ميناء.jpg" in admin.text_content(".tips-opened")
    screenshot(admin, "tips-admin-opened", full_page=True)
    with admin.expect_download() as download:
        admin.set_input_files("#key-file", str(key_path))
        admin.click("button[name=download][value='1']")
    assert download.value.suggested_filename == "ميناء.jpg"
    assert dialogs == []
    editor.close()
