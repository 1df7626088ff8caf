"""Dossier pages (miftah/dossiers) in a real browser: no interactive content inside role="img", labels a reader can read,
every month of the coverage chart labelled (issue #18)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = [("العراق", "place"), ("بغداد", "place"), ("الأمم المتحدة", "organisation"), ("طهران", "place"),
         ("إيران", "place"), ("مصطفى الكاظمي", "person"), ("حزب الدعوة", "organisation"), ("البصرة", "place"),
         ("الموصل", "place"), ("أربيل", "place"), ("دمشق", "place"), ("منظمة الصحة العالمية", "organisation"),
         ("نوري المالكي", "person")]

# Nodes of role="img" (or an svg with it) that contain something focusable: axe's nested-interactive rule.
NESTED_INTERACTIVE = """() => [...document.querySelectorAll('[role="img"]')].filter(el =>
    el.querySelector('a[href], button, input, select, textarea, [tabindex]')).length"""

# Rendered size in CSS pixels of each SVG text: its font size times the SVG's scale on screen.
TEXT_SIZES = """(selector) => [...document.querySelectorAll(selector)].map(t => {
    const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })"""


AXE = Path.home() / ".cache/page-audit/node_modules/axe-core/axe.min.js"  # /work/shared/tools/audit/install.sh


def axe_violations(page, rules):
    """axe-core's verdict on ``rules`` when the audit toolkit is installed (else None: the structural checks stand)."""
    if not AXE.exists():
        return None
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})", rules)
    return [(v["id"], len(v["nodes"])) for v in result["violations"]]


@pytest.fixture
def dossier_site(live_server):
    from miftah.dossiers.models import ArticleEntity, Entity
    from miftah.news.models import ArticlePage
    from miftah.news.tests.factories import bulk_articles, ensure_base_data, make_home, make_image, make_section

    ensure_base_data()
    home = make_home()
    section = make_section(home, "تقارير", slug="reports")
    bulk_articles(section, 30, hero=make_image())
    entities = [Entity.objects.get_or_create(canonical=name, defaults={"type": kind})[0] for name, kind in NAMES]
    ids = list(ArticlePage.objects.filter(live=True).order_by("pk").values_list("pk", flat=True))
    rows = [ArticleEntity(article_id=pk, entity=entity, count=1, first_offset=j, status=ArticleEntity.ACCEPTED)
            for i, pk in enumerate(ids) for j, entity in enumerate(entities) if j == 0 or i % (j % 5 + 1) == 0]
    ArticleEntity.objects.bulk_create(rows)
    for i, pk in enumerate(ids):  # one article every ~3 weeks: many months in the chart
        ArticlePage.objects.filter(pk=pk).update(first_published_at=timezone.now() - timedelta(days=9 * i))
    return {"url": live_server.url, "entities": entities}


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar", bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def test_dossier_figures_are_accessible_and_readable(dossier_site, page, screenshot):
    page.goto(dossier_site["url"] + dossier_site["entities"][0].get_absolute_url())
    screenshot(page, "dossier-page", full_page=True)
    assert page.evaluate(NESTED_INTERACTIVE) == 0
    network = page.locator("svg.dossier-network")
    assert network.get_attribute("role") == "group"
    assert network.get_attribute("aria-labelledby")
    assert page.locator("svg.dossier-network a").count() == 13
    # Table fallbacks stay.
    assert page.locator("table.co-mentions tbody tr").count() == 12
    assert page.locator("details.data-table table").count() == 1
    assert min(page.evaluate(TEXT_SIZES, "svg.dossier-network text")) >= 12
    assert min(page.evaluate(TEXT_SIZES, "svg.dossier-chart text.tick")) >= 11
    assert axe_violations(page, ["nested-interactive", "svg-img-alt", "role-img-alt", "aria-allowed-role",
                                 "link-name"]) in (None, [])
    # Months are labelled along the axis, not just the first bar.
    months = page.evaluate("[...document.querySelectorAll('svg.dossier-chart text.month')].map(t => t.textContent)")
    assert len(months) >= 4 and len(set(months)) >= 4


def test_region_network_labels_are_readable(dossier_site, page, screenshot):
    page.goto(dossier_site["url"] + "/dossiers/network/")
    screenshot(page, "dossiers-network")
    assert page.evaluate(NESTED_INTERACTIVE) == 0
    assert axe_violations(page, ["nested-interactive", "link-name"]) in (None, [])
    assert min(page.evaluate(TEXT_SIZES, "svg.dossier-network text")) >= 12


def test_small_screen_network_labels(dossier_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="ar")
    page = context.new_page()
    try:
        page.goto(dossier_site["url"] + dossier_site["entities"][0].get_absolute_url())
        assert min(page.evaluate(TEXT_SIZES, "svg.dossier-network text")) >= 9
    finally:
        context.close()
