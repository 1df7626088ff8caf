"""The two-factor screens: verify after the password, enrol (QR code and secret), the user's own security page
(apps, recovery codes, removal) and an admin's reset of another user's devices."""

from django.utils.translation import gettext, gettext_lazy
import django_otp
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.generic import FormView, TemplateView
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import devices
from .forms import ConfirmIdentityForm, EnrolForm, VerifyForm
from .middleware import ENROL, VERIFY, pending_step
from .models import SecuritySettings

# Wrong codes one password sign-in may try before it is ended and the password is asked again (where login
# throttling counts it). Each device also slows guesses down on its own (django-otp throttling).
MAX_WRONG_CODES = 5
WRONG_CODES_KEY = "miftah_otp_wrong_codes"


def safe_next(request):
    """Where to go after the step: the address asked for, if it is on this site, else the dashboard."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("wagtailadmin_home")


def mark_verified(request, device):
    """The session is now verified with this device; a new session key, as after any change of privilege."""
    django_otp.login(request, device)
    request.session.pop(WRONG_CODES_KEY, None)
    request.session.cycle_key()


def show_recovery_codes(request, codes, next_url):
    """The codes, once, in the answer to the request that made them (never_cache on every view here: not stored)."""
    return render(request, "accounts/recovery_codes.html",
                  {"title": gettext("رموز الاسترداد"), "codes": codes, "next_url": next_url})


class CardView(FormView):
    """The steps between the password and the admin, in the look of Wagtail's sign-in page."""

    title = ""

    @method_decorator(never_cache)
    @method_decorator(sensitive_post_parameters())
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, next=safe_next(self.request), **kwargs)


class VerifyView(CardView):
    template_name = "accounts/verify.html"
    form_class = VerifyForm
    title = gettext_lazy("التحقق بخطوتين")

    def dispatch(self, request, *args, **kwargs):
        if pending_step(request.user) != VERIFY:
            return redirect(safe_next(request))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        request, user = self.request, self.request.user
        device, wait = devices.check_code(user, form.cleaned_data["code"])
        if device is not None:
            mark_verified(request, device)
            left = devices.recovery_codes_left(user)
            if isinstance(device, StaticDevice) and left <= 3:
                messages.warning(request, gettext("بقي لديك %(left)s من رموز الاسترداد. ولّد رموزاً جديدة من صفحة الأمان.") % {"left": left})
            return redirect(safe_next(request))
        if wait:
            form.add_error(None, gettext("محاولات خاطئة متتالية: انتظر %(seconds)s ثانية ثم أعد المحاولة.") % {"seconds": wait})
            return self.form_invalid(form)
        wrong = request.session.get(WRONG_CODES_KEY, 0) + 1
        if wrong >= MAX_WRONG_CODES:
            logout(request)
            messages.error(request, gettext("أُنهيت الجلسة بعد رموز خاطئة متكررة. سجّل الدخول من جديد."))
            return redirect("wagtailadmin_login")
        request.session[WRONG_CODES_KEY] = wrong
        form.add_error("code", gettext("الرمز غير صحيح أو انتهت صلاحيته. تأكد من ضبط ساعة الهاتف ثم أعد المحاولة."))
        return self.form_invalid(form)


class EnrolView(CardView):
    template_name = "accounts/enrol.html"
    form_class = EnrolForm
    title = gettext_lazy("إعداد التحقق بخطوتين")

    def dispatch(self, request, *args, **kwargs):
        self.device = devices.pending_authenticator(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            device=self.device, qr_svg=devices.qr_svg(self.device), secret=devices.secret_for_display(self.device),
            required=pending_step(self.request.user) == ENROL, **kwargs)

    def form_valid(self, form):
        request, user = self.request, self.request.user
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            form.add_error("code", gettext("محاولات خاطئة متتالية: انتظر قليلاً ثم أعد المحاولة."))
            return self.form_invalid(form)
        if not devices.confirm_authenticator(user, self.device, form.cleaned_data["code"], form.cleaned_data["name"]):
            form.add_error("code", gettext("الرمز غير صحيح. تأكد من أن ساعة الهاتف مضبوطة، ثم اكتب الرمز الظاهر الآن."))
            return self.form_invalid(form)
        mark_verified(request, self.device)
        if devices.recovery_codes_left(user) == 0:
            return show_recovery_codes(request, devices.issue_recovery_codes(user), safe_next(request))
        messages.success(request, gettext("أُضيف تطبيق المصادقة."))
        return redirect("miftah_accounts:security")


