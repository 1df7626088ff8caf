"""The figures of the editors' dashboard and its CSV export, read from the daily roll-up (DailyViews): views and
readers per article, section, author, dossier, kind of source and newsletter list, in total or day by day.

Each breakdown is a fixed number of queries whatever the period: one grouped query on DailyViews, then one to name
what the page ids belong to. An article with two authors (or naming two dossiers) counts for each of them.
"""

from django.utils.translation import gettext, gettext_lazy
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Sum
from django.utils import timezone

from .models import NEWSLETTER, SOURCES, DailyViews

MAX_DAYS = 366
DEFAULT_DAYS = 30


class PeriodError(ValueError):
    pass


@dataclass(frozen=True)
class Line:
    key: object
    label: str
    views: int
    readers: int
    day: date | None = None


def period_from(params):
    """(first day, last day) from the `from` / `to` query parameters (ISO dates); the last 30 days by default."""
    today = timezone.localdate()

    def read(name, default):
        value = (params.get(name) or "").strip()
        if not value:
            return default
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise PeriodError(gettext("التاريخ «%(value)s» غير صالح؛ اكتبه بالصيغة 2026-12-31.") % {"value": value[:20]}) from None

    end = read("to", today)
    start = read("from", end - timedelta(days=DEFAULT_DAYS - 1))
    if start > end:
        raise PeriodError(gettext("بداية المدة بعد نهايتها."))
    if (end - start).days >= MAX_DAYS:
        raise PeriodError(gettext("المدة أطول من %(days)s يوماً؛ اختر مدة أقصر.") % {"days": MAX_DAYS})
    return start, end


def _articles(page_ids):
    from miftah.news.models import ArticlePage

    return {pk: [(pk, title)] for pk, title in
            ArticlePage.objects.filter(pk__in=page_ids).values_list("pk", "title")}


def _sections(page_ids):
    from miftah.news.models import ArticlePage, SectionPage
    from miftah.news.tree import parent_path

    paths = dict(ArticlePage.objects.filter(pk__in=page_ids).values_list("pk", "path"))
    sections = {path: (pk, title) for pk, path, title in SectionPage.objects.filter(
        path__in={parent_path(p) for p in paths.values()}).values_list("pk", "path", "title")}
    return {pk: [sections[parent_path(path)]] for pk, path in paths.items() if parent_path(path) in sections}


def _authors(page_ids):
    from miftah.news.models import ArticleAuthor

    keys = defaultdict(list)
    for page_id, author_id, name in ArticleAuthor.objects.filter(page_id__in=page_ids).values_list(
            "page_id", "author_id", "author__name"):
        keys[page_id].append((author_id, name))
    return keys


def _dossiers(page_ids):
    from miftah.dossiers.models import ArticleEntity

    keys = defaultdict(list)
    for page_id, entity_id, name in (ArticleEntity.objects.filter(article_id__in=page_ids)
                                     .exclude(status=ArticleEntity.REJECTED)
                                     .values_list("article_id", "entity_id", "entity__canonical")):
        keys[page_id].append((entity_id, name))
    return keys


SOURCE_LABELS = dict(SOURCES)


@dataclass(frozen=True)
class Dimension:
    name: str
    title: str
    column: str            # the heading of its label column
    field: str = "page_id"  # what DailyViews rows are grouped by
    names: object = None    # page ids -> {page id: [(key, label), …]}

    def label(self, value):
        if self.field == "source":
            return SOURCE_LABELS.get(value, value)
        return value or gettext("(دون اسم)")


DIMENSIONS = {d.name: d for d in (
    Dimension("article", gettext_lazy("المقالات"), gettext_lazy("المقال"), names=_articles),
    Dimension("section", gettext_lazy("الأقسام"), gettext_lazy("القسم"), names=_sections),
    Dimension("author", gettext_lazy("الكتّاب"), gettext_lazy("الكاتب"), names=_authors),
    Dimension("dossier", gettext_lazy("الملفات"), gettext_lazy("الملف"), names=_dossiers),
    Dimension("source", gettext_lazy("مصادر الزيارات"), gettext_lazy("المصدر"), field="source"),
    Dimension("newsletter", gettext_lazy("نقرات النشرات البريدية"), gettext_lazy("النشرة"), field="campaign"),
)}


def breakdown(dimension, start, end, daily=False):
    """Lines of `dimension` (a DIMENSIONS key) over the period, most viewed first (by day first when `daily`)."""
    dim = DIMENSIONS[dimension]
    rows = DailyViews.objects.filter(day__gte=start, day__lte=end)
    if dimension == "newsletter":
        rows = rows.filter(source=NEWSLETTER)
    fields = ["day", dim.field] if daily else [dim.field]
    grouped = list(rows.values(*fields).annotate(views=Sum("views"), readers=Sum("readers")).order_by())
    if dim.names:
        names = dim.names({row[dim.field] for row in grouped})
        keys_of = lambda value: names.get(value, ())  # noqa: E731
    else:
        keys_of = lambda value: [(value, dim.label(value))]  # noqa: E731
    totals, labels = defaultdict(lambda: [0, 0]), {}
    for row in grouped:
        for key, label in keys_of(row[dim.field]):
            total = totals[(row.get("day"), key)]
            total[0] += row["views"]
            total[1] += row["readers"]
            labels[key] = label
    lines = [Line(key, labels[key], views, readers, day) for (day, key), (views, readers) in totals.items()]
    lines.sort(key=lambda line: (line.day or date.min, -line.views, -line.readers, str(line.label)))
    return lines


def daily_totals(start, end):
    """[(day, views, readers)] for every day of the period, days without views included."""
    found = {row["day"]: (row["views"], row["readers"]) for row in
             DailyViews.objects.filter(day__gte=start, day__lte=end).values("day")
             .annotate(views=Sum("views"), readers=Sum("readers")).order_by()}
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return [(day, *found.get(day, (0, 0))) for day in days]
