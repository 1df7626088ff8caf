"""Arabic counted nouns: the number and the noun in the form the number takes.

Pure Python (no Django). Arabic grammar puts the counted noun in different forms by number:

* 1: the singular, followed by "واحد" (مقال واحد);
* 2: the dual, without the number (مقالان);
* 3–10: the plural (3 مقالات);
* 11–99: the singular with tanween fath, the accusative of specification (11 مقالاً);
* 100 and above: the singular (100 مقال); a number whose last two digits are 3–10 or 11–99 takes
  the form of those (103 مقالات، 111 مقالاً) and one ending in 00, 01 or 02 takes the singular
  (200 مقال، 101 مقال، 102 مقال);
* 0: the plural after "لا" would be needed in a sentence; here "0 مقال" reads as a count.

``NOUNS`` holds the forms of the nouns Miftah counts; ``count_phrase(n, "مقال")`` picks the form.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NounForms", "NOUNS", "noun_form", "count_phrase"]


@dataclass(frozen=True, slots=True)
class NounForms:
    singular: str  # مقال
    dual: str  # مقالان
    plural: str  # مقالات
    accusative: str  # مقالاً (11–99)
    one: str  # "واحد" or "واحدة": the adjective after the singular for 1


NOUNS: dict[str, NounForms] = {
    "مقال": NounForms("مقال", "مقالان", "مقالات", "مقالاً", "واحد"),
    "كيان": NounForms("كيان", "كيانان", "كيانات", "كياناً", "واحد"),
    "مرة": NounForms("مرة", "مرتان", "مرات", "مرة", "واحدة"),
    "نتيجة": NounForms("نتيجة", "نتيجتان", "نتائج", "نتيجة", "واحدة"),
    "شهر": NounForms("شهر", "شهران", "أشهر", "شهراً", "واحد"),
    "إشارة": NounForms("إشارة", "إشارتان", "إشارات", "إشارة", "واحدة"),
    "فاعل": NounForms("فاعل", "فاعلان", "فاعلين", "فاعلاً", "واحد"),
}


def noun_form(n: int, noun: str) -> str:
    """The form of ``noun`` (a key of ``NOUNS``) that follows the number ``n``."""
    forms = NOUNS[noun]
    n = abs(int(n))
    if n == 1:
        return forms.singular
    if n == 2:
        return forms.dual
    rest = n % 100
    if n >= 100 and rest in (0, 1, 2):
        return forms.singular
    if 3 <= rest <= 10:
        return forms.plural
    if 11 <= rest <= 99:
        return forms.accusative
    return forms.singular  # 0


def count_phrase(n: int, noun: str, number: str | None = None) -> str:
    """"مقال واحد", "مقالان", "3 مقالات", "11 مقالاً", "100 مقال".

    ``number`` is the number as it should be written (e.g. grouped or in Arabic-Indic digits);
    by default ``str(n)``. For 1 and 2 the noun alone says the number, as Arabic writes it.
    """
    forms = NOUNS[noun]
    n = int(n)
    if n == 1:
        return f"{forms.singular} {forms.one}"
    if n == 2:
        return forms.dual
    return f"{number if number is not None else n} {noun_form(n, noun)}"
