"""A new install starts with one list, the daily digest, so the sign-up box has something to offer; editors rename,
reschedule or add lists (breaking alerts, one per section or dossier) in the admin."""

from django.db import migrations


def create_daily_digest(apps, schema_editor):
    NewsletterList = apps.get_model("newsletters", "NewsletterList")
    if not NewsletterList.objects.exists():
        NewsletterList.objects.create(name="النشرة اليومية", slug="daily", source="all", frequency="daily", send_hour=7,
                                      description="أهم ما نشرناه في يوم، كل صباح.")


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0001_initial")]
    operations = [migrations.RunPython(create_daily_digest, migrations.RunPython.noop)]
