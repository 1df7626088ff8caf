"""The security actions of the audit log, and the one function that writes them.

What is stored: the account name (the one that logged in, or the one that was tried — never a password), the acting
user, and for login events a coarse network hint (the client's /24 for IPv4, /48 for IPv6, read through the project's
trusted-proxy rule): enough to see that failures come from one network, not enough to place a staff member at a
street address. Precise addresses live only in django-axes' attempt rows, for the length of a lockout.
"""

from django.utils.translation import gettext, gettext_lazy
import ipaddress

from wagtail.log_actions import LogFormatter, log

from miftah.core.proxies import client_ip

from .models import AuditSubject

LOGIN, LOGIN_FAILED, LOGOUT = "miftah.login", "miftah.login_failed", "miftah.logout"
LOGOUT_EVERYWHERE, LOCKOUT = "miftah.logout_everywhere", "miftah.lockout"
PERMISSIONS_CHANGED, IMPORT, UNLOCK = "miftah.permissions_changed", "miftah.import", "miftah.unlock"


def network_hint(request):
    """The client's network, not its address: 203.0.113.0/24, 2001:db8:1::/48."""
    return network_of(client_ip(request)) if request is not None else ""


def network_of(address):
    try:
        address = ipaddress.ip_address(address)
    except ValueError:
        return ""
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False))


def record(action, kind, key, *, user=None, request=None, **data):
    if request is not None:
        data["network"] = network_hint(request)
    return log(instance=AuditSubject.of(kind, key), action=action, user=user, data=data)


def record_account(action, username, **kwargs):
    return record(action, AuditSubject.ACCOUNT, username, **kwargs)


class SecurityFormatter(LogFormatter):
    """A label for the report's action filter and a message that adds the network hint when there is one."""

    def format_message(self, log_entry):
        network = (log_entry.data or {}).get("network")
        return gettext("%(message)s (الشبكة %(network)s)") % {"message": self.message, "network": network} if network else self.message


class PermissionsFormatter(LogFormatter):
    label = gettext_lazy("تغيير الصلاحيات")

    def format_message(self, log_entry):
        return (log_entry.data or {}).get("change") or gettext("تغيّرت الصلاحيات")


class ImportFormatter(LogFormatter):
    label = gettext_lazy("استيراد")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        if data.get("error"):
            return gettext("فشل الاستيراد ولم يُكتب شيء: %(error)s") % {"error": data["error"]}
        counts = "، ".join(f"{name} {count}" for name, count in (data.get("counts") or {}).items())
        if counts:
            return gettext("استيراد %(file)s: %(counts)s") % {"file": data.get("file", ""), "counts": counts}
        return gettext("استيراد %(file)s") % {"file": data.get("file", "")}


ACTIONS = {
    LOGIN: (gettext_lazy("دخول"), gettext_lazy("دخل إلى لوحة الإدارة")),
    LOGIN_FAILED: (gettext_lazy("محاولة دخول فاشلة"), gettext_lazy("محاولة دخول فاشلة بهذا الاسم")),
    LOGOUT: (gettext_lazy("خروج"), gettext_lazy("خرج من لوحة الإدارة")),
    LOGOUT_EVERYWHERE: (gettext_lazy("إنهاء كل الجلسات"), gettext_lazy("أُنهيت جلسات الحساب على كل الأجهزة")),
    LOCKOUT: (gettext_lazy("قفل الدخول"), gettext_lazy("قُفل الدخول بعد محاولات فاشلة متتالية")),
    UNLOCK: (gettext_lazy("إلغاء قفل الدخول"), gettext_lazy("أُلغي قفل الدخول")),
}


def register(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action)(type("Formatter", (SecurityFormatter,), {"label": label, "message": message}))
    actions.register_action(PERMISSIONS_CHANGED)(PermissionsFormatter)
    actions.register_action(IMPORT)(ImportFormatter)


def record_import(source, file, *, counts=None, error=None):
    """One entry per import run (``miftah import-wordpress``, ``miftah load-corpus``): what it wrote, or why it wrote
    nothing. Dry runs write nothing and are not logged."""
    data = {"file": str(file), "counts": counts or {}}
    if error:
        data["error"] = str(error)[:500]
    return record(IMPORT, AuditSubject.IMPORT, source, **data)
