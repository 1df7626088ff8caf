"""Timeline rows from article text (issue #18): a sentence with two dates is one entry, and a relative year
("العام الماضي") is not turned into a bare year entry."""

from datetime import datetime, timezone

import pytest

from miftah.dossiers.indexing import analyse
from miftah.news.tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 12, 4, 9, 0, tzinfo=timezone.utc)


def rows_for(home, *body):
    article = make_article(make_section(home, "تقارير"), "تقرير", body=body)
    article.first_published_at = PUBLISHED
    return analyse(article)[1]


def test_a_sentence_with_two_dates_is_one_entry(home):
    rows = rows_for(home, "زار وفد العراق في 3 آذار 2024 بعد محادثات بدأت في كانون الثاني 2024.")
    iraq = [r for r in rows if r.snippet.startswith("زار وفد العراق")]
    assert len(iraq) == len({r.entity_id for r in iraq})
    assert {(r.iso, r.precision) for r in iraq} == {("2024-03-03", "day")}


def test_relative_year_is_not_a_year_entry(home):
    rows = rows_for(home, "شهد العراق العام الماضي احتجاجات واسعة.", "وفي عام 2019 شهد العراق احتجاجات أخرى.")
    assert {r.iso for r in rows} == {"2019"}


def test_a_written_year_is_kept(home):
    rows = rows_for(home, "زار وفد العراق في 3 آذار الماضي.")
    assert {(r.iso, r.precision) for r in rows} == {("2026-03-03", "day")}