class AdminPageView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "lock"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)


class SecurityView(AdminPageView):
    template_name = "accounts/security.html"
    page_title = gettext_lazy("الأمان: التحقق بخطوتين")

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            apps=devices.authenticator_apps(user), codes_left=devices.recovery_codes_left(user),
            required=SecuritySettings.required_for(user), **kwargs)


class RegenerateCodesView(AdminPageView):
    http_method_names = ["post"]

    def post(self, request):
        if not devices.authenticator_apps(request.user).exists():
            messages.error(request, gettext("أعدّ تطبيق مصادقة أولاً؛ رموز الاسترداد بديل عنه عند فقدانه."))
            return redirect("miftah_accounts:security")
        codes = devices.issue_recovery_codes(request.user)
        devices.audit(request.user, "miftah.otp.recovery_regenerated", by=request.user, data={})
        return show_recovery_codes(request, codes, reverse("miftah_accounts:security"))


class RemoveDeviceView(AdminPageView, FormView):
    template_name = "accounts/remove_device.html"
    form_class = ConfirmIdentityForm
    page_title = gettext_lazy("إزالة تطبيق مصادقة")

    @method_decorator(sensitive_post_parameters())
    def dispatch(self, request, pk):
        self.device = get_object_or_404(TOTPDevice, pk=pk, user=request.user, confirmed=True)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(device=self.device, **kwargs)

    def identity_confirmed(self, secret):
        user, code = self.request.user, devices.normalise_code(secret)
        if devices.is_totp_code(code):  # six or eight digits are never a password here (the validators refuse them)
            return devices.check_code(user, code)[0] is not None
        # Through authenticate(), so a wrong password counts in login throttling like any other.
        return authenticate(self.request, username=user.get_username(), password=secret) is not None

    def form_valid(self, form):
        request = self.request
        if not self.identity_confirmed(form.cleaned_data["secret"]):
            form.add_error("secret", gettext("كلمة المرور أو الرمز غير صحيح."))
            return self.form_invalid(form)
        was_verified = request.user.is_verified()
        last = devices.remove_authenticator(request.user, self.device, by=request.user)
        remaining = devices.authenticator_apps(request.user).first()
        if was_verified and remaining is not None:
            django_otp.login(request, remaining)  # this session stays verified: it gave a second factor already
        messages.success(request, gettext("أُزيل تطبيق المصادقة.") + (gettext(" وحُذفت رموز الاسترداد معه.") if last else ""))
        return redirect("miftah_accounts:security")


def can_reset(request_user, target):
    """Superusers, or users allowed to change users; only a superuser resets a superuser."""
    allowed = request_user.is_superuser or request_user.has_perm("auth.change_user")
    return allowed and (request_user.is_superuser or not target.is_superuser)


class ResetUserView(AdminPageView):
    template_name = "accounts/reset_user.html"
    page_title = gettext_lazy("إعادة ضبط التحقق بخطوتين")

    def dispatch(self, request, user_id):
        self.target = get_object_or_404(get_user_model(), pk=user_id)
        if not can_reset(request.user, self.target):
            raise PermissionDenied
        return super().dispatch(request, user_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            target=self.target, devices=list(devices_for_user(self.target, confirmed=None)), **kwargs)

    def post(self, request, user_id):
        names = devices.reset_all(self.target, by=request.user)
        messages.success(request, gettext("أُعيد ضبط التحقق بخطوتين للمستخدم «%(username)s» (%(devices)s جهاز). سيُطلب منه إعداده "
                                          "من جديد عند دخوله التالي إن كان مطلوباً.")
                         % {"username": self.target.get_username(), "devices": len(names)})
        return redirect("wagtailusers_users:index")
