"""The interface in the reader's or editor's language: counted nouns that follow Arabic grammar in Arabic and the
translation catalogue's plural forms elsewhere.

Arabic is the source language of every interface string (the msgid is the Arabic text). Arabic counts are not a
two-form affair (مقال واحد، مقالان، 3 مقالات، 11 مقالاً), so in Arabic they come from ``miftah.arabic.counting``;
in any other language from ``ngettext`` with the Arabic singular and plural as msgids (see docs/i18n.md).
"""

from django.utils import translation
from django.utils.translation import ngettext

from miftah.arabic.counting import count_phrase

# One entry per counted noun of miftah.arabic.counting.NOUNS that the interface shows. Each is a literal ngettext
# call so that makemessages finds it.
COUNTED = {
    "مقال": lambda n: ngettext("%(count)s مقال", "%(count)s مقالات", n),
    "كيان": lambda n: ngettext("%(count)s كيان", "%(count)s كيانات", n),
    "مرة": lambda n: ngettext("%(count)s مرة", "%(count)s مرات", n),
    "نتيجة": lambda n: ngettext("%(count)s نتيجة", "%(count)s نتائج", n),
    "شهر": lambda n: ngettext("%(count)s شهر", "%(count)s أشهر", n),
    "إشارة": lambda n: ngettext("%(count)s إشارة", "%(count)s إشارات", n),
    "فاعل": lambda n: ngettext("%(count)s فاعل", "%(count)s فاعلين", n),
}


def arabic_active() -> bool:
    """True when the active language is Arabic (or none is active: Arabic is the site's language)."""
    return (translation.get_language() or "ar").split("-")[0] == "ar"


def count_text(n: int, noun: str, number: str | None = None) -> str:
    """"11 مقالاً" in Arabic, "11 articles" in English; ``noun`` is the Arabic key, ``number`` as the site writes it."""
    if arabic_active():
        return count_phrase(n, noun, number=number)
    return COUNTED[noun](int(n)) % {"count": number if number is not None else f"{int(n):,}"}
