"""Editors and admins may read the security entries of the site history (logins, failed logins, lockouts, permission
changes, imports): Wagtail shows a log entry to those holding a permission on its content type (audit.AuditSubject)."""

from django.db import migrations

GROUPS = ("محررون", "مدراء")


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    Group = apps.get_model("auth.Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="audit", model="auditsubject")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_auditsubject", defaults={"name": "Can view حدث أمني"})
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial"), ("news", "0002_editorial_groups")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
