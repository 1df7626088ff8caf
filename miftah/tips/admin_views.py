"""The editors' side of the tip line in the Wagtail admin (/admin/tips/): a list of safe metadata, and a tip's page
where the private key, posted with the form, opens the tip for that one response.

The key is never kept: it is not in the session, the database or a log (sensitive_post_parameters hides it from
error reports), and no page writes it back. Downloading a file posts the key again.
"""

from django.utils.translation import gettext, gettext_lazy
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from . import crypto
from .intake import add_reply, open_file, open_record, tip_record
from .models import Tip, current_public_key

LIST_TITLE = gettext_lazy("المعلومات الواردة")
PER_PAGE = 50


def permission_required(permission):
    """A plain 403 for editors without the tip permission (Wagtail would turn PermissionDenied into a redirect)."""
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(f"tips.{permission}"):
                return TemplateResponse(request, "tips/admin/forbidden.html", {"page_title": LIST_TITLE}, status=403)
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


def _key_fingerprint():
    key = current_public_key()
    return crypto.fingerprint(key) if key else None


@never_cache
@permission_required("view_tip")
def tip_index(request):
    tips = (Tip.objects.annotate(file_count=Count("files", distinct=True), reply_count=Count("replies", distinct=True))
            .defer("message", "reply_public_key").order_by("-received_on", "-pk"))
    return TemplateResponse(request, "tips/admin/index.html", {
        "page_title": LIST_TITLE, "header_icon": "mail", "fingerprint": _key_fingerprint(),
        "tips": Paginator(tips, PER_PAGE).get_page(request.GET.get("p")),
    })


def _posted_key(request) -> str:
    upload = request.FILES.get("key_file")
    if upload is not None:
        return upload.read(4096).decode("utf-8", "replace")
    return request.POST.get("key", "")


@never_cache
@permission_required("view_tip")
@sensitive_post_parameters("key")
@sensitive_variables("private_key", "opened")
@require_http_methods(["GET", "POST"])
def tip_detail(request, tip_id):
    tip = get_object_or_404(Tip.objects.annotate(file_count=Count("files")), pk=tip_id)
    context = {"page_title": gettext("معلومة رقم %(number)s") % {"number": tip.pk}, "page_subtitle": tip.get_status_display(), "header_icon": "mail",
               "tip": tip, "file_numbers": range(1, tip.file_count + 1), "fingerprint": _key_fingerprint(),
               "can_change": request.user.has_perm("tips.change_tip"),
               "can_delete": request.user.has_perm("tips.delete_tip"), "status_choices": Tip.STATUS_CHOICES}
    status = 200
    if request.method == "POST":
        try:
            private_key = crypto.read_private_key(_posted_key(request))
            if request.POST.get("download"):
                files = tip_record(tip)["files"]
                number = int(request.POST["download"]) if request.POST["download"].isdigit() else 0
                if not 1 <= number <= len(files):
                    raise crypto.BadKey(gettext("لا يوجد ملف بهذا الرقم في هذه المعلومة."))
                meta, data = open_file(files[number - 1], private_key)
                response = HttpResponse(data, content_type="application/octet-stream")
                response["Content-Disposition"] = content_disposition_header(True, meta["name"])
                return response
            context["opened"] = open_record(tip_record(tip, with_content=False), private_key)
        except crypto.BadKey as error:
            context["key_error"] = str(error)
            status = 400
    return TemplateResponse(request, "tips/admin/tip.html", context, status=status)


@require_POST
@permission_required("change_tip")
def tip_status(request, tip_id):
    tip = get_object_or_404(Tip, pk=tip_id)
    status = request.POST.get("status")
    if status in dict(Tip.STATUS_CHOICES):
        tip.status = status
        tip.save(update_fields=["status"])
        messages.success(request, gettext("الحالة الآن: %(status)s.") % {"status": tip.get_status_display()})
    else:
        messages.error(request, gettext("حالة غير معروفة."))
    return redirect("tips_admin:detail", tip.pk)


@require_POST
@permission_required("change_tip")
def tip_reply(request, tip_id):
    tip = get_object_or_404(Tip, pk=tip_id)
    text = request.POST.get("reply", "").strip()
    public_key = current_public_key()
    if not text:
        messages.error(request, gettext("اكتب نص الرد قبل إرساله."))
    elif public_key is None:
        messages.error(request, gettext("لا مفتاح عام مضبوطاً لخط المعلومات: لا يمكن حفظ نسخة غرفة الأخبار من الرد."))
    else:
        add_reply(tip, public_key, text)
        messages.success(request, gettext("حُفظ الرد مشفَّراً؛ يقرؤه المصدر برمز المتابعة."))
    return redirect("tips_admin:detail", tip.pk)


@require_POST
@permission_required("delete_tip")
def tip_delete(request, tip_id):
    """Deletes a tip, its files and replies for good (what is not kept cannot be seized)."""
    tip = get_object_or_404(Tip, pk=tip_id)
    if request.POST.get("confirm") != "yes":
        messages.error(request, gettext("أكّد الحذف أولاً: لا يمكن التراجع عنه."))
        return redirect("tips_admin:detail", tip.pk)
    tip.delete()
    messages.success(request, gettext("حُذفت المعلومة رقم %(number)s وملفاتها وردودها نهائياً.") % {"number": tip_id})
    return redirect("tips_admin:index")
