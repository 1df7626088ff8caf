"""The site's root page: a Miftah HomePage, in place of the welcome page Wagtail's own migrations make.

`create_home(apps)` is called by migration news/0004 with the migration's historical models, and by the tests with
the real ones after a flush has emptied the database (factories.ensure_base_data). Historical models have none of
treebeard's or Wagtail's methods, so it writes the rows itself, as wagtail/migrations/0002_initial_data.py does:
path, depth, numchild, url_path, content type and locale. The page is live and counts as published (first and last
published dates); like Wagtail's welcome page it has no revision yet, and the admin edits and publishes it as any
other page (the first save in the admin makes its first revision).

Keep it working with historical models: only fields, managers' plain queries, no model methods.
"""

from django.conf import settings
from django.utils import timezone

HOME_SLUG = "home"


def create_home(apps, name=None, base_url=None):
    """Make a HomePage the default site's root if the page tree is empty or holds only Wagtail's welcome page.

    Returns the new home page, or None when there was nothing to do: a HomePage exists already, there is no root
    page, or the tree has pages of its own (an existing install is never touched). The home's title, the Site's
    name and SiteSettings.publisher_name are `name` (default settings.WAGTAIL_SITE_NAME); the Site's hostname and
    port come from `base_url` (default: the configured base URL).
    """
    from miftah.core.site_address import retire_address_caches, site_address
    from miftah.news.tree import encode_step, next_child_number

    Page = apps.get_model("wagtailcore", "Page")
    HomePage = apps.get_model("news", "HomePage")
    Site = apps.get_model("wagtailcore", "Site")
    SiteSettings = apps.get_model("core", "SiteSettings")
    ContentType = apps.get_model("contenttypes", "ContentType")

    if HomePage.objects.exists():
        return None
    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return None
    below_root = list(Page.objects.filter(depth__gt=1).select_related("content_type")[:2])
    welcome = below_root[0] if len(below_root) == 1 else None
    if below_root and not (welcome is not None and is_wagtail_welcome_page(welcome, root)):
        return None

    name = name or settings.WAGTAIL_SITE_NAME
    hostname, port = site_address(base_url)
    if welcome is not None:
        # Free the slug for the new page; the welcome page goes once nothing points at it any more.
        Page.objects.filter(pk=welcome.pk).update(slug=f"{HOME_SLUG}-wagtail-welcome")
    children = Page.objects.filter(depth=root.depth + 1, path__startswith=root.path)
    last = children.order_by("-path").values_list("path", flat=True).first()
    step = next_child_number(last)
    now = timezone.now()
    content_type, _ = ContentType.objects.get_or_create(app_label="news", model="homepage")
    home = HomePage.objects.create(
        title=name, draft_title=name, slug=HOME_SLUG, content_type=content_type,
        path=root.path + encode_step(step), depth=root.depth + 1, numchild=0, url_path=f"{root.url_path}{HOME_SLUG}/",
        locale_id=root.locale_id, live=True, has_unpublished_changes=False, first_published_at=now,
        last_published_at=now, intro="",
    )

    if welcome is not None:
        Site.objects.filter(root_page_id=welcome.pk).update(root_page_id=home.pk)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(hostname=hostname, port=port, root_page_id=home.pk, is_default_site=True,
                                   site_name=name)
    else:
        site.hostname, site.port, site.root_page_id, site.site_name = hostname, port, home.pk, name
        site.save()
    if welcome is not None:
        Page.objects.filter(pk=welcome.pk).delete()
        # The home takes the welcome page's place in the tree (it has no children to move along).
        Page.objects.filter(pk=home.pk).update(path=welcome.path)
    Page.objects.filter(pk=root.pk).update(numchild=children.count())
    SiteSettings.objects.get_or_create(site_id=site.pk, defaults={"publisher_name": name})
    retire_address_caches()
    return HomePage.objects.get(pk=home.pk)


def is_wagtail_welcome_page(page, root):
    """The page wagtail/migrations/0002_initial_data.py makes, as nobody has touched it: a plain Page right under the
    root, without children or revisions. Anything else is somebody's content."""
    return (
        page.depth == root.depth + 1 and page.numchild == 0
        and (page.content_type.app_label, page.content_type.model) == ("wagtailcore", "page")
        and page.latest_revision_id is None and page.live_revision_id is None
    )


def home_page(name=None):
    """The site's HomePage, for commands that add to it (demo, setup, corpus loading).

    Normally the one migration news/0004 made. On a database whose tree was left alone by that migration because it
    already held other pages but no HomePage, a HomePage is added under the root and becomes the default site's root.
    """
    from django.apps import apps
    from wagtail.models import Page, Site

    from .models import HomePage

    home = HomePage.objects.order_by("path").first() or create_home(apps, name=name)  # not an edition's home
    if home is not None:
        return home
    name = name or settings.WAGTAIL_SITE_NAME
    root = Page.get_first_root_node()
    slug, n = HOME_SLUG, 1
    while Page.objects.child_of(root).filter(slug=slug).exists():
        n += 1
        slug = f"{HOME_SLUG}-{n}"
    home = root.add_child(instance=HomePage(title=name, slug=slug))
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        from miftah.core.site_address import site_address

        hostname, port = site_address()
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name=name)
    else:
        site.root_page = home
        site.save()
    return home
