"""Editorial roles: كتّاب (writers), محررون (editors), مدراء (admins), and the review workflow writer → editor.

Wagtail's initial data already creates "Editors" (may draft, not publish), "Moderators" (may publish) and a
"Moderators approval" workflow on the root page; this migration turns them into the newsroom's Arabic roles rather
than adding a parallel set.
"""

from django.db import migrations

WRITERS, EDITORS, ADMINS = "كتّاب", "محررون", "مدراء"
WORKFLOW_NAME, TASK_NAME = "مراجعة التحرير", "موافقة المحرر"

# Writers hold "add" only: Wagtail then lets them edit the pages they own and delete their own drafts, never
# other people's (news/0005 takes "change" away from writers on existing sites).
PAGE_PERMISSIONS = {
    WRITERS: ["add_page"],
    EDITORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
    ADMINS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"],
}
MODEL_PERMISSIONS = {
    WRITERS: [("wagtailadmin", "access_admin"), ("news", "add_newstag"), ("news", "view_author")],
    EDITORS: [("wagtailadmin", "access_admin"), ("news", "add_author"), ("news", "change_author"), ("news", "view_author"),
              ("news", "add_newstag"), ("news", "change_newstag"), ("news", "view_newstag"),
              ("wagtailredirects", "add_redirect"), ("wagtailredirects", "change_redirect")],
    ADMINS: [("wagtailadmin", "access_admin"), ("news", "add_author"), ("news", "change_author"), ("news", "delete_author"),
             ("news", "view_author"), ("news", "add_newstag"), ("news", "change_newstag"), ("news", "delete_newstag"),
             ("news", "view_newstag"), ("core", "change_sitesettings"), ("core", "view_sitesettings"),
             ("auth", "add_user"), ("auth", "change_user"), ("auth", "delete_user"), ("auth", "view_user"),
             ("wagtailredirects", "add_redirect"), ("wagtailredirects", "change_redirect"),
             ("wagtailredirects", "delete_redirect"), ("wagtailcore", "add_workflow"), ("wagtailcore", "change_workflow")],
}
COLLECTION_PERMISSIONS = {
    WRITERS: [("wagtailimages", "add_image"), ("wagtailimages", "choose_image"), ("wagtaildocs", "add_document"),
              ("wagtaildocs", "choose_document")],
    EDITORS: [("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "choose_image"),
              ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"), ("wagtaildocs", "choose_document")],
    ADMINS: [("wagtailimages", "add_image"), ("wagtailimages", "change_image"), ("wagtailimages", "delete_image"),
             ("wagtailimages", "choose_image"), ("wagtaildocs", "add_document"), ("wagtaildocs", "change_document"),
             ("wagtaildocs", "delete_document"), ("wagtaildocs", "choose_document")],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the roles below need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    assign_roles(apps)


def assign_roles(apps):
    """Groups, their permissions and the review workflow; also used by tests to rebuild them after a flush."""
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Page = apps.get_model("wagtailcore.Page")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    Task = apps.get_model("wagtailcore.Task")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")
    ContentType = apps.get_model("contenttypes.ContentType")

    renames = {"Editors": WRITERS, "Moderators": EDITORS}
    for old, new in renames.items():
        Group.objects.filter(name=old).exclude(name=new).update(name=new)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in (WRITERS, EDITORS, ADMINS)}

    def permission(app_label, codename):
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)

    root = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name, group in groups.items():
        for codename in PAGE_PERMISSIONS[name]:
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission("wagtailcore", codename))
        group.permissions.add(*[permission(app, codename) for app, codename in MODEL_PERMISSIONS[name]])
        if root_collection is not None:
            for app, codename in COLLECTION_PERMISSIONS[name]:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission(app, codename)
                )

    # The review workflow: one approval task for editors and admins, attached to the root page (all sections).
    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(groups=groups[EDITORS], active=True).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    Task.objects.filter(pk=task.pk).update(name=TASK_NAME)
    task.groups.add(groups[EDITORS], groups[ADMINS])
    workflow = Workflow.objects.filter(workflow_tasks__task=task).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    Workflow.objects.filter(pk=workflow.pk).update(name=WORKFLOW_NAME)
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
