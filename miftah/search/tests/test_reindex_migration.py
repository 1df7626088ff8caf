"""Migrations miftah_search.0003, 0004 and 0005 re-analyse an existing index with the current stemmer, and skip an empty one."""

import importlib

import pytest
from django.apps import apps

from miftah.news.models import ArticlePage
from miftah.search import engine

pytestmark = pytest.mark.django_db

migration = importlib.import_module("miftah.search.migrations.0003_reindex_for_stemming_2")


def _found(query, article):
    return article.pk in [pk for pk, _ in engine.search(query, limit=10).hits]


def test_stale_index_is_rewritten_by_the_migration(home, django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article, make_section

    with django_capture_on_commit_callbacks(execute=True):
        section = make_section(home, "سياسة", slug="politics")
        article = make_article(section, "الحكومة تقر موازنة التقشف", body=("نص الخبر.",))
    # Written behind the indexer's back, as text indexed by an older analyser is: the index does not know it.
    ArticlePage.objects.filter(pk=article.pk).update(title="اللجنتان تجتمعان في القاهرة")
    assert not _found("لجنة", article)

    migration.forwards(apps, None)

    assert _found("لجنة", article)
    assert not _found("موازنة", article)


def test_an_empty_index_is_left_alone():
    IndexEntry = apps.get_model("wagtailsearch", "IndexEntry")
    IndexEntry.objects.all().delete()
    migration.forwards(apps, None)
    assert not IndexEntry.objects.exists()


def test_migration_0004_rewrites_a_stale_index_too(home, django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article, make_section

    third_round = importlib.import_module("miftah.search.migrations.0004_reindex_for_stemming_3")
    with django_capture_on_commit_callbacks(execute=True):
        section = make_section(home, "مجتمع", slug="society")
        article = make_article(section, "الحكومة تقر موازنة التقشف", body=("نص الخبر.",))
    ArticlePage.objects.filter(pk=article.pk).update(title="قصة حياتها في كتاب")
    assert not _found("الحياة", article)

    third_round.forwards(apps, None)

    assert _found("الحياة", article)


def test_migration_0005_rewrites_a_stale_index_too(home, django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article, make_section

    fourth_round = importlib.import_module("miftah.search.migrations.0005_reindex_for_stemming_4")
    with django_capture_on_commit_callbacks(execute=True):
        section = make_section(home, "أخبار", slug="news")
        article = make_article(section, "الحكومة تقر موازنة التقشف", body=("نص الخبر.",))
    ArticlePage.objects.filter(pk=article.pk).update(title="واشنطن تستدعي سفراءها من دول أمريكا اللاتينية")
    assert not _found("دولهم", article)

    fourth_round.forwards(apps, None)

    assert _found("دولهم", article)
    assert not _found("موازنة", article)
