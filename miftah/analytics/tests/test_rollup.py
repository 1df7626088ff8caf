"""The worker's roll-up: raw views into daily figures, closed days and salts deleted, «الأكثر قراءة» ranked, and the
box on real rendered pages in one query."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from miftah.analytics.models import DIRECT, NEWSLETTER, SEARCH, DailySalt, DailyViews, MostRead, PageView
from miftah.analytics.rollup import AnalyticsRollup, roll_up
from miftah.worker.periodic import PERIODIC_JOBS

pytestmark = pytest.mark.django_db
NOON = timezone.make_aware(datetime(2026, 12, 6, 12, 0))


def views(page, count, *, day=None, source=DIRECT, campaign="", visitors=None):
    day = day or timezone.localdate(NOON)
    PageView.objects.bulk_create(
        PageView(day=day, page_id=page.pk, source=source, campaign=campaign,
                 visitor=f"v{(i % visitors) if visitors else i:015d}") for i in range(count))


def test_views_become_daily_rows_with_distinct_readers(newsroom):
    first, second = newsroom["articles"][:2]
    views(first, 6, visitors=2)
    views(first, 3, source=NEWSLETTER, campaign="weekly")
    views(second, 1, source=SEARCH)
    roll_up(NOON)
    rows = {(r.page_id, r.source, r.campaign): (r.views, r.readers) for r in DailyViews.objects.all()}
    assert rows == {(first.pk, DIRECT, ""): (6, 2), (first.pk, NEWSLETTER, "weekly"): (3, 3),
                    (second.pk, SEARCH, ""): (1, 1)}
    assert PageView.objects.count() == 10, "today is still open: its raw views stay for distinct readers"


def test_running_twice_or_after_more_views_recounts_the_day(newsroom):
    article = newsroom["articles"][0]
    views(article, 2)
    roll_up(NOON)
    roll_up(NOON)
    assert DailyViews.objects.get().views == 2
    views(article, 3)
    roll_up(NOON)
    assert DailyViews.objects.get().views == 5


def test_a_closed_day_keeps_its_figures_and_loses_its_raw_views_and_salt(newsroom):
    article = newsroom["articles"][0]
    yesterday = timezone.localdate(NOON) - timedelta(days=1)
    views(article, 4, day=yesterday)
    DailySalt.objects.create(day=yesterday, salt=b"x" * 32)
    DailySalt.objects.create(day=timezone.localdate(NOON), salt=b"y" * 32)
    roll_up(NOON)
    assert not PageView.objects.exists()
    assert DailyViews.objects.get(day=yesterday).views == 4
    assert list(DailySalt.objects.values_list("day", flat=True)) == [timezone.localdate(NOON)]


def test_just_after_midnight_yesterday_stays_open_for_beacons_in_flight(newsroom):
    article = newsroom["articles"][0]
    just_after = timezone.make_aware(datetime(2026, 12, 7, 0, 3))
    views(article, 2, day=timezone.localdate(NOON))
    roll_up(just_after)
    assert PageView.objects.count() == 2
    roll_up(just_after + timedelta(minutes=10))
    assert not PageView.objects.exists() and DailyViews.objects.get().views == 2


def test_views_of_unknown_pages_are_dropped(newsroom):
    PageView.objects.create(day=timezone.localdate(NOON), page_id=987654, source=DIRECT, visitor="x")
    assert roll_up(NOON) == 0
    assert not DailyViews.objects.exists()


def test_old_daily_figures_go_after_the_retention(newsroom, settings):
    settings.MIFTAH_ANALYTICS_KEEP_DAYS = 30
    article = newsroom["articles"][0]
    DailyViews.objects.create(day=timezone.localdate(NOON) - timedelta(days=31), page_id=article.pk, source=DIRECT,
                              views=1, readers=1)
    DailyViews.objects.create(day=timezone.localdate(NOON) - timedelta(days=29), page_id=article.pk, source=DIRECT,
                              views=1, readers=1)
    roll_up(NOON)
    assert DailyViews.objects.count() == 1


def test_most_read_ranks_readers_today_and_over_the_week(newsroom):
    a, b, c, d = newsroom["articles"]
    views(a, 10, visitors=1)          # many views, one reader (reloads) ranks below...
    views(b, 3)                       # ...three readers
    views(c, 2)
    views(d, 9, day=timezone.localdate(NOON) - timedelta(days=3))
    views(c, 50, day=timezone.localdate(NOON) - timedelta(days=8))  # outside the week
    roll_up(NOON)
    ranked = {p: list(MostRead.objects.filter(period=p).values_list("page_id", flat=True))
              for p in (MostRead.TODAY, MostRead.WEEK)}
    assert ranked[MostRead.TODAY] == [b.pk, c.pk, a.pk]
    assert ranked[MostRead.WEEK] == [d.pk, b.pk, c.pk, a.pk]


def test_most_read_leaves_out_unpublished_and_non_article_pages(newsroom):
    a, b = newsroom["articles"][:2]
    views(a, 3)
    views(b, 2)
    views(newsroom["home"], 20)
    b.unpublish()
    roll_up(NOON)
    assert list(MostRead.objects.filter(period=MostRead.TODAY).values_list("page_id", flat=True)) == [a.pk]


def test_the_rollup_is_a_periodic_job_of_the_worker():
    (job,) = [job for job in PERIODIC_JOBS if isinstance(job, AnalyticsRollup)]
    assert job.name == "analytics_rollup" and job.every == timedelta(minutes=5)


def test_the_periodic_job_rolls_up_when_it_is_due(newsroom):
    views(newsroom["articles"][0], 2, day=timezone.localdate())
    (job,) = [job for job in PERIODIC_JOBS if isinstance(job, AnalyticsRollup)]
    assert job.claim() is True  # what the worker's tick does first (tick also closes the test's connection)
    job.run()
    assert DailyViews.objects.get().views == 2
    assert MostRead.objects.filter(period=MostRead.TODAY).count() == 1
    assert job.claim() is False, "not due again for five minutes"


def box_queries(path):
    """The most-read queries of a first render past the page cache, and of a second one."""
    client = Client()
    with CaptureQueriesContext(connection) as first:
        response = client.get(path, HTTP_COOKIE="sessionid=none")  # past the page cache
    with CaptureQueriesContext(connection) as second:
        response = client.get(path, HTTP_COOKIE="sessionid=none")
    return response, *([q["sql"] for q in queries if "analytics_mostread" in q["sql"]] for queries in (first, second))


@pytest.mark.parametrize("where", ["home", "section", "article"])
def test_the_box_is_on_home_sections_and_articles_in_one_query_then_none(newsroom, where):
    a, b = newsroom["articles"][:2]
    views(a, 2, day=timezone.localdate())
    views(b, 1, day=timezone.localdate())
    roll_up()
    path = {"home": "/", "section": newsroom["sections"]["economy"].url, "article": newsroom["articles"][3].url}[where]
    response, first, second = box_queries(path)
    html = response.content.decode()
    assert response.status_code == 200 and len(first) == 1 and second == [], (first, second)
    assert "الأكثر قراءة" in html and 'aria-labelledby="most-read-title"' in html
    box = html[html.index('class="most-read"'):]
    assert box.index(a.title) < box.index(b.title)
    assert "اليوم" in box and "هذا الأسبوع" in box


def test_no_box_before_any_view_and_an_unpublished_article_leaves_it_at_once(newsroom):
    assert "most-read" not in Client().get("/").content.decode()
    a = newsroom["articles"][0]
    views(a, 2, day=timezone.localdate())
    roll_up()
    assert a.title in Client().get(newsroom["sections"]["economy"].url).content.decode()
    a.unpublish()
    html = Client().get(newsroom["sections"]["economy"].url, HTTP_COOKIE="sessionid=none").content.decode()
    assert "most-read" not in html


def test_reader_pages_load_the_beacon_with_their_page_id_and_no_inline_script(newsroom):
    article = newsroom["articles"][0]
    html = Client().get(article.url).content.decode()
    assert f'src="/static/analytics/beacon.js" data-page="{article.pk}" data-endpoint="/qiraa/" defer' in html
    assert "<script>" not in html
