"""A new outlet from an empty install (issue #11): `migrate` alone gives an Arabic Miftah home, absolute links carry
the configured base URL, `miftah setup` makes the first admin and sections (and a second run changes nothing), and a
WordPress export imports on a migrate-only database, with the demo loadable after it.

No test here uses the `home` fixture: they start from what the migrations made.
"""

import io
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page, Revision, Site

from miftah.core.models import SiteSettings
from miftah.core.site_address import normalise_base_url, parse_base_url, sync_configured_site_address
from miftah.news.models import ArticlePage, HomePage, SectionPage
from miftah.news.site_root import create_home

pytestmark = pytest.mark.django_db

WELCOME = "Welcome to your new Wagtail site"


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]*)"', html).group(1)


def og_url(html):
    return re.search(r'<meta property="og:url" content="([^"]*)"', html).group(1)


def test_migrate_alone_gives_an_arabic_miftah_home(settings):
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert site.root_page_id == home.pk and site.site_name == settings.WAGTAIL_SITE_NAME == home.title
    assert site.root_url == "http://localhost"  # test_settings: MIFTAH_BASE_URL = http://localhost
    assert SiteSettings.objects.get(site=site).publisher_name == settings.WAGTAIL_SITE_NAME
    assert home.live and home.first_published_at and not home.has_unpublished_changes
    assert (home.depth, home.path, home.url_path, home.slug) == (2, "00010001", "/home/", "home")
    assert home.locale_id == Page.get_first_root_node().locale_id
    assert Page.objects.count() == 2 and Page.find_problems() == ([], [], [], [], [])  # the welcome page is gone

    response = Client().get("/")
    html = response.content.decode()
    assert response.status_code == 200 and '<html lang="ar" dir="rtl"' in html
    assert WELCOME not in html and settings.WAGTAIL_SITE_NAME in html
    assert canonical(html) == og_url(html) == "http://localhost/"


def test_the_admin_edits_and_publishes_the_home_the_migration_made():
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    home = HomePage.objects.get()
    admin = User.objects.create_superuser("boss", "boss@example.org", "a-long-pass-for-tests")
    client = Client()
    client.force_login(admin)
    edit_url = f"/admin/pages/{home.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, nested_form_data({
        "title": "أخبار الساحل", "slug": "home", "intro": "أخبار المدينة كل يوم",
        "featured": inline_formset([]), "comments": inline_formset([]), "action-publish": "action-publish",
    }))
    assert response.status_code == 302, response.content.decode()[:2000]
    home.refresh_from_db()
    assert home.title == "أخبار الساحل" and home.intro == "أخبار المدينة كل يوم"
    assert home.live and not home.has_unpublished_changes and home.live_revision_id
    assert "أخبار المدينة كل يوم" in Client().get("/").content.decode()


def welcome_tree():
    """Put the tree back to what Wagtail's own migrations leave: the root and an untouched welcome page."""
    root = Page.get_first_root_node()
    Site.objects.all().delete()  # and with it the SiteSettings row
    welcome = root.add_child(instance=Page(title=WELCOME + "!", slug="home-welcome"))
    HomePage.objects.all().delete()
    Page.objects.filter(pk=welcome.pk).update(slug="home")
    site = Site.objects.create(hostname="localhost", root_page_id=welcome.pk, is_default_site=True)
    return Page.objects.get(pk=welcome.pk), site


def test_create_home_replaces_only_an_untouched_welcome_page(settings):
    welcome, site = welcome_tree()
    settings.WAGTAILADMIN_BASE_URL = "https://news.example.org"
    home = create_home(apps, name="أخبار الساحل")
    assert home is not None and not Page.objects.filter(pk=welcome.pk).exists()
    site.refresh_from_db()
    assert (site.root_page_id, site.site_name, site.root_url) == (home.pk, "أخبار الساحل", "https://news.example.org")
    assert home.path == welcome.path and home.title == "أخبار الساحل"
    assert SiteSettings.objects.get(site=site).publisher_name == "أخبار الساحل"
    assert Page.find_problems() == ([], [], [], [], [])
    assert create_home(apps) is None  # a HomePage exists: nothing to do

    # A tree with pages of its own (an existing install) is never touched.
    welcome, site = welcome_tree()
    welcome.add_child(instance=Page(title="صفحة قائمة", slug="existing"))
    assert create_home(apps) is None and not HomePage.objects.exists()
    # Nor is a welcome page somebody edited (it has a revision).
    Page.objects.filter(depth=3).delete()
    Page.objects.get(pk=welcome.pk).save_revision()
    assert create_home(apps) is None and not HomePage.objects.exists()


