"""The accounts app: staff two-factor authentication on django-otp (docs/security/two-factor.md)."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "miftah.accounts"
    label = "accounts"
    verbose_name = "الحسابات"
    default_auto_field = "django.db.models.BigAutoField"
