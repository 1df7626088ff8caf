"""Editors and admins may open the readers' dashboard (the view permission on DailyViews)."""

from django.db import migrations

GROUPS = ("محررون", "مدراء")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="analytics", model="dailyviews")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_dailyviews", defaults={"name": "Can view قراءات يوم"})
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_initial"), ("news", "0002_editorial_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
