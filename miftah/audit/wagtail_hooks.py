"""Wagtail hooks: the security actions of the audit log, the lockouts screen under Settings, «إنهاء كل الجلسات» on
the account page and in the users list."""

from django.utils.translation import gettext_lazy
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import events, urls
from .views import UNLOCK_PERMISSION


@hooks.register("register_log_actions")
def register_security_actions(actions):
    events.register(actions)


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [path("", include(urls))]


class LockoutsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(UNLOCK_PERMISSION)


@hooks.register("register_settings_menu_item")
def register_lockouts_menu_item():
    return LockoutsMenuItem(gettext_lazy("أقفال الدخول"), reverse("miftah_audit_lockouts"), name="login-lockouts",
                            icon_name="lock", order=650)


@hooks.register("register_account_menu_item")
def register_logout_everywhere_item(request):
    return {"url": reverse("miftah_audit_logout_everywhere"), "label": gettext_lazy("إنهاء كل الجلسات"),
            "help_text": gettext_lazy("يُخرج حسابك من كل الأجهزة والمتصفحات، ومنها هذا المتصفح. استعمله إن فقدت جهازًا أو "
                         "شككت في أن أحدًا دخل بحسابك.")}


@hooks.register("register_user_listing_buttons")
def logout_everywhere_button(user, request_user):
    if request_user.has_perm("auth.change_user") and (request_user.is_superuser or not user.is_superuser):
        yield Button(gettext_lazy("إنهاء كل الجلسات"), reverse("miftah_audit_logout_user_everywhere", args=[user.pk]),
                            icon_name="logout", priority=60)
