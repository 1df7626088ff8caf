"""Wagtail hooks: the two-factor URLs, the «الأمان» entry in the account page, the reset button in the users list,
and the audit log actions that show in «سجل الموقع»."""

from django.utils.translation import gettext_lazy
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.widgets.button import Button

from . import urls
from .views import can_reset


@hooks.register("register_admin_urls")
def register_urls():
    return [path("accounts/", include(urls, namespace="miftah_accounts"))]


@hooks.register("register_account_menu_item")
def security_menu_item(request):
    return {"url": reverse("miftah_accounts:security"), "label": gettext_lazy("الأمان: التحقق بخطوتين"),
            "help_text": gettext_lazy("إعداد تطبيق المصادقة، رموز الاسترداد، وإزالة الأجهزة.")}


@hooks.register("register_user_listing_buttons")
def reset_button(user, request_user):
    if can_reset(request_user, user):
        yield Button(gettext_lazy("إعادة ضبط التحقق بخطوتين"), reverse("miftah_accounts:reset_user", args=[user.pk]),
                     icon_name="lock", priority=60)


@hooks.register("register_log_actions")
def register_otp_actions(actions):
    actions.register_action("miftah.otp.enrolled", gettext_lazy("تفعيل التحقق بخطوتين"), gettext_lazy("أُضيف تطبيق مصادقة"))
    actions.register_action("miftah.otp.removed", gettext_lazy("إزالة تطبيق مصادقة"), gettext_lazy("أُزيل تطبيق مصادقة"))
    actions.register_action("miftah.otp.reset_by_admin", gettext_lazy("إعادة ضبط التحقق بخطوتين"),
                            gettext_lazy("أعاد مدير ضبط أجهزة التحقق بخطوتين"))
    actions.register_action("miftah.otp.recovery_used", gettext_lazy("استخدام رمز استرداد"), gettext_lazy("استُخدم رمز استرداد للدخول"))
    actions.register_action("miftah.otp.recovery_regenerated", gettext_lazy("توليد رموز استرداد"), gettext_lazy("وُلّدت رموز استرداد جديدة"))
    actions.register_action("miftah.otp.failed", gettext_lazy("رمز تحقق خاطئ"), gettext_lazy("رُفض رمز تحقق خاطئ"))
