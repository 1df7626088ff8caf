"""The enforced Content-Security-Policy breaks nothing (issue #17): reader pages and the main Wagtail admin screens
load in Chromium, with their scripts run and widgets opened, and the browser reports 0 violations.

Violations are collected from the `securitypolicyviolation` event in every frame (through a binding that survives
navigation) and from Chromium's console, which also logs what the event would miss.
"""

import io
import json

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """document.addEventListener('securitypolicyviolation', (e) => window.__cspViolation({
    directive: e.effectiveDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber,
    sample: e.sample, page: e.documentURI}), true);"""
EMBED_URL = "https://www.youtube.com/watch?v=csp-test-1"


@pytest.fixture
def csp_site(live_server):
    from django.contrib.auth.models import User
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    from miftah.dossiers.models import ArticleEntity, Entity
    from miftah.news.tests.factories import ensure_base_data, make_article, make_home, make_image, make_section

    ensure_base_data()
    # The embed as the oEmbed finder would have stored it (no network here).
    Embed.objects.create(url=EMBED_URL, hash=get_embed_hash(EMBED_URL), type="video", width=560, height=315,
                         html='<iframe width="560" height="315" src="https://www.youtube-nocookie.com/embed/x" '
                              'title="فيديو" allowfullscreen></iframe>', provider_name="YouTube")
    section = make_section(make_home(), "سياسة", slug="politics")
    image = make_image()
    body = json.dumps([
        {"type": "paragraph", "value": "<p>زار الوفد <b>بغداد</b> أمس.</p>"},
        {"type": "image", "value": {"image": image.pk, "caption": "الوفد", "credit": "مفتاح", "alt": "صورة الوفد"}},
        {"type": "embed", "value": EMBED_URL},
    ], ensure_ascii=False)
    make_article(section, "خبر بصورة رئيسية", hero=image)
    article = make_article(section, "الوفد في بغداد", dek="زيارة", tags=("بغداد",))  # its hero chooser left empty
    from miftah.news.models import ArticlePage

    ArticlePage.objects.filter(pk=article.pk).update(body=body)
    entity = Entity.objects.get_or_create(canonical="بغداد", defaults={"type": "place"})[0]
    ArticleEntity.objects.update_or_create(article_id=article.pk, entity=entity,
                                           defaults={"count": 1, "status": ArticleEntity.ACCEPTED})
    User.objects.create_superuser("chief", "chief@example.org", "secret-pass-1")
    return {"url": live_server.url, "article": article, "section": section, "entity": entity}


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
    violations = []
    context.expose_binding("__cspViolation", lambda source, report: violations.append(report))
    context.add_init_script(LISTEN)
    # Third-party embeds (the YouTube frame) are not fetched: no network here, and not what is being tested.
    context.route("https://**/*", lambda route: route.abort())
    page = context.new_page()
    page.on("console", lambda message: "Content Security Policy" in message.text and violations.append(message.text))
    yield page, violations
    context.close()


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    assert "script-src 'self'" in response.headers["content-security-policy"], url  # enforced, not report-only
    page.wait_for_load_state("networkidle")
    return response


def test_reader_pages_report_no_violation(csp_site, watched):
    page, violations = watched
    url, article = csp_site["url"], csp_site["article"]
    for path in ["/", "/politics/", article.url, "/search/?q=بغداد", f"/dossiers/{csp_site['entity'].slug}/",
                 "/dossiers/"]:
        response = visit(page, url + path)
        policy = response.headers["content-security-policy"]
        assert "'unsafe-inline'" not in policy and "nonce-" not in policy, policy
    page.goto(url + article.url)
    assert page.locator(".responsive-object iframe").count() == 1
    assert page.locator('script[type="application/ld+json"]').count() >= 1  # data, not run: no violation either
    assert page.evaluate("document.documentElement.classList.contains('js')")  # early.js ran
    page.fill("#site-search", "الوف")  # suggestions (search/suggest.js) fetch JSON
    page.click(".theme-toggle")
    page.wait_for_timeout(300)
    assert violations == [], "\n".join(map(str, violations))


def test_admin_screens_report_no_violation(csp_site, watched):
    page, violations = watched
    url, article = csp_site["url"], csp_site["article"]
    page.goto(url + "/admin/login/")
    page.fill("input[name=username]", "chief")
    page.fill("input[name=password]", "secret-pass-1")
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    from wagtail.models import Site

    site = Site.objects.get(is_default_site=True)
    for path in ["/admin/", f"/admin/pages/{csp_site['section'].pk}/", "/admin/snippets/",
                 "/admin/snippets/news/author/", f"/admin/settings/core/sitesettings/{site.pk}/",
                 "/admin/reports/locked/", "/admin/reports/site-history/", "/admin/reports/csp/",
                 "/admin/images/", "/admin/documents/", "/admin/users/", f"/admin/dossiers/article/{article.pk}/"]:
        response = visit(page, url + path)
        assert "'unsafe-inline'" not in response.headers["content-security-policy"].split("script-src")[1].split(";")[0]

    # Page edit: Draftail rich text, inline panels and date widgets (nonce'd inline scripts), the image chooser modal,
    # the preview panel.
    visit(page, f"{url}/admin/pages/{article.pk}/edit/")
    page.wait_for_selector("[data-draftail-editor]")
    page.click("#id_hero_image-chooser .unchosen [data-chooser-action-choose]")
    page.wait_for_selector(".modal-content form", state="attached")
    page.wait_for_load_state("networkidle")
    page.click(".modal-content a[href='#tab-upload'], .modal-content [role=tab] >> nth=1")  # the upload form
    page.wait_for_timeout(200)
    page.keyboard.press("Escape")
    # The preview panel: the reader template rendered by the admin, in a frame of the admin.
    page.click("[data-side-panel-toggle='preview']")
    page.wait_for_function("""() => { const d = document.querySelector('#w-preview-iframe')?.contentDocument;
        return d && d.readyState === 'complete' && d.querySelector('.site-header'); }""")
    page.wait_for_load_state("networkidle")

    # Upload an image: file previews are drawn from blob: URLs.
    visit(page, url + "/admin/images/multiple/add/")
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 90, 40)).save(buffer, "JPEG")
    page.set_input_files("#fileupload", {"name": "وفد.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()})
    page.wait_for_selector("#upload-list li.upload-success, #upload-list li.upload-complete", timeout=15000)
    page.wait_for_timeout(300)
    assert violations == [], "\n".join(map(str, violations))
