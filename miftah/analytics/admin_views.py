"""The readers' dashboard in the Wagtail admin (/admin/analytics/): totals day by day, then views and readers per
article, section, author, dossier, kind of source and newsletter list over a chosen period, each exportable as CSV
(in total or day by day). Only holders of analytics.view_dailyviews (editors and admins) see it.
"""

from django.utils.translation import gettext, gettext_lazy
import csv

from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from .report import DIMENSIONS, PeriodError, breakdown, daily_totals, period_from

TITLE = gettext_lazy("القراءات")
PERMISSION = "analytics.view_dailyviews"
SHOWN = 15
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value):
    """A title that starts like a formula is written as text: spreadsheets run formulas from CSV cells."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def export_csv(dimension, start, end, daily):
    dim = DIMENSIONS[dimension]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"miftah-{dimension}-{start:%Y%m%d}-{end:%Y%m%d}{'-daily' if daily else ''}.csv"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response.write("\ufeff")  # spreadsheet programs read Arabic correctly only with the UTF-8 byte order mark
    writer = csv.writer(response)
    writer.writerow(([gettext("اليوم")] if daily else []) + [dim.column, gettext("المعرّف"), gettext("المشاهدات"), gettext("القرّاء")])
    for line in breakdown(dimension, start, end, daily=daily):
        writer.writerow(([line.day.isoformat()] if daily else []) + [_cell(line.label), _cell(line.key), line.views,
                                                                      line.readers])
    return response


@never_cache
def dashboard(request):
    if not request.user.has_perm(PERMISSION):
        return TemplateResponse(request, "analytics/admin/forbidden.html", {"page_title": TITLE}, status=403)
    context = {"page_title": TITLE, "header_icon": "view", "dimensions": DIMENSIONS.values()}
    try:
        start, end = period_from(request.GET)
    except PeriodError as error:
        context.update(error=str(error), start=request.GET.get("from", ""), end=request.GET.get("to", ""))
        return TemplateResponse(request, "analytics/admin/dashboard.html", context, status=400)
    export = request.GET.get("export")
    if export:
        if export not in DIMENSIONS:
            context.update(error=gettext("نوع التصدير غير معروف."), start=start, end=end)
            return TemplateResponse(request, "analytics/admin/dashboard.html", context, status=400)
        return export_csv(export, start, end, daily=request.GET.get("daily") == "1")
    days = daily_totals(start, end)
    peak = max((views for _, views, _ in days), default=0)
    tables = [(dim, breakdown(dim.name, start, end)[:SHOWN]) for dim in DIMENSIONS.values()]
    context.update(start=start, end=end, days=days[::-1], peak=peak or 1, tables=tables,
                   total_views=sum(v for _, v, _ in days), total_readers=sum(r for _, _, r in days))
    return TemplateResponse(request, "analytics/admin/dashboard.html", context)
