"""Adding a correction or an update sets «حُدّث» (updated_at) to its date on publish (issue #18)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from miftah.news.models import ArticlePage, Correction
from miftah.news.tests.factories import make_article, make_section, settled

pytestmark = pytest.mark.django_db


def publish_with_correction(article, when, text="صُحّح اسم البلدة."):
    draft = article.get_latest_revision_as_object()
    draft.corrections.add(Correction(date=when, text=text))
    with settled():
        draft.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def test_a_new_correction_sets_updated_at(home):
    article = make_article(make_section(home, "تقارير"), "تقرير")
    assert article.updated_at is None
    when = timezone.now() + timedelta(minutes=5)
    article = publish_with_correction(article, when)
    assert article.updated_at == when
    assert article.corrections.count() == 1


def test_an_older_correction_does_not_move_updated_at_back(home):
    article = make_article(make_section(home, "تقارير"), "تقرير")
    later = timezone.now() + timedelta(days=1)
    ArticlePage.objects.filter(pk=article.pk).update(updated_at=later)
    draft = article.get_latest_revision_as_object()
    draft.updated_at = later
    with settled():
        draft.save_revision().publish()
    article = publish_with_correction(ArticlePage.objects.get(pk=article.pk), timezone.now() + timedelta(minutes=5))
    assert article.updated_at == later


def test_first_publication_with_a_note_is_not_an_update(home):
    article = make_article(make_section(home, "تقارير"), "تقرير", publish=False)
    draft = article.get_latest_revision_as_object()
    draft.corrections.add(Correction(date=timezone.now() - timedelta(minutes=1), text="ملاحظة"))
    with settled():
        draft.save_revision().publish()
    assert ArticlePage.objects.get(pk=article.pk).updated_at is None
