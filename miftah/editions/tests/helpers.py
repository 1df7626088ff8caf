"""Building an English edition in tests the way an outlet does: `miftah editions add en`, then English articles
written as translations of Arabic ones (Wagtail's copy_for_translation, as wagtail-localize's "Translate" does)."""

from django.core.management import call_command
from wagtail.models import Locale

SECTION_TITLES = {"المفتاح الاستخباراتي": "The Intelligence Key", "اقتصاد": "Economy", "الخليج": "Gulf"}


def add_english_edition(home):
    from miftah.editions.build import add_edition

    titles = {home.title: "Miftah", **SECTION_TITLES}
    add_edition("en", titles=titles, settings_text={"publisher_name": "Miftah", "tagline": "News, calmly"})
    return Locale.objects.get(language_code="en")


def translate_article(article, title, body="The English text of the article.", slug=None, **fields):
    from miftah.news.tests.factories import paragraphs

    english = article.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = english.draft_title = title
    english.slug = slug or f"{article.slug}-en"
    english.body = paragraphs(body)
    for name, value in fields.items():
        setattr(english, name, value)
    english.save()
    english.save_revision().publish()
    return english


def call_editions(*args):
    from io import StringIO

    out = StringIO()
    call_command("editions", *args, stdout=out)
    return out.getvalue()
