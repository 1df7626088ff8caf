"""The accounts app: staff two-factor authentication on django-otp (docs/security/two-factor.md)."""

from django.utils.translation import gettext_lazy
from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "miftah.accounts"
    label = "accounts"
    verbose_name = gettext_lazy("الحسابات")
    default_auto_field = "django.db.models.BigAutoField"
