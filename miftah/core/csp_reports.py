"""Where browsers send Content-Security-Policy violations (report-uri and the Reporting API's report-to), and the
admin report that lists them.

The endpoint is open to anyone, so it is built to be cheap to abuse: CSRF-exempt but POST only, the body read up to
MAX_BODY bytes and no further, a per-address rate limit, at most MAX_ENTRIES reports per request, identical reports
folded into one row with a count, and at most settings.MIFTAH_CSP_REPORTS_MAX rows kept.
"""

from django.utils.translation import gettext, gettext_lazy
import hashlib
import json
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from miftah.core.models import CSPReport
from miftah.core.proxies import client_ip
from miftah.core.ratelimit import hit

MAX_BODY = 16 * 1024
MAX_ENTRIES = 20
RATE_LIMIT_PER_MINUTE = 60


def _text(value, limit):
    return str(value or "")[:limit]


def _path(url):
    """The page's path only: no host, query string or fragment (a search query is the reader's business)."""
    parts = urlsplit(str(url or ""))
    return _text(parts.path or "/", 500)


def _blocked(url):
    """Keywords ('inline', 'eval') as they are; URLs reduced to origin and path."""
    url = str(url or "")
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return _text(f"{parts.scheme}://{parts.netloc}{parts.path}", 500)
    return _text(url, 500)


def _line(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 <= number < 2**31 else None


def parse(payload):
    """Normalised reports from either format: report-uri's {"csp-report": {...}} or the Reporting API's list."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        raw = payload["csp-report"]
        yield {
            "document_path": _path(raw.get("document-uri")),
            "directive": _text(raw.get("effective-directive") or raw.get("violated-directive"), 100),
            "blocked": _blocked(raw.get("blocked-uri")),
            "source": _blocked(raw.get("source-file")),
            "line": _line(raw.get("line-number")),
            "sample": _text(raw.get("script-sample"), 200),
            "enforced": raw.get("disposition", "enforce") != "report",
        }
    elif isinstance(payload, list):
        for item in payload[:MAX_ENTRIES]:
            if not isinstance(item, dict) or item.get("type") != "csp-violation" or not isinstance(item.get("body"), dict):
                continue
            body = item["body"]
            yield {
                "document_path": _path(body.get("documentURL") or item.get("url")),
                "directive": _text(body.get("effectiveDirective"), 100),
                "blocked": _blocked(body.get("blockedURL")),
                "source": _blocked(body.get("sourceFile")),
                "line": _line(body.get("lineNumber")),
                "sample": _text(body.get("sample"), 200),
                "enforced": body.get("disposition", "enforce") != "report",
            }


def store(report):
    key = "|".join(str(report[k]) for k in ("document_path", "directive", "blocked", "source", "line", "enforced"))
    fingerprint = hashlib.sha256(key.encode()).hexdigest()
    updated = CSPReport.objects.filter(fingerprint=fingerprint).update(count=F("count") + 1, last_seen=timezone.now())
    if updated:
        return
    try:
        with transaction.atomic():
            CSPReport.objects.create(fingerprint=fingerprint, **report)
    except IntegrityError:  # the same report arrived twice at once
        CSPReport.objects.filter(fingerprint=fingerprint).update(count=F("count") + 1, last_seen=timezone.now())
    prune()


def prune():
    """Keep the settings.MIFTAH_CSP_REPORTS_MAX most recently seen reports."""
    keep = settings.MIFTAH_CSP_REPORTS_MAX
    stale = list(CSPReport.objects.order_by("-last_seen", "-pk").values_list("pk", flat=True)[keep:keep + 1000])
    if stale:
        CSPReport.objects.filter(pk__in=stale).delete()


def _over_rate_limit(request):
    key = f"miftah:csp-report:{client_ip(request)}:{int(timezone.now().timestamp() // 60)}"
    return hit(key, 120) > RATE_LIMIT_PER_MINUTE


def _answer(message, status):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
def receive(request):
    if _over_rate_limit(request):
        return _answer(gettext("تقارير كثيرة من هذا العنوان، أعد المحاولة بعد دقيقة."), 429)
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > MAX_BODY:
        return _answer(gettext("التقرير أكبر من الحد المسموح (16 كيلوبايت)."), 413)
    body = request.read(MAX_BODY + 1)
    if len(body) > MAX_BODY:
        return _answer(gettext("التقرير أكبر من الحد المسموح (16 كيلوبايت)."), 413)
    try:
        reports = list(parse(json.loads(body)))
    except (ValueError, UnicodeDecodeError):
        return _answer(gettext("تقرير غير صالح: يُنتظر JSON بصيغة تقارير سياسة أمان المحتوى."), 400)
    if not reports:
        return _answer(gettext("لا تقرير انتهاك في الطلب."), 400)
    for report in reports:
        store(report)
    return HttpResponse(status=204)


class CSPReportsView(ReportView):
    """Admin › Reports › «انتهاكات سياسة أمان المحتوى», for users who may view CSP reports (superusers)."""

    model = CSPReport
    permission_policy = ModelPermissionPolicy(CSPReport)
    permission_required = "view"
    page_title = gettext_lazy("انتهاكات سياسة أمان المحتوى")
    header_icon = "warning"
    index_url_name = "miftah_csp_reports"
    index_results_url_name = "miftah_csp_reports_results"
    columns = [
        Column("directive", label=gettext_lazy("التوجيه")),
        Column("blocked", label=gettext_lazy("ما مُنع")),
        Column("document_path", label=gettext_lazy("الصفحة")),
        Column("source", label=gettext_lazy("المصدر")),
        Column("line", label=gettext_lazy("السطر")),
        Column("sample", label=gettext_lazy("عينة")),
        Column("enforced", label=gettext_lazy("مُطبَّق")),
        Column("count", label=gettext_lazy("المرات")),
        DateColumn("last_seen", label=gettext_lazy("آخر مرة")),
    ]
    list_export = ["directive", "blocked", "document_path", "source", "line", "sample", "enforced", "count",
                   "first_seen", "last_seen"]

    def get_queryset(self):
        return CSPReport.objects.order_by("-last_seen")
