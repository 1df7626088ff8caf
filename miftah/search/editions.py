"""Search per edition: which analysis a text gets, and which locale a reader's search reads.

An edition is a Wagtail ``Locale``. A page is indexed with the analysis of its own locale's language (``ANALYSES``:
Miftah's Arabic analysis for ``ar``, ``miftah.search.english`` for ``en``; any other language gets the analysis
of ``settings.LANGUAGE_CODE``), and every search read path (``miftah.search.engine``) reads only the active
edition — the locale of ``translation.get_language()``, or the default locale when that language has no locale,
as ``Locale.get_active()`` decides — with that edition's analysis. An English article is never found from the
Arabic edition, nor an Arabic one from the English edition.

Locales are few and change rarely, so their ids are read once per process (``_locale_table``) and read again when
a locale is saved or deleted here or when the active language has no locale in the table (one query, only then):
a reader page spends no query on them.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from django.conf import settings
from django.utils import translation

from miftah.arabic import analysis as arabic
from miftah.arabic.normalize import normalize as arabic_normalize
from miftah.arabic.synonyms import expand as arabic_expand
from miftah.arabic.tokenize import TOKEN_PATTERN

from . import english


class Analysis(NamedTuple):
    """One language's analysis, as the search needs it (the calls of ``miftah.arabic.analysis``)."""

    language: str
    analyze: Callable  # (text, *, stopwords=False) -> [term]
    analyze_tokens: Callable  # (text, *, stopwords=False) -> [(term, Token)]
    analyze_query: Callable  # (text, *, glued=False) -> [QueryTerm]
    words: Callable  # (text) -> [normalised word], for autocomplete prefixes
    expand: Callable  # (stem) -> the stems it also matches (synonyms)


def _arabic_words(text):
    return [match.group() for match in TOKEN_PATTERN.finditer(arabic_normalize(text))]


ARABIC = Analysis("ar", arabic.analyze, arabic.analyze_tokens, arabic.analyze_query, _arabic_words, arabic_expand)
ENGLISH = Analysis("en", english.analyze, english.analyze_tokens, english.analyze_query, english.words,
                   english.expand)
ANALYSES = {"ar": ARABIC, "en": ENGLISH}


def analysis_for(language: str | None) -> Analysis:
    """The analysis of a language code (``en``, ``en-gb``, ``ar``…); None or an unknown one: the default language's."""
    for code in (language, settings.LANGUAGE_CODE):
        found = ANALYSES.get((code or "").split("-")[0].lower())
        if found is not None:
            return found
    return ARABIC


class Edition(NamedTuple):
    locale_id: int | None  # None: no locale at all (a database before Wagtail's migrations): nothing filtered
    language: str

    @property
    def analysis(self) -> Analysis:
        return analysis_for(self.language)


_locales: dict[str, int] | None = None  # language code -> Locale id


def _locale_table(refresh: bool = False) -> dict[str, int]:
    global _locales
    if _locales is None or refresh:
        from wagtail.models import Locale

        _locales = dict(Locale.objects.values_list("language_code", "id"))
    return _locales


def forget_locales(**kwargs):
    """Signal receiver: a locale was saved or deleted, read the table again on next use."""
    global _locales
    _locales = None


def _content_language(language: str | None) -> str | None:
    from wagtail.coreutils import get_supported_content_language_variant

    try:
        return get_supported_content_language_variant(language or settings.LANGUAGE_CODE)
    except LookupError:
        return None


def _codes(language: str):
    """The locale language codes that may stand for an active language: itself, its generic form, Wagtail's variant."""
    yield language
    yield language.split("-")[0].lower()
    variant = _content_language(language)
    if variant:
        yield variant


def current_edition() -> Edition:
    """The edition a reader is in: the locale of the active language, else the default locale (``Locale.get_active``'s
    rule, read from the cached table; the active language is matched to the locales themselves, so an edition works
    before ``WAGTAIL_CONTENT_LANGUAGES`` names it)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    for refresh in (False, True):
        table = _locale_table(refresh)
        for code in _codes(language):
            if code in table:
                return Edition(table[code], code)
    for code in _codes(settings.LANGUAGE_CODE):
        if code in table:
            return Edition(table[code], code)
    if table:  # no locale in the default language: Wagtail's fallback is the first one
        code, locale_id = min(table.items(), key=lambda item: item[1])
        return Edition(locale_id, code)
    return Edition(None, settings.LANGUAGE_CODE)


def language_of_locale(locale_id: int | None) -> str:
    """The language code of a locale id (the default language when unknown)."""
    if locale_id is not None:
        for refresh in (False, True):
            for code, pk in _locale_table(refresh).items():
                if pk == locale_id:
                    return code
    return settings.LANGUAGE_CODE


def language_of(obj) -> str:
    """The language an object is indexed in: its locale's (pages and other translatable models), else the default."""
    return language_of_locale(getattr(obj, "locale_id", None))


def is_default_locale(locale_id: int | None) -> bool:
    """Whether ``locale_id`` is the default edition's locale (None, no edition filter, counts as the default)."""
    if locale_id is None:
        return True
    with translation.override(settings.LANGUAGE_CODE):
        return current_edition().locale_id == locale_id


# What the search page tells a reader about the edition's analysis (empty search box; no results). The tips
# describe the analysis of the edition's language, so each is written in that language (not interface strings to
# translate: the English edition's analysis has no hamza to forgive, the Arabic one no plural "-s").
SEARCH_TIPS = {
    "ar": {
        "intro": "اكتب كلمة أو أكثر للبحث في المقالات. يجد البحث الكلمة بكل صيغها: «ميليشيات» تجد «والميليشيات» و«للميليشيا».",  # i18n: not interface text (per-analysis tip)
        "no_results": ["لا داعي للتشكيل أو الهمزات: «اسرائيل» و«إسرائيل» سواء."],  # i18n: not interface text (per-analysis tip)
    },
    "en": {
        "intro": "Type one or more words to search the articles. Search finds every form of a word: "
                 "“election” finds “elections”, “negotiating” finds “negotiations”.",
        "no_results": ["Check the spelling of names: the search forgives case and accents, not other letters.",
                       "Arabic names can be typed in Arabic script: they are matched the Arabic way."],
    },
}


def search_tips(language: str | None) -> dict:
    """The search page's tips for an edition's language (those of the default language's analysis otherwise)."""
    return SEARCH_TIPS[analysis_for(language).language]
