"""Which edition a request is for and how its addresses start: the language its path names (/en/…), else the
default (Arabic, unprefixed). Read from the path, not from the active language, so the page cache (which answers
before any language is activated) and the site state agree with the URL."""

from django.conf import settings
from django.utils.translation import get_language, get_language_from_path


def default_language():
    return settings.LANGUAGE_CODE


def edition_language(request):
    """The language of the edition `request` asks for."""
    return get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def active_edition():
    """The language of the edition being rendered (the active language when it is a content language)."""
    language = get_language() or settings.LANGUAGE_CODE
    codes = {code for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES}
    return language if language in codes else settings.LANGUAGE_CODE


def url_prefix(language):
    """What an edition's reader addresses start with: '' for the default language, '/en' for English."""
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


LOCALES_KEY = "miftah:editions:locales"


def locale_ids():
    """{language code: Locale id}, kept in the cache until a Locale changes (miftah.editions.apps): locales change
    far more rarely than content, so a publish does not cost the next reader page a query for them."""
    from django.core.cache import cache

    ids = cache.get(LOCALES_KEY)
    if ids is None:
        from wagtail.models import Locale

        ids = dict(Locale.objects.values_list("language_code", "id"))
        cache.set(LOCALES_KEY, ids, None)
    return ids


def forget_locales(**kwargs):
    from django.core.cache import cache

    cache.delete(LOCALES_KEY)


def locale_id(language=None):
    """The Locale id of `language` (default: the edition being rendered); None when it has no Locale yet."""
    return locale_ids().get(language or active_edition())
