"""Who does what with newsletters: editors (محررون) prepare, edit and send issues and adjust lists; admins (مدراء) also
create and delete lists and see and delete subscribers (their addresses are personal data, so editors do not)."""

from django.db import migrations

EDITORS, ADMINS = "محررون", "مدراء"
PERMISSIONS = {
    EDITORS: ["add_issue", "change_issue", "view_issue", "change_newsletterlist", "view_newsletterlist"],
    ADMINS: ["add_issue", "change_issue", "delete_issue", "view_issue", "add_newsletterlist", "change_newsletterlist",
             "delete_newsletterlist", "view_newsletterlist", "change_subscriber", "delete_subscriber", "view_subscriber"],
}


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("newsletters")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    for name, codenames in PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:
            group.permissions.add(*Permission.objects.filter(content_type__app_label="newsletters", codename__in=codenames))


class Migration(migrations.Migration):
    dependencies = [("newsletters", "0002_daily_digest"), ("news", "0002_editorial_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
