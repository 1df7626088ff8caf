"""`miftah reset-two-factor USERNAME`: remove a user's authenticator apps and recovery codes from the server, for
the case the admin's reset button cannot help (the last superuser locked out)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from miftah.accounts.devices import reset_all


class Command(BaseCommand):
    help = "إعادة ضبط التحقق بخطوتين لمستخدم: تُحذف تطبيقات المصادقة ورموز الاسترداد (يُسجَّل في سجل الموقع)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"لا يوجد مستخدم باسم «{username}».") from None
        names = reset_all(user, by=None)
        self.stdout.write(f"أُعيد ضبط التحقق بخطوتين للمستخدم «{username}» ({len(names)} جهاز).")