def test_base_url_parsing():
    assert parse_base_url("https://News.Example.org/") == ("https", "news.example.org", 443)
    assert parse_base_url("http://127.0.0.1:8000") == ("http", "127.0.0.1", 8000)
    assert normalise_base_url("https://news.example.org:443/") == "https://news.example.org"
    assert normalise_base_url("http://مفتاح.example") == "http://xn--mgbfk1fta.example"  # the name DNS knows
    for bad in ("news.example.org", "ftp://x.org", "https://x.org/news/", "https://x.org:8443", "http://x.org:443",
                "https://x.org/?a=1", ""):
        with pytest.raises(ValueError):
            parse_base_url(bad)


@pytest.fixture
def newsroom_at(settings, newsroom):
    """The newsroom, served at another base URL (as MIFTAH_BASE_URL says), the Site synced as `migrate` would."""
    settings.MIFTAH_BASE_URL = settings.WAGTAILADMIN_BASE_URL = "https://news.example.org"
    assert sync_configured_site_address()
    return newsroom


def test_canonical_and_og_url_carry_the_base_url(newsroom_at):
    base = "https://news.example.org"
    article = newsroom_at["articles"][0]
    client = Client()
    for path in ("/", newsroom_at["sections"]["politics"].url, article.url, "/author/layla-haddad/",
                 "/tag/" + article.tags.first().slug + "/", "/dossiers/"):
        html = client.get(path).content.decode()
        assert canonical(html).startswith(base + "/"), (path, canonical(html))
        if path != "/dossiers/":
            assert og_url(html).startswith(base + "/"), (path, og_url(html))
    assert canonical(client.get("/author/layla-haddad/?page=1&utm_source=x").content.decode()) == \
        base + "/author/layla-haddad/"
    html = client.get(article.url).content.decode()
    assert canonical(html) == og_url(html) == base + article.url
    assert f"{base}/s/{article.pk}" in html  # share links
    assert f"<link>{base}/</link>" in client.get("/feed/").content.decode()
    assert f"<loc>{base}/</loc>" in client.get("/sitemap-pages.xml").content.decode()


def test_the_site_follows_the_base_url_when_it_changes(settings, newsroom_at):
    assert canonical(Client().get("/").content.decode()) == "https://news.example.org/"
    settings.MIFTAH_BASE_URL = settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    call_command("migrate", verbosity=0)  # post_migrate syncs the Site, as every `migrate` and `miftah run` does
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8123"
    assert canonical(Client().get("/").content.decode()) == "http://127.0.0.1:8123/"
    # Without a configured base URL, the Site is left as it is (an address set in the admin stays).
    settings.MIFTAH_BASE_URL, settings.WAGTAILADMIN_BASE_URL = "", "http://127.0.0.1:8000"
    assert not sync_configured_site_address()
    assert Site.objects.get(is_default_site=True).root_url == "http://127.0.0.1:8123"


def site_state():
    site = Site.objects.get(is_default_site=True)
    return (
        list(Page.objects.order_by("path").values_list("path", "title", "slug", "live", "show_in_menus",
                                                        "latest_revision_id")),
        Revision.objects.count(),
        list(User.objects.order_by("pk").values_list("username", "email", "password", "is_superuser")),
        (site.hostname, site.port, site.site_name),
        list(SiteSettings.objects.values_list("publisher_name", flat=True)),
    )


