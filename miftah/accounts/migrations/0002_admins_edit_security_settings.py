"""مدراء (admins) may edit the security settings, as they edit the site settings (news/0002_editorial_groups)."""

from django.db import migrations


def grant(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config("accounts")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group, Permission = apps.get_model("auth.Group"), apps.get_model("auth.Permission")
    group = Group.objects.filter(name="مدراء").first()
    if group is not None:
        group.permissions.add(*Permission.objects.filter(
            content_type__app_label="accounts", codename__in=["change_securitysettings", "view_securitysettings"]))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial"), ("news", "0002_editorial_groups")]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
