"""The beacon endpoint: one POST per page view from static/analytics/beacon.js, answered with 204.

It is how views are counted when the page itself came from the page cache or a CDN (the browser runs the script
whatever served the HTML). It is open to anyone, so it is cheap to abuse: CSRF-exempt but POST only, a small body,
another site's pages refused by their Origin, a per-address rate limit, robots answered without a write. Nothing the
reader sent is stored as it came: the referrer becomes a kind of source, the address and browser a daily hash.
The view is written by the buffer (miftah.analytics.buffer): in one bulk insert a second later, or at once.
"""

from django.utils.translation import gettext
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from miftah.core.proxies import client_ip
from miftah.core.ratelimit import hit

from .buffer import views
from .models import PageView
from .sources import classify, is_bot, visitor_hash

MAX_BODY = 4096
MAX_PAGE_ID = 2**31 - 1


def _answer(message, status):
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _cross_site(request):
    origin = request.META.get("HTTP_ORIGIN")
    return bool(origin) and origin != "null" and urlsplit(origin).netloc.lower() != request.get_host().lower()


@csrf_exempt
def count_view(request):
    if request.method != "POST":
        response = _answer(gettext("يقبل هذا العنوان طلبات POST فقط."), 405)
        response["Allow"] = "POST"
        return response
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = MAX_BODY + 1
    if length > MAX_BODY:
        return _answer(gettext("الطلب أكبر من المسموح."), 413)
    if _cross_site(request):
        return _answer(gettext("لا تُحتسب القراءات إلا من صفحات الموقع نفسه."), 403)
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    if is_bot(user_agent):
        return HttpResponse(status=204)
    address = client_ip(request)
    now = timezone.now()
    if hit(f"miftah:beacon:{address}:{int(now.timestamp() // 60)}", 120) > settings.MIFTAH_ANALYTICS_BEACONS_PER_MINUTE:
        return _answer(gettext("طلبات كثيرة من العنوان نفسه؛ حاول لاحقاً."), 429)
    data = request.POST
    try:
        page_id = int(data.get("p", ""))
    except ValueError:
        page_id = 0
    if not 0 < page_id <= MAX_PAGE_ID:
        return _answer(gettext("رقم الصفحة مفقود أو غير صالح (p)."), 400)
    source, campaign = classify(data.get("r", "")[:2000], request.get_host(), data.get("utm_source", ""),
                                data.get("utm_medium", ""), data.get("utm_campaign", ""))
    day = timezone.localdate(now)
    views.add(PageView(day=day, page_id=page_id, source=source, campaign=campaign,
                       visitor=visitor_hash(day, address, user_agent)))
    return HttpResponse(status=204)
