"""Writers edit and delete only their own pages, images and documents (issue #17).

Two grants reached further than the role meant: Wagtail's "change" page permission let a writer edit every page
and delete anyone's draft, and the image and document "change" permissions Wagtail's initial data gave its
"Editors" group (which news/0002 renamed to writers) let them replace or delete any file, the site's logo
included. Holding "add" alone, Wagtail's owner rule applies: writers edit the pages they created, delete their own
drafts, and change the files they uploaded (less those in use or private, miftah.uploads.permissions). News/0002
no longer grants these; this takes them away on sites made before.
"""

from django.db import migrations

WRITERS = "كتّاب"
KEEP_PAGE = {"add_page"}
KEEP_COLLECTION = {"add_image", "choose_image", "add_document", "choose_document"}


def writers_own_their_work(apps, schema_editor):
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    GroupPagePermission.objects.filter(group__name=WRITERS).exclude(permission__codename__in=KEEP_PAGE).delete()
    GroupCollectionPermission.objects.filter(group__name=WRITERS).exclude(
        permission__codename__in=KEEP_COLLECTION).delete()


class Migration(migrations.Migration):
    dependencies = [("news", "0004_miftah_home_page")]

    # Not reversed: handing the wider grants back is a decision for an admin (Settings → Groups), not a rollback.
    operations = [migrations.RunPython(writers_own_their_work, migrations.RunPython.noop)]
