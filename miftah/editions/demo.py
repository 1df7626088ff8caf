"""The demo outlet's English edition (miftah/editions/demo/en.json, original text written for the demo): the edition
itself with English titles for the home page and sections, and three Arabic demo articles with English translations
written separately and linked to them (the same translation key), as an editor would after «Stop synced translation»."""

import json
from pathlib import Path

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Locale

from miftah.news.demo_loader import article_body

from .build import add_edition

CONTENT_FILE = Path(__file__).parent / "demo" / "en.json"


@transaction.atomic
def load_english_demo():
    from miftah.news.models import ArticlePage

    content = json.loads(CONTENT_FILE.read_text(encoding="utf-8"))
    titles = {**content["sections"]}
    from wagtail.models import Site

    for site in Site.objects.select_related("root_page"):
        titles[site.root_page.title] = content["home_title"]
    add_edition("en", titles=titles, settings_text=content["settings"])
    english = Locale.objects.get(language_code="en")
    created = 0
    for data in content["articles"]:
        source = ArticlePage.objects.filter(slug=data["source"]).exclude(locale=english).first()
        if source is None or source.get_translation_or_none(english) is not None:
            continue
        page = source.copy_for_translation(english)
        page.title = page.draft_title = data["title"]
        page.slug, page.dek, page.body = data["slug"], data["dek"], article_body(data)
        page.attribution = page.desk_byline = ""
        page.hero_caption, page.hero_credit = "Demo illustration", "Miftah (image generated for the demo)"
        page.hero_alt = "An abstract illustration accompanying the article"
        page.tags.clear()
        page.corrections.all().delete()
        page.save()
        page.save_revision().publish()
        ArticlePage.objects.filter(pk=page.pk).update(first_published_at=source.first_published_at,
                                                      last_published_at=source.first_published_at)
        created += 1
    for data in content["pages"]:
        created += translate_standard_page(data, english)
    return created


def translate_standard_page(data, english):
    """The English version of one of the demo's standard pages (About, Contact, ...), linked to its Arabic source."""
    from miftah.news.models import StandardPage

    source = StandardPage.objects.filter(slug=data["source"]).exclude(locale=english).first()
    if source is None or source.get_translation_or_none(english) is not None:
        return 0
    page = source.copy_for_translation(english)
    page.title = page.draft_title = data["title"]
    page.slug = data["slug"]
    page.body = json.dumps([{"type": "paragraph", "value": f"<p>{escape(para)}</p>"} for para in data["body"]])
    page.save()
    page.save_revision().publish()
    return 1
