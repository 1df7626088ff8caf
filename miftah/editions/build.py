"""Adding an edition: its Locale, the site's home page and live sections as synced wagtail-localize translations of
the Arabic ones, and its own settings row. Safe to run again: what exists is kept, what is missing is added.

The translations are *synced*: until an editor translates a segment in wagtail-localize's editor, the English page
shows the Arabic text (wagtail-localize's fallback), and a change to the Arabic source can be pushed with "Sync".
"""

from dataclasses import dataclass, field

from django.db import transaction
from wagtail.models import Locale, Site

from .models import EditionSettings


@dataclass
class Added:
    locale_created: bool = False
    home_created: bool = False
    sections_created: list = field(default_factory=list)
    settings_created: bool = False


def _synced_translation(page, locale, titles):
    """`page`'s translation in `locale`, made by wagtail-localize when missing; `titles` ({Arabic title: text}) fills
    the title segment of a new translation. Returns (translation, created)."""
    from wagtail_localize.operations import TranslationCreator

    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific, False
    TranslationCreator(None, [locale]).create_translations(page, include_related_objects=False)
    if page.title in titles:
        translate_segments(page, locale, {"title": titles[page.title]})
    return page.get_translation(locale).specific, True


def translate_segments(page, locale, texts, publish=True):
    """Fill the synced translation of `page` in `locale` with `texts` ({segment context path: text}, e.g. "title")
    as an editor would in wagtail-localize's editor, then save (and publish) it."""
    from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

    source, _ = TranslationSource.get_or_create_from_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        if segment.context.path in texts:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string, locale=locale, context=segment.context,
                defaults={"data": texts[segment.context.path], "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL},
            )
    Translation.objects.get(source=source, target_locale=locale).save_target(publish=publish)


@transaction.atomic
def add_edition(language, *, titles=None, settings_text=None):
    """Make the `language` edition of every site (see the module's docstring). `titles`: {Arabic title: translated
    title} for the home page and sections; `settings_text`: EditionSettings fields for a new settings row."""
    from miftah.news.models import SectionPage

    titles = titles or {}
    added = Added()
    locale, added.locale_created = Locale.objects.get_or_create(language_code=language)
    for site in Site.objects.select_related("root_page"):
        home = site.root_page.specific
        if home.locale_id == locale.id:
            continue
        _, added.home_created = _synced_translation(home, locale, titles)
        for section in SectionPage.objects.live().descendant_of(home).order_by("path"):
            translated, created = _synced_translation(section, locale, titles)
            if created:
                added.sections_created.append(translated)
        _, added.settings_created = EditionSettings.objects.get_or_create(
            site=site, locale=locale, defaults=settings_text or {})
        transaction.on_commit(lambda home=home: recount_children(home.get_translation(locale)))
    return added


def recount_children(root):
    """Set numchild right under `root` (the edition's home) after wagtail-localize's publishes, which run on commit
    and save each page as it was when its translation was made, before its translated subsections were added:
    a stale numchild of 0 would make the next child added there collide with the first one's tree path."""
    from wagtail.models import Page

    for page in Page.objects.descendant_of(root, inclusive=True).filter(numchild=0).only("path", "depth"):
        children = Page.objects.filter(path__startswith=page.path, depth=page.depth + 1).count()
        if children:
            Page.objects.filter(pk=page.pk).update(numchild=children)
