"""What the security entries of Wagtail's audit log are about, and each user's session epoch.

Wagtail shows a log entry to a non-superuser only when they hold some permission on the entry's content type. Logging
logins against ``auth.User`` would hide them from editors (who must not get user permissions), so every security
entry is logged against an ``AuditSubject`` (an account name, a group or an import source) and the editors' and
admins' groups get ``audit.view_auditsubject``.
"""

from django.utils.translation import gettext_lazy
from django.conf import settings
from django.db import models


class AuditSubject(models.Model):
    ACCOUNT, NETWORK, GROUP, IMPORT = "account", "network", "group", "import"
    KINDS = [(ACCOUNT, gettext_lazy("حساب")), (NETWORK, gettext_lazy("شبكة")), (GROUP, gettext_lazy("مجموعة")), (IMPORT, gettext_lazy("استيراد"))]
    PREFIX = {ACCOUNT: gettext_lazy("الحساب"), NETWORK: gettext_lazy("الشبكة"), GROUP: gettext_lazy("المجموعة"), IMPORT: gettext_lazy("استيراد")}

    kind = models.CharField(gettext_lazy("النوع"), max_length=16, choices=KINDS)
    key = models.CharField(gettext_lazy("الاسم"), max_length=150)

    class Meta:
        verbose_name = gettext_lazy("حدث أمني")
        verbose_name_plural = gettext_lazy("أحداث أمنية")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="audit_subject_unique")]

    def __str__(self):
        return f"{self.PREFIX.get(self.kind, self.kind)} {self.key}"

    @classmethod
    def of(cls, kind, key):
        # The key is what a visitor typed (a username tried): cut to the column's size, never refused.
        return cls.objects.get_or_create(kind=kind, key=(key or "")[:150])[0]


class SessionEpoch(models.Model):
    """A counter per user; a session remembers the value it was opened under and ends when it has moved on
    (miftah.audit.middleware). Raising it is "log out everywhere", whatever session backend is in use."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_epoch")
    epoch = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = gettext_lazy("جيل الجلسات")
        verbose_name_plural = gettext_lazy("أجيال الجلسات")