def test_setup_without_questions_then_again(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("MIFTAH_BASE_URL", raising=False)
    monkeypatch.delenv("MIFTAH_ADMIN_PASSWORD", raising=False)
    settings.DATA_DIR = tmp_path
    settings.MIFTAH_BASE_URL = ""  # a fresh install: no address configured yet
    args = ["setup", "--no-input", "--site-name", "أخبار الساحل", "--base-url", "https://news.example.org/",
            "--admin-username", "layla", "--admin-email", "layla@example.org", "--sections", "سياسة، اقتصاد,رياضة,سياسة"]
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    output = out.getvalue()

    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert home.title == site.site_name == SiteSettings.for_site(site).publisher_name == "أخبار الساحل"
    assert home.live and not home.has_unpublished_changes
    assert site.root_url == "https://news.example.org"
    assert (tmp_path / "base_url").read_text().strip() == "https://news.example.org"
    layla = User.objects.get(username="layla")
    assert layla.is_superuser and layla.is_staff and layla.email == "layla@example.org"
    assert list(layla.groups.values_list("name", flat=True)) == ["مدراء"]
    password = re.search(r"shown this once only\): (\S+)", output).group(1)
    assert layla.check_password(password)
    sections = list(SectionPage.objects.child_of(home).live())
    assert [s.title for s in sections] == ["سياسة", "اقتصاد", "رياضة"] and all(s.show_in_menus for s in sections)
    html = Client().get("/").content.decode()
    assert "أخبار الساحل" in html and all(f">{title}<" in html for title in ("سياسة", "اقتصاد", "رياضة"))
    assert canonical(html) == "https://news.example.org/"

    # A new process reads the saved address; the same command again changes nothing and shows no password.
    settings.MIFTAH_BASE_URL = settings.WAGTAILADMIN_BASE_URL = "https://news.example.org"
    before = site_state()
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    assert site_state() == before
    assert "shown this once only" not in out.getvalue() and "exists, kept" in out.getvalue()

    # Asked to, it updates the admin (the given password) and adds only the new section.
    call_command("setup", "--no-input", "--admin-username", "layla", "--admin-email", "l@example.org",
                 "--admin-password", "a-long-pass-for-tests", "--update-admin", "--sections", "سياسة,ثقافة",
                 stdout=io.StringIO(), stderr=io.StringIO())
    layla.refresh_from_db()
    assert layla.email == "l@example.org" and layla.check_password("a-long-pass-for-tests")
    assert [s.title for s in SectionPage.objects.child_of(home)] == ["سياسة", "اقتصاد", "رياضة", "ثقافة"]
    assert home.title == "أخبار الساحل"


def test_setup_asks_with_defaults(settings, tmp_path, monkeypatch):
    monkeypatch.delenv("MIFTAH_BASE_URL", raising=False)
    settings.DATA_DIR = tmp_path
    settings.MIFTAH_BASE_URL = ""
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    answers = iter(["جريدة الحي", "", "admin", "", "أخبار، رأي"])  # the base URL and e-mail keep their defaults
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "")  # empty: a generated password
    out = io.StringIO()
    call_command("setup", stdout=out, stderr=io.StringIO())
    assert HomePage.objects.get().title == "جريدة الحي"
    assert Site.objects.get(is_default_site=True).root_url == "http://localhost"  # the default offered: the current one
    assert User.objects.get(username="admin").is_superuser and "shown this once only" in out.getvalue()
    assert [s.title for s in SectionPage.objects.all()] == ["أخبار", "رأي"]


def test_import_wordpress_on_a_migrate_only_database_then_the_demo(settings, tmp_path,
                                                                   django_capture_on_commit_callbacks):
    from miftah.wordpress.tests.conftest import wordpress_data

    settings.DATA_DIR = tmp_path
    export = wordpress_data("theme-unit-test", "themeunittestdata.wordpress.xml")
    home = HomePage.objects.get()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_wordpress", str(export), "--no-progress", stdout=out, stderr=io.StringIO())
    assert ArticlePage.objects.count() == 58 and HomePage.objects.get().pk == home.pk
    assert ArticlePage.objects.first().get_ancestors().filter(depth=2).get().pk == home.pk
    assert Client().get("/").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=io.StringIO())
    counts = (Page.objects.count(), ArticlePage.objects.count(), HomePage.objects.count())
    # The demo's 42 Arabic articles beside the 58 imported, plus its English edition (a home and three articles).
    assert counts[1] == 58 + 42 + 3 and counts[2] == 2 and Page.find_problems() == ([], [], [], [], [])
    assert HomePage.objects.get(locale__language_code="ar").pk == home.pk
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=io.StringIO())
    assert (Page.objects.count(), ArticlePage.objects.count(), HomePage.objects.count()) == counts
    response = Client().get("/")
    assert response.status_code == 200 and "موقع تجريبي" in response.content.decode()
