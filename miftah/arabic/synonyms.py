"""Query-time expansion for what a light stemmer cannot join: broken plurals and spelling variants.

Light stemming leaves مدرسة → مدرس and مدارس → مدارس apart, and ميليشيا / مليشيا apart. Each row
of ``SYNONYM_GROUPS`` lists surface words of one concept; at import they are normalised and
stemmed, and every stem in a row maps to the row's key (the first word's stem).
``expand(term)`` gives the stems to OR together at query time; the index itself is unchanged, so
the table can grow without reindexing.
"""

from __future__ import annotations

from miftah.arabic.normalize import normalize
from miftah.arabic.stem import stem

__all__ = ["SYNONYM_GROUPS", "expand", "synonym_key"]

SYNONYM_GROUPS: tuple[tuple[str, ...], ...] = (
    # broken plurals
    ("مدرسة", "مدارس"),
    ("هجوم", "هجمات", "هجمة"),
    ("صاروخ", "صواريخ"),
    ("قوة", "قوات"),
    ("دولة", "دول"),
    ("جندي", "جنود"),
    ("طفل", "أطفال"),
    ("امرأة", "نساء", "نسوة", "المرأة"),
    ("رجل", "رجال"),
    ("مدينة", "مدن"),
    ("قرية", "قرى"),
    ("شهيد", "شهداء"),
    ("قتيل", "قتلى"),
    ("جريح", "جرحى"),
    ("أسير", "أسرى"),
    ("سجين", "سجناء"),
    ("وزير", "وزراء"),
    ("رئيس", "رؤساء"),
    ("زعيم", "زعماء"),
    ("قائد", "قادة"),
    ("حزب", "أحزاب"),
    ("بلد", "بلدان", "بلاد"),
    ("شعب", "شعوب"),
    ("حرب", "حروب"),
    ("سلاح", "أسلحة"),
    ("مسجد", "مساجد"),
    ("فصيل", "فصائل"),
    ("منزل", "منازل"),
    ("بيت", "بيوت"),
    ("عضو", "أعضاء"),
    ("أرض", "أراضي"),
    ("منطقة", "مناطق"),
    ("شارع", "شوارع"),
    ("سفينة", "سفن"),
    ("جيش", "جيوش"),
    ("ملعب", "ملاعب"),
    ("هدف", "أهداف"),
    ("نادي", "أندية"),
    ("فريق", "فرق"),
    ("عاصمة", "عواصم"),
    ("سعر", "أسعار"),
    ("سوق", "أسواق"),
    ("بنك", "بنوك", "مصرف", "مصارف"),
    ("مليون", "ملايين"),
    ("شهر", "أشهر", "شهور"),
    ("يوم", "أيام"),
    # spelling variants
    ("ميليشيا", "مليشيا", "ميليشيات", "مليشيات"),
    ("مظاهرة", "تظاهرة", "مظاهرات", "تظاهرات"),
    ("فيروس", "فايروس"),
    ("ديمقراطية", "ديموقراطية"),
    ("تلفزيون", "تلفاز", "تليفزيون"),
    ("أمريكا", "أميركا"),
    ("أمريكي", "أميركي", "الأمريكية", "الأميركية"),
    ("سوريا", "سورية"),
    ("مسؤول", "مسئول"),
)


def _build_index() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    key_of: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    for group in SYNONYM_GROUPS:
        stems = [stem(normalize(word)) for word in group]
        key = key_of.get(stems[0], stems[0])  # rows sharing a stem merge into one group
        for member in stems:
            previous_key = key_of.get(member)
            if previous_key is not None and previous_key != key:
                for moved in members.pop(previous_key):
                    key_of[moved] = key
                    members.setdefault(key, set()).add(moved)
            key_of[member] = key
            members.setdefault(key, set()).add(member)
    return key_of, {key: frozenset(group) for key, group in members.items()}


_KEY_OF, _MEMBERS = _build_index()


def synonym_key(term: str) -> str:
    """The shared key of the group that ``term`` (a word or a stem) belongs to, else its stem."""
    stemmed = stem(normalize(term))
    return _KEY_OF.get(stemmed, stemmed)


def expand(term: str) -> set[str]:
    """All stems equivalent to ``term`` (a word or a stem), always including its own stem."""
    stemmed = stem(normalize(term))
    key = _KEY_OF.get(stemmed)
    if key is None:
        return {stemmed}
    return set(_MEMBERS[key])
