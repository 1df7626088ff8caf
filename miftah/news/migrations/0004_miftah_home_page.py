"""A new install's site root is a Miftah HomePage, not Wagtail's English welcome page.

On a database whose page tree is only Wagtail's root and untouched welcome page, the welcome page is replaced by a
live HomePage titled with the publisher's name (settings.WAGTAIL_SITE_NAME, from MIFTAH_SITE_NAME), which becomes the
default site's root, with the site's address from the base URL (MIFTAH_BASE_URL) and a SiteSettings row. On any other
database (a HomePage exists, or the tree has pages of its own) this does nothing. See miftah.news.site_root.
"""

from django.db import migrations


def create_home(apps, schema_editor):
    from miftah.news.site_root import create_home

    create_home(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_article_work"),
        ("core", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_home, migrations.RunPython.noop)]
