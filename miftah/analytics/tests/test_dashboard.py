"""The editors' dashboard and its CSV export: who may see it, the figures per article, section, author, dossier,
source and newsletter list, the period, and bad input."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client
from django.utils import timezone

from miftah.analytics.models import DIRECT, NEWSLETTER, SEARCH, SOCIAL, DailyViews
from miftah.analytics.report import breakdown
from miftah.dossiers.models import ArticleEntity, Entity

pytestmark = pytest.mark.django_db
URL = "/admin/analytics/"


def member(group_name):
    user = User.objects.create_user(f"user-{group_name}", "u@example.org", "secret-pass-123")
    user.groups.add(Group.objects.get(name=group_name))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def figures(newsroom):
    """Yesterday and today's roll-up for the newsroom: the first article (by ليلى حداد, in politics) leads."""
    a, b, c, d = newsroom["articles"]
    today = timezone.localdate()
    rows = [(today, a, DIRECT, "", 10, 6), (today, a, NEWSLETTER, "weekly", 4, 4), (today, b, SEARCH, "", 3, 3),
            (today - timedelta(days=1), d, SOCIAL, "", 5, 5), (today - timedelta(days=1), c, NEWSLETTER, "=cmd", 2, 1),
            (today - timedelta(days=40), b, DIRECT, "", 99, 99)]
    DailyViews.objects.bulk_create(DailyViews(day=day, page_id=page.pk, source=source, campaign=campaign, views=v,
                                              readers=r) for day, page, source, campaign, v, r in rows)
    entity = Entity.objects.create(canonical="ميناء بيروت", type="place")
    ArticleEntity.objects.create(article=a, entity=entity, status=ArticleEntity.ACCEPTED)
    ArticleEntity.objects.create(article=b, entity=entity, status=ArticleEntity.REJECTED)
    return newsroom | {"entity": entity}


def test_totals_per_article_section_author_dossier_source_and_newsletter(figures):
    a, b, c, d = figures["articles"]
    today = timezone.localdate()
    start = today - timedelta(days=29)

    def totals(dimension):
        return [(line.label, line.views, line.readers) for line in breakdown(dimension, start, today)]

    assert totals("article") == [(a.title, 14, 10), (d.title, 5, 5), (b.title, 3, 3), (c.title, 2, 1)]
    assert totals("section") == [("المفتاح الاستخباراتي", 17, 13), ("اقتصاد", 5, 5), ("الخليج", 2, 1)]
    assert totals("author") == [("ليلى حداد", 19, 15)]
    assert totals("dossier") == [("ميناء بيروت", 14, 10)], "a rejected link does not count"
    assert totals("source") == [("مباشر", 10, 6), ("النشرة البريدية", 6, 5), ("الشبكات الاجتماعية", 5, 5),
                                ("محركات البحث", 3, 3)]
    assert totals("newsletter") == [("weekly", 4, 4), ("=cmd", 2, 1)]


def test_day_by_day(figures):
    a = figures["articles"][0]
    today = timezone.localdate()
    lines = breakdown("author", today - timedelta(days=1), today, daily=True)
    assert [(line.day, line.views) for line in lines] == [(today - timedelta(days=1), 5), (today, 14)]
    assert breakdown("article", today, today)[0].key == a.pk


def test_editors_see_the_dashboard_in_arabic(figures):
    response = member("محررون").get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    for heading in ("القراءات", "المقالات", "الأقسام", "الكتّاب", "الملفات", "مصادر الزيارات", "نقرات النشرات البريدية"):
        assert heading in html
    assert figures["articles"][0].title in html and "ميناء بيروت" in html and "weekly" in html
    assert "<progress" in html and 'style="' not in html
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_the_dashboard_is_under_reports_for_those_allowed():
    editors, writers = member("محررون"), member("كتّاب")
    assert URL in editors.get("/admin/reports/").content.decode() or URL in editors.get("/admin/").content.decode()
    assert URL not in writers.get("/admin/").content.decode()


def test_writers_and_readers_are_refused(figures):
    writer = member("كتّاب")
    response = writer.get(URL)
    assert response.status_code == 403 and "لا تملك صلاحية" in response.content.decode()
    assert writer.get(URL + "?export=article").status_code == 403
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_csv_export_in_arabic_with_formulas_defused(figures):
    response = member("مدراء").get(URL, {"export": "newsletter"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0] == ["النشرة", "المعرّف", "المشاهدات", "القرّاء"]
    assert rows[1:] == [["weekly", "weekly", "4", "4"], ["'=cmd", "'=cmd", "2", "1"]]


def test_csv_export_day_by_day(figures):
    today = timezone.localdate()
    response = member("محررون").get(URL, {"export": "article", "daily": "1", "from": str(today - timedelta(days=1)),
                                          "to": str(today)})
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0] == ["اليوم", "المقال", "المعرّف", "المشاهدات", "القرّاء"]
    assert [row[0] for row in rows[1:]] == [str(today - timedelta(days=1))] * 2 + [str(today)] * 2


def test_the_period_is_chosen_and_old_figures_counted_when_asked(figures):
    today = timezone.localdate()
    b = figures["articles"][1]
    lines = breakdown("article", today - timedelta(days=60), today)
    assert (b.title, 102) in [(line.label, line.views) for line in lines]


@pytest.mark.parametrize("params, message", [
    ({"from": "أمس"}, "غير صالح"), ({"to": "2026-13-01"}, "غير صالح"),
    ({"from": "2026-12-05", "to": "2026-12-01"}, "بعد نهايتها"), ({"from": "2020-01-01", "to": "2026-01-01"}, "أطول"),
    ({"export": "passwords"}, "غير معروف"),
])
def test_bad_input_gets_a_clear_error(figures, params, message):
    response = member("محررون").get(URL, params)
    assert response.status_code == 400
    assert message in response.content.decode()
