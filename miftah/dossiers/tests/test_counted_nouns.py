"""Generated Arabic text counts nouns by the rules of the counted noun (issue #18: «8 مقالاً», «أكثر 11 كيانات»)."""

from datetime import date

import pytest
from django.template import Context, Template

from miftah.dossiers.svg import coverage_chart
from miftah.dossiers.views import _most


@pytest.mark.parametrize("total, phrase", [(8, "المجموع 8 مقالات"), (1, "المجموع مقال واحد"), (11, "المجموع 11 مقالاً"),
                                           (100, "المجموع 100 مقال")])
def test_coverage_chart_description(total, phrase):
    svg = coverage_chart([(date(2026, 1, 1), total)], "العراق")
    assert phrase in svg


@pytest.mark.parametrize("n, phrase", [(11, "أكثر 11 كياناً"), (12, "أكثر 12 كياناً"), (5, "أكثر 5 كيانات"),
                                       (30, "أكثر 30 كياناً"), (2, "أكثر كيانين")])
def test_network_descriptions(n, phrase):
    assert _most(n) == phrase


@pytest.mark.parametrize("n, text", [(1, "مقال واحد"), (2, "مقالان"), (8, "8 مقالات"), (11, "11 مقالاً"), (100, "100 مقال")])
def test_template_tag(n, text):
    rendered = Template('{% load dossiers %}{% count_of n "مقال" %}|{{ n|counted:"مقال" }}').render(Context({"n": n}))
    assert rendered.split("|")[0] == text


def test_coverage_chart_labels_the_months_not_only_the_first_bar():
    months = [(date(2026, m, 1), m) for m in range(3, 13)]
    svg = coverage_chart(months, "العراق")
    assert svg.count('class="tick month"') >= 5
    assert "آذار" in svg and "أيلول" in svg
