"""The security site setting: who must use a second factor to enter the admin."""

from django.utils.translation import gettext_lazy
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

# The editorial roles created by miftah/news/migrations/0002_editorial_groups.py (editors and admins).
EDITOR_GROUPS = ("محررون", "مدراء")  # i18n: not interface text (the groups' stored names)


class RequireTwoFactor(models.TextChoices):
    OFF = "off", gettext_lazy("غير مطلوب (اختياري لكل مستخدم)")
    EDITORS = "editors", gettext_lazy("مطلوب للمحررين والمدراء")
    STAFF = "staff", gettext_lazy("مطلوب لكل من يدخل لوحة التحكم")


@register_setting(icon="lock")
class SecuritySettings(BaseSiteSetting):
    require_two_factor = models.CharField(
        gettext_lazy("التحقق بخطوتين"), max_length=10, choices=RequireTwoFactor.choices, default=RequireTwoFactor.OFF,
        help_text=gettext_lazy("من يُطلب منه رمز من تطبيق المصادقة بعد كلمة المرور. من لم يُعِدّ تطبيقاً يُحوَّل إلى إعداده بعد "
                  "الدخول ولا يصل إلى لوحة التحكم قبل ذلك. المدير العام (superuser) يُعدّ من المدراء."),
    )

    panels = [FieldPanel("require_two_factor")]

    class Meta:
        verbose_name = gettext_lazy("إعدادات الأمان")

    @classmethod
    def strictest(cls):
        """The admin is shared by every site, so the strictest site's choice applies to it (one query)."""
        levels = set(cls.objects.values_list("require_two_factor", flat=True))
        for level in (RequireTwoFactor.STAFF, RequireTwoFactor.EDITORS):
            if level in levels:
                return level
        return RequireTwoFactor.OFF

    @classmethod
    def required_for(cls, user):
        level = cls.strictest()
        if level == RequireTwoFactor.STAFF:
            return user.is_superuser or user.has_perm("wagtailadmin.access_admin")
        if level == RequireTwoFactor.EDITORS:
            return user.is_superuser or user.groups.filter(name__in=EDITOR_GROUPS).exists()
        return False
