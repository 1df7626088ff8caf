"""What the analytics keep: raw page views for the days still open (no IP, no user agent, no cookie: a visitor is a
hash with a salt that is thrown away after its day), the daily roll-up kept for the dashboard, and the «الأكثر قراءة»
lists the roll-up computes for the reader pages.
"""

from django.utils.translation import gettext_lazy, pgettext_lazy
from django.db import models

DIRECT, SEARCH, SOCIAL, NEWSLETTER, INTERNAL, OTHER = "direct", "search", "social", "newsletter", "internal", "other"
SOURCES = [
    (DIRECT, pgettext_lazy("traffic source", "مباشر")), (SEARCH, gettext_lazy("محركات البحث")), (SOCIAL, gettext_lazy("الشبكات الاجتماعية")), (NEWSLETTER, gettext_lazy("النشرة البريدية")),
    (INTERNAL, gettext_lazy("من داخل الموقع")), (OTHER, gettext_lazy("مواقع أخرى")),
]


class PageView(models.Model):
    """One view of one page, as the beacon reported it; deleted once its day is closed and rolled up."""

    day = models.DateField()
    page_id = models.PositiveIntegerField()
    source = models.CharField(max_length=10, choices=SOURCES)
    campaign = models.CharField(max_length=60, blank=True)
    visitor = models.CharField(max_length=16)  # blake2b of address and browser, keyed by the day's salt

    class Meta:
        indexes = [models.Index(fields=["day"])]


class DailySalt(models.Model):
    """The key of the day's visitor hashes; deleted when the day is over, so no hash can be traced back afterwards."""

    day = models.DateField(primary_key=True)
    salt = models.BinaryField(max_length=32)


class DailyViews(models.Model):
    """Views and distinct readers of one page on one day from one kind of source (and newsletter list)."""

    day = models.DateField(gettext_lazy("اليوم"))
    page_id = models.PositiveIntegerField(gettext_lazy("الصفحة"))
    source = models.CharField(gettext_lazy("المصدر"), max_length=10, choices=SOURCES)
    campaign = models.CharField(gettext_lazy("النشرة"), max_length=60, blank=True)
    views = models.PositiveIntegerField(gettext_lazy("المشاهدات"), default=0)
    readers = models.PositiveIntegerField(gettext_lazy("القرّاء"), default=0)

    class Meta:
        verbose_name = gettext_lazy("قراءات يوم")
        verbose_name_plural = gettext_lazy("القراءات اليومية")
        constraints = [models.UniqueConstraint(fields=["day", "page_id", "source", "campaign"], name="unique_daily_views")]
        indexes = [models.Index(fields=["page_id", "day"])]


class MostRead(models.Model):
    """One entry of a «الأكثر قراءة» list, as the last roll-up ranked it."""

    TODAY, WEEK = "today", "week"
    PERIODS = [(TODAY, pgettext_lazy("most-read period", "اليوم")), (WEEK, gettext_lazy("هذا الأسبوع"))]

    period = models.CharField(max_length=5, choices=PERIODS)
    rank = models.PositiveSmallIntegerField()
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    readers = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["period", "rank"]
        constraints = [models.UniqueConstraint(fields=["period", "rank"], name="unique_most_read_rank")]
