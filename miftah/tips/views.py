"""The source's pages: «أرسل معلومة» (/tips/) and «ردّ غرفة الأخبار» (/tips/reply/).

Both are wrapped by guard.source_page (no cookie, no cache, no referrer, strict CSP) and refuse a post that does
not come from this site. Rate limits count by a keyed hash of the address, in the cache only.
"""

from django.utils.translation import gettext, gettext_lazy
from django import forms
from django.conf import settings
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views.decorators.http import require_http_methods

from .guard import is_same_origin, new_form_token, rate_add, rate_count, source_page, use_form_token
from .intake import receive_tip, replies_for_code
from .models import current_public_key
from .uploads import TipUploadHandler

# Multipart framing and the text field on top of the files themselves.
REQUEST_ALLOWANCE = 2 * 1024 * 1024
TOKEN_ERROR = gettext_lazy("انتهت صلاحية هذا النموذج أو أُرسل من قبل. راجع ما كتبته وأرسله مرة أخرى.")


class TipForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.MIFTAH_TIPS_MAX_TEXT
        self.fields["text"] = forms.CharField(
            label=gettext("ما الذي تريد أن تخبرنا به؟"), max_length=limit, widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}),
            error_messages={"required": gettext("اكتب نص المعلومة: لا يمكن إرسال نموذج فارغ."),
                            "max_length": gettext("النص أطول من الحد المسموح (%(limit)s حرف).") % {"limit": limit}})


def _limits():
    return {"max_files": settings.MIFTAH_TIPS_MAX_FILES,
            "max_file": filesizeformat(settings.MIFTAH_TIPS_MAX_FILE_BYTES),
            "max_total": filesizeformat(settings.MIFTAH_TIPS_MAX_TOTAL_BYTES)}


def _form_page(request, form, problems=(), status=200):
    return render(request, "tips/submit.html", {"form": form, "problems": problems, "token": new_form_token(),
                                                "limits": _limits()}, status=status)


def _refused(request):
    return render(request, "tips/refused.html", status=403)


@source_page
@require_http_methods(["GET", "POST"])
def submit_tip(request):
    public_key = current_public_key()
    if public_key is None:
        return render(request, "tips/unavailable.html", status=503)
    if request.method == "GET":
        return _form_page(request, TipForm())
    if not is_same_origin(request):
        return _refused(request)
    if int(request.META.get("CONTENT_LENGTH") or 0) > settings.MIFTAH_TIPS_MAX_TOTAL_BYTES + REQUEST_ALLOWANCE:
        problem = (gettext("ما أرسلته أكبر بكثير من الحد المسموح (%(limit)s): لم نقرأه. أرسل ملفات أقل أو أصغر.")
                   % {"limit": _limits()["max_total"]})
        return _form_page(request, TipForm(), [problem], status=413)
    handler = TipUploadHandler(request)
    request.upload_handlers = [handler]
    form = TipForm(request.POST)
    problems, status = [], 400
    if rate_count(request, "submit") >= settings.MIFTAH_TIPS_SUBMISSIONS_PER_HOUR:
        problems.append(gettext("أُرسل من هذا العنوان عدد كبير من المعلومات في الساعة الأخيرة. انتظر قليلاً ثم أعد المحاولة؛ "
                        "ما كتبته باقٍ في النموذج."))
        status = 429
    elif not use_form_token(request.POST.get("token")):
        problems.append(TOKEN_ERROR)
    if handler.refused:
        problems += handler.refused + [gettext("لم يُرسل شيء بعد: اختر الملفات المقبولة مرة أخرى ثم أرسل.")]
    if problems or not form.is_valid():
        return _form_page(request, form, problems, status)
    tip, code, notes = receive_tip(public_key, form.cleaned_data["text"], request.FILES.getlist("files"))
    rate_add(request, "submit")  # stored tips count; a refused form costs the source nothing
    return render(request, "tips/sent.html", {"code": code, "files": notes})


@source_page
@require_http_methods(["GET", "POST"])
def read_reply(request):
    context = {"token": new_form_token()}
    if request.method == "GET":
        return render(request, "tips/reply.html", context)
    if not is_same_origin(request):
        return _refused(request)
    if rate_count(request, "code") >= settings.MIFTAH_TIPS_CODE_ATTEMPTS_PER_HOUR:
        context["problem"] = gettext("محاولات خاطئة كثيرة من هذا العنوان. انتظر ساعة ثم أعد المحاولة.")
        return render(request, "tips/reply.html", context, status=429)
    if not use_form_token(request.POST.get("token")):
        context["problem"] = TOKEN_ERROR
        return render(request, "tips/reply.html", context, status=400)
    replies = replies_for_code(request.POST.get("code", ""))
    if replies is None:
        rate_add(request, "code")
        context["problem"] = gettext("هذا الرمز غير صحيح. تأكد من كتابته كما ظهر لك عند الإرسال.")
        return render(request, "tips/reply.html", context, status=400)
    context["replies"] = replies
    return render(request, "tips/reply.html", context)
