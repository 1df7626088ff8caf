"""axe-core on every kind of reader page, at 390 px and 1366 px, light and dark: no violation (WCAG 2.1 A/AA and
axe's best practices). axe-core's own script comes with the `axe-playwright-python` package (no download)."""

from pathlib import Path
from urllib.parse import unquote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RULE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture(scope="module")
def axe_script():
    axe = pytest.importorskip("axe_playwright_python", reason="pip install axe-playwright-python (the test extra)")
    return (Path(axe.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def reader_pages(site):
    from miftah.dossiers.models import ArticleEntity
    from miftah.news.tests.factories import make_article

    article = make_article(site["sections"]["politics"], "وفد الأمم المتحدة في بغداد",
                           body=("وصل وفد من الأمم المتحدة إلى بغداد في 3 آذار 2025 لبحث الانتخابات في العراق.",),
                           tags=("حدود",), authors=(site["author"],), hero=site["hero"], dek="موجز الزيارة")
    entity = ArticleEntity.objects.filter(article=article).select_related("entity").first().entity
    return {
        "home": "/", "section": site["sections"]["politics"].url, "nested section": site["sections"]["gulf"].url,
        "article": article.url, "author": site["author"].get_url(), "tag": article.tags.first().get_url(),
        "search": "/search/?q=بغداد", "search without results": "/search/?q=زززز", "dossiers": "/dossiers/",
        "dossier": unquote(entity.get_absolute_url()), "network": "/dossiers/network/", "not found": "/لا-توجد/",
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1366])
def test_no_accessibility_violation_on_any_reader_page(live_newsroom, browser, axe_script, width, scheme):
    pages = reader_pages(live_newsroom)
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme, locale="ar")
    page = context.new_page()
    found = {}
    try:
        for name, path in pages.items():
            response = page.goto(live_newsroom["url"] + path, wait_until="networkidle")
            assert response.status == (404 if name == "not found" else 200), (name, path, response.status)
            page.evaluate(axe_script)
            result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", RULE_TAGS)
            assert result["passes"], f"axe checked nothing on {name}"
            violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in result["violations"]]
            if violations:
                found[name] = violations
    finally:
        context.close()
    assert not found, found
