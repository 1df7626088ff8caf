"""`miftah demo`: load the demo outlet (idempotent)."""

from django.core.management.base import BaseCommand

from miftah.news.demo_loader import credentials_file, load_demo


class Command(BaseCommand):
    help = "يحمّل محتوى الموقع التجريبي (آمن عند التكرار). Load the demo outlet's content (idempotent)."

    def handle(self, *args, **options):
        result = load_demo()
        self.stdout.write(self.style.SUCCESS(f"المحتوى التجريبي جاهز: {result['articles']} مقالاً جديداً."))
        self.stdout.write(f"حسابات الدخول (كاتب، محرر، مدير) في: {credentials_file()}")
