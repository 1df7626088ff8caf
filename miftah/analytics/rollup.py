"""The roll-up the worker runs every few minutes (periodic job `analytics_rollup`): raw views of each open day
become DailyViews rows (views and distinct readers per page, source and newsletter list), a day's raw views and salt
are deleted once the day is over, and the «الأكثر قراءة» lists are ranked afresh.

Every open day is recomputed from its raw views rather than added to, so a run that fails or runs twice changes
nothing, and readers stay distinct over the whole day. Raw views are therefore kept for a day at most (plus a grace
period after midnight for beacons in flight); DailyViews keep one row per page, day and source.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from wagtail.models import Page

from miftah.core.cache import retire
from miftah.worker.periodic import PeriodicJob

from .models import DailySalt, DailyViews, MostRead, PageView

MOST_READ_TAG = "mostread"

GRACE = timedelta(minutes=10)
MOST_READ_SIZE = 5
WEEK_DAYS = 7


def roll_up(now=None):
    """Roll up every open day; returns the number of DailyViews rows written."""
    now = now or timezone.now()
    closed_before = timezone.localdate(now - GRACE)
    written = 0
    for day in sorted(set(PageView.objects.values_list("day", flat=True).distinct())):
        groups = list(PageView.objects.filter(day=day).values("page_id", "source", "campaign")
                      .annotate(views=Count("id"), readers=Count("visitor", distinct=True)).order_by())
        pages = set(Page.objects.filter(pk__in={g["page_id"] for g in groups}).values_list("pk", flat=True))
        rows = [DailyViews(day=day, **group) for group in groups if group["page_id"] in pages]
        with transaction.atomic():
            DailyViews.objects.filter(day=day).delete()
            DailyViews.objects.bulk_create(rows, batch_size=500)
            if day < closed_before:
                PageView.objects.filter(day=day).delete()
        written += len(rows)
    DailySalt.objects.filter(day__lt=timezone.localdate(now)).delete()
    keep_days = settings.MIFTAH_ANALYTICS_KEEP_DAYS
    if keep_days:
        DailyViews.objects.filter(day__lt=timezone.localdate(now) - timedelta(days=keep_days)).delete()
    rank_most_read(now)
    return written


def rank_most_read(now=None, size=MOST_READ_SIZE):
    """The live, public articles with the most readers today and over the last seven days."""
    from miftah.news.models import ArticlePage

    today = timezone.localdate(now or timezone.now())
    entries = []
    for period, first_day in ((MostRead.TODAY, today), (MostRead.WEEK, today - timedelta(days=WEEK_DAYS - 1))):
        ranked = list(DailyViews.objects.filter(day__gte=first_day, day__lte=today).values("page_id")
                      .annotate(total=Sum("readers"), views=Sum("views")).order_by("-total", "-views", "page_id")
                      .values_list("page_id", "total")[:size * 10])
        readable = set(ArticlePage.objects.live().public().filter(pk__in=[pk for pk, _ in ranked])
                       .values_list("pk", flat=True))
        shown = [(pk, total) for pk, total in ranked if pk in readable][:size]
        entries += [MostRead(period=period, rank=rank, page_id=pk, readers=total)
                    for rank, (pk, total) in enumerate(shown, 1)]
    with transaction.atomic():
        MostRead.objects.all().delete()
        MostRead.objects.bulk_create(entries)
    # No cached page carries this tag, so pages keep the box they were rendered with until they expire; retiring it
    # tells every process (the retirement is shared, miftah.core.cache) that the next render reads the new ranking.
    retire({MOST_READ_TAG})
    return entries


class AnalyticsRollup(PeriodicJob):
    """Raw page views into daily figures, and «الأكثر قراءة» ranked again."""

    name = "analytics_rollup"
    every = timedelta(minutes=settings.MIFTAH_ANALYTICS_ROLLUP_MINUTES)

    def run(self):
        roll_up()
