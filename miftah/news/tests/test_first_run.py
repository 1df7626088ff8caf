"""A new outlet from an empty install (issue #11): the Wagtail site's address, and so every absolute link, follows
the configured base URL.
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

pytestmark = pytest.mark.django_db

WELCOME = "Welcome to your new Wagtail site"


def canonical(html):
    return re.search(r'<link rel="canonical" href="([^"]*)"', html).group(1)


def og_url(html):
    return re.search(r'<meta property="og:url" content="([^"]*)"', html).group(1)


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