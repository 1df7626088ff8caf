"""`miftah demo` builds the demo outlet, says it is a demo, and a second run changes nothing."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from wagtail.models import Page

from miftah.news.models import ArticlePage, Author, SectionPage

pytestmark = pytest.mark.django_db


def test_demo_loads_once_and_is_idempotent(django_capture_on_commit_callbacks, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=open("/dev/null", "w"))
    counts = (Page.objects.count(), ArticlePage.objects.live().count(), Author.objects.count(), User.objects.count())
    arabic = ArticlePage.objects.live().filter(locale__language_code="ar")
    assert arabic.count() == 42 and SectionPage.objects.filter(locale__language_code="ar").count() == 7 and counts[2] >= 6
    # The demo's English edition: three articles written in English, each a translation of an Arabic one.
    english = ArticlePage.objects.live().filter(locale__language_code="en")
    assert english.count() == 3 and all(arabic.filter(translation_key=a.translation_key).exists() for a in english)
    assert ArticlePage.objects.filter(is_breaking=True).exists() and ArticlePage.objects.filter(is_exclusive=True).exists()
    assert ArticlePage.objects.filter(corrections__isnull=False).exists()
    passwords = (tmp_path / "demo-credentials.txt").read_text()
    assert {"admin:", "editor:", "writer:"} <= {line.split()[0] for line in passwords.splitlines() if ":" in line and not line.startswith("#")}
    assert {g for u in User.objects.all() for g in u.groups.values_list("name", flat=True)} == {"كتّاب", "محررون", "مدراء"}

    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=open("/dev/null", "w"))
    assert (Page.objects.count(), ArticlePage.objects.live().count(), Author.objects.count(), User.objects.count()) == counts
    assert (tmp_path / "demo-credentials.txt").read_text() == passwords  # the same generated passwords

    html = Client().get("/").content.decode()
    assert "موقع تجريبي" in html  # the site says it is a demo
    assert html.count('class="card"') >= 8
