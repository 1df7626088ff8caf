"""Arabic dates: formatting for the reader theme and finding dates in news text.

Pure Python (no Django), so the theme, the dossier timeline and the ``miftah dates parse``
command can all use it.

The month-name tables below are the single source of truth: the formatters read them directly
and the parser builds its patterns from them (plus the extra spellings news text uses).

Hijri dates use the Umm al-Qura calendar through ``hijridate`` (valid 1343–1500 AH,
1924-08-01 … 2077-11-16). Month names follow ICU/CLDR and the Umm al-Qura calendar itself:
ربيع الآخر and جمادى الآخرة rather than ربيع الثاني / جمادى الثانية (both spellings are
parsed).

``find_dates`` works on ``normalize()``d text (so hamza, diacritics, tatweel and Arabic-Indic
digits need no special cases) and maps spans back to the original with
``normalize_with_offsets``. Expressions without a year are resolved against a reference date:
"14 آذار" → its latest occurrence not after the reference, "أواخر آذار" → the latest March not
after the reference month, "آذار الماضي/المقبل" → the March strictly before/after it,
"العام الماضي" → reference year − 1. A bare month name, a bare four-digit number and a weekday
without a number ("يوم الأحد الماضي") are not dates.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta

from hijridate import Gregorian, Hijri

from miftah.arabic.lexicon import CONJUNCTIONS, PREPOSITIONS
from miftah.arabic.normalize import normalize, normalize_with_offsets

__all__ = [
    "MONTH_STYLES",
    "HIJRI_MONTHS",
    "WEEKDAYS",
    "to_arabic_digits",
    "format_date",
    "format_hijri",
    "format_relative",
    "DateMatch",
    "find_dates",
    "parse_to_json",
]

_LEVANTINE = (
    "كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران",
    "تموز", "آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول",
)
_EGYPTIAN = (
    "يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
    "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)
_MAGHREBI = (
    "جانفي", "فيفري", "مارس", "أفريل", "ماي", "جوان",
    "جويلية", "أوت", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
)

#: Gregorian month names (index 0 = January) per regional style; "dual" is the Levantine
#: name followed by the Egyptian/Gulf one, as Levantine newspapers print it.
MONTH_STYLES: dict[str, tuple[str, ...]] = {
    "levantine": _LEVANTINE,
    "egyptian": _EGYPTIAN,
    "maghrebi": _MAGHREBI,
    "dual": tuple(f"{lev}/{egy}" for lev, egy in zip(_LEVANTINE, _EGYPTIAN)),
}

#: Umm al-Qura month names (index 0 = Muharram), ICU/CLDR spelling.
HIJRI_MONTHS: tuple[str, ...] = (
    "محرم", "صفر", "ربيع الأول", "ربيع الآخر", "جمادى الأولى", "جمادى الآخرة",
    "رجب", "شعبان", "رمضان", "شوال", "ذو القعدة", "ذو الحجة",
)

#: Weekday names in ``date.weekday()`` order (Monday first).
WEEKDAYS: tuple[str, ...] = (
    "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد",
)

_ARABIC_INDIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def to_arabic_digits(text: str) -> str:
    """Replace ASCII digits 0-9 with Arabic-Indic digits ٠-٩; everything else is kept."""
    return text.translate(_ARABIC_INDIC_DIGITS)


def _digits(text: str, arabic_digits: bool) -> str:
    return to_arabic_digits(text) if arabic_digits else text


def format_date(
    d: date | datetime,
    style: str = "levantine",
    *,
    weekday: bool = False,
    arabic_digits: bool = False,
    with_time: bool = False,
) -> str:
    """Format a Gregorian date the way Arabic newspapers print it: "14 تشرين الأول 2024".

    ``weekday`` prefixes the day name ("الاثنين 14 تشرين الأول 2024"); ``with_time`` appends
    the 24-hour time after an Arabic comma ("…2024، 09:05") when ``d`` is a datetime (a plain
    date has no time, so it is formatted without one). Raises ``KeyError`` for an unknown style.
    """
    month_names = MONTH_STYLES[style]
    text = f"{d.day} {month_names[d.month - 1]} {d.year}"
    if weekday:
        text = f"{WEEKDAYS[d.weekday()]} {text}"
    if with_time and isinstance(d, datetime):
        text = f"{text}، {d.hour:02d}:{d.minute:02d}"
    return _digits(text, arabic_digits)


def format_hijri(d: date | datetime, *, arabic_digits: bool = False) -> str:
    """Format the Umm al-Qura date of ``d``: "11 ربيع الآخر 1446 هـ"; "" outside 1924–2077."""
    try:
        hijri = Gregorian(d.year, d.month, d.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    text = f"{hijri.day} {HIJRI_MONTHS[hijri.month - 1]} {hijri.year} هـ"
    return _digits(text, arabic_digits)


# (singular, dual, plural for 3–10); 11 and above take the singular, as in Arabic grammar.
_TIME_UNITS = {
    "minute": ("دقيقة", "دقيقتين", "دقائق"),
    "hour": ("ساعة", "ساعتين", "ساعات"),
    "day": ("يوم", "يومين", "أيام"),
}

_RELATIVE_LIMIT = timedelta(days=8)  # "منذ 7 أيام" is the last relative form
_CLOCK_SKEW = timedelta(minutes=1)  # a timestamp slightly in the future still reads "الآن"


def _count_phrase(count: int, unit: str, arabic_digits: bool) -> str:
    singular, dual, plural = _TIME_UNITS[unit]
    if count == 1:
        return singular
    if count == 2:
        return dual
    noun = plural if 3 <= count <= 10 else singular
    return f"{_digits(str(count), arabic_digits)} {noun}"


def format_relative(
    dt: datetime, now: datetime, *, arabic_digits: bool = False
) -> str | None:
    """Say how long ago ``dt`` was, relative to ``now``: "الآن", "منذ دقيقتين", "منذ 5 ساعات"…

    Counts are whole elapsed units (59 minutes is still minutes). Returns ``None`` when the
    interval is 8 days or more, or when ``dt`` lies more than a minute in the future: the caller
    then shows the absolute date. Both must be naive or both aware (as Python requires).
    """
    elapsed = now - dt
    if elapsed < -_CLOCK_SKEW or elapsed >= _RELATIVE_LIMIT:
        return None
    seconds = max(int(elapsed.total_seconds()), 0)
    if seconds < 60:
        return "الآن"
    if seconds < 3600:
        return "منذ " + _count_phrase(seconds // 60, "minute", arabic_digits)
    if seconds < 86400:
        return "منذ " + _count_phrase(seconds // 3600, "hour", arabic_digits)
    return "منذ " + _count_phrase(seconds // 86400, "day", arabic_digits)


# --------------------------------------------------------------------------------------------
# Finding dates in text
# --------------------------------------------------------------------------------------------

# Spellings news text uses besides the MONTH_STYLES names: hamza-less and colloquial forms are
# covered by normalize(); these are the genuinely different words (Egyptian -يه endings,
# Moroccan names, Levantine names without the article).
_EXTRA_MONTH_SPELLINGS: dict[int, tuple[str, ...]] = {
    1: ("كانون ثاني", "كانون ثان"),
    2: ("فبرير",),
    4: ("إبريل", "أبرايل"),
    6: ("يونيه",),
    7: ("يوليه", "يوليوز", "جويلة"),
    8: ("غشت", "أغستس"),
    9: ("شتنبر",),
    10: ("تشرين أول",),
    11: ("تشرين ثاني", "تشرين ثان", "نونبر"),
    12: ("كانون أول", "دجنبر"),
}

# Month names that are also everyday words (أب "father", ماي "my"/"water"): only a date when a
# day or a year stands beside them, and never with a clitic unless written with the madda (بآب).
_CONTEXT_ONLY_MONTHS = ("آب", "ماي")

_EXTRA_HIJRI_SPELLINGS: dict[int, tuple[str, ...]] = {
    1: ("المحرم", "محرم الحرام"),
    3: ("ربيع أول",),
    4: ("ربيع الثاني", "ربيع ثاني", "ربيع الأخير"),
    5: ("جمادى الأول", "جمادى أولى"),
    6: ("جمادى الثانية", "جمادى الآخر", "جمادى الثاني", "جمادى ثانية"),
    11: ("ذي القعدة",),
    12: ("ذي الحجة",),
}

# Words that place a month or year in time without a day: "أواخر تشرين الأول 2023", "مطلع 2024".
_PERIOD_QUALIFIERS = (
    "أوائل", "مطلع", "مطالع", "بداية", "بدايات", "مستهل",
    "منتصف", "أواسط",
    "أواخر", "نهاية", "نهايات", "ختام",
)

# "العام الماضي", "تشرين الأول المقبل": the adjective and the year (or occurrence) it points to.
_RELATIVE_ADJECTIVES: dict[str, int] = {
    "الماضي": -1, "الماضية": -1, "المنصرم": -1, "المنصرمة": -1, "الفائت": -1, "الفائتة": -1,
    "السابق": -1, "السابقة": -1,
    "المقبل": 1, "المقبلة": 1, "القادم": 1, "القادمة": 1,
    "الحالي": 0, "الحالية": 0, "الجاري": 0, "الجارية": 0,
}
_THIS_YEAR_PHRASES = ("هذا العام", "هذه السنة")

# Ordinal day numbers as news agencies write them: "الرابع من يونيو", "الحادي والعشرين من آذار".
_ORDINAL_UNITS = (
    "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع",
)
_ORDINAL_DAYS: dict[str, int] = {
    **{name: number for number, name in enumerate(_ORDINAL_UNITS, start=1)},
    "العاشر": 10,
    "الحادي عشر": 11,
    **{f"{name} عشر": number + 10 for number, name in enumerate(_ORDINAL_UNITS, start=1) if number > 1},
    "العشرين": 20,
    "العشرون": 20,
    "الحادي والعشرين": 21,
    **{f"{name} والعشرين": number + 20 for number, name in enumerate(_ORDINAL_UNITS, start=1) if number > 1},
    "الثلاثين": 30,
    "الثلاثون": 30,
    "الحادي والثلاثين": 31,
}

# Nouns that "العام" follows as the adjective "general/public" (الأمين العام السابق, النائب العام
# الحالي, المؤتمر العام المقبل); after these "العام …" is not a year. Written with the article, as
# they stand in text; folded when compiled.
_GENERAL_NOUN_WORDS = (
    "الأمين", "المدعي", "النائب", "المدير", "المراقب", "المفتش", "المرشد", "المفوض", "المنسق",
    "القائد", "الحاكم", "المشرف", "المستشار", "المقرر", "الوكيل", "المحامي", "القنصل",
    "الرأي", "القطاع", "المؤتمر", "الأمن", "العفو", "الإضراب", "النقل", "التعليم", "الشأن",
    "الصالح", "المال", "الاتحاد", "الإطار", "المزاج", "المشهد", "الوضع", "الطابع", "النظام",
    "الموقف", "الدين", "الشعور", "الاتجاه", "الهيكل", "الذوق", "النفع", "المرفق", "الملك",
    "الدوري", "الترتيب", "التصنيف", "الإنفاق", "الاكتتاب", "المؤشر", "الطلب", "المستوى",
)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A date found in text. ``text == original[start:end]``; ``iso`` is "YYYY-MM-DD",
    "YYYY-MM" or "YYYY" according to ``precision`` ("day", "month" or "year")."""

    text: str
    start: int
    end: int
    iso: str
    precision: str


def _fold(text: str) -> str:
    return " ".join(normalize(text).split())


def _alternation(words) -> str:
    # Longest first, so that "تشرين الاول" wins over a shorter name it starts with.
    unique = sorted(set(words), key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, word.split())) for word in unique)


def _month_lookup() -> dict[str, int]:
    lookup: dict[str, int] = {}
    for style in ("levantine", "egyptian", "maghrebi"):
        for number, name in enumerate(MONTH_STYLES[style], start=1):
            lookup[_fold(name)] = number
    for number, names in _EXTRA_MONTH_SPELLINGS.items():
        for name in names:
            lookup[_fold(name)] = number
    return lookup


def _hijri_month_lookup() -> dict[str, int]:
    lookup = {_fold(name): number for number, name in enumerate(HIJRI_MONTHS, start=1)}
    for number, names in _EXTRA_HIJRI_SPELLINGS.items():
        for name in names:
            lookup[_fold(name)] = number
    return lookup


_MONTH_NUMBERS = _month_lookup()
_HIJRI_MONTH_NUMBERS = _hijri_month_lookup()
_CONTEXT_ONLY = {_fold(name) for name in _CONTEXT_ONLY_MONTHS}
_RELATIVE_OFFSETS = {_fold(word): offset for word, offset in _RELATIVE_ADJECTIVES.items()}
_THIS_YEAR = {_fold(phrase) for phrase in _THIS_YEAR_PHRASES}
_GENERAL_NOUNS = {_fold(word) for word in _GENERAL_NOUN_WORDS}
_ORDINAL_DAY_NUMBERS = {_fold(name): number for name, number in _ORDINAL_DAYS.items()}

# The patterns run on normalize()d text: alef forms folded, ة → ه, ى → ي, no harakat or
# tatweel (so "هـ" is "ه" and "الـ14" is "ال14"), ASCII digits.
_WORD_START = r"(?<![^\W_])"
# A word start, or one or two of the lexicon's proclitics glued to the word: "بتشرين", "وفبراير" (a conjunction,
# a preposition, or a conjunction then a preposition; a look-behind has one width, hence two).
_ONE_PROCLITIC = "[" + "".join(CONJUNCTIONS + PREPOSITIONS) + "]"
_TWO_PROCLITICS = "[" + "".join(CONJUNCTIONS) + "][" + "".join(PREPOSITIONS) + "]"
_LEAD = (
    r"(?:(?<![^\W_])|(?<=(?<![^\W_])" + _ONE_PROCLITIC + r")|(?<=(?<![^\W_])" + _TWO_PROCLITICS + r"))"
)
_WORD_END = r"(?![^\W\d_])"  # digits may follow directly: "آذار2023"
_MONTH = _alternation(_MONTH_NUMBERS)
_HIJRI_MONTH = _alternation(_HIJRI_MONTH_NUMBERS)
_QUALIFIER = _alternation(_fold(word) for word in _PERIOD_QUALIFIERS)
_RELATIVE = _alternation(_RELATIVE_OFFSETS)
_WEEKDAY = _alternation(_fold(name) for name in WEEKDAYS)
_YEAR_WORD = r"(?:ال|لل)?(?:عام|سنه)"
_HIJRI_MARK = r"\s*ه(?![^\W\d_])\.?"  # "هـ" after normalize()
_YEAR = r"(?P<year>[12][0-9]{3})(?![0-9])(?!" + _HIJRI_MARK + r")(?:\s?م" + _WORD_END + r")?"
_RELATIVE_YEAR = (
    r"(?P<relyear>(?:ال|لل)(?:عام|سنه)\s+(?:" + _RELATIVE + r")|"
    + _alternation(_THIS_YEAR) + r")" + _WORD_END
)
_WEEKDAY_PREFIX = (
    r"(?:" + _LEAD + r"(?:يوم\s+)?(?:" + _WEEKDAY + r")" + _WORD_END + r"(?:\s*[،,]\s*|\s+))?"
)
_DAY = (
    r"(?:(?:" + _WORD_START + r"ال)?(?<![0-9/:.,\-])(?P<day>[0-3]?[0-9])(?![0-9])\s*(?:من\s+)?"
    + r"|" + _LEAD + r"(?P<ordinal>" + _alternation(_ORDINAL_DAY_NUMBERS) + r")\s+من\s+"
    + r"|" + _LEAD + r"(?P<first>اول)\s+)"  # "أول نوفمبر": the first day, as "الأول من نوفمبر"
)

_GREGORIAN_TEXT = re.compile(
    _WEEKDAY_PREFIX
    + r"(?:" + _LEAD + r"(?P<qualifier>" + _QUALIFIER + r")(?:\s+شهر)?\s+|" + _DAY + r")?"
    + _LEAD + r"(?P<month>" + _MONTH + r")" + _WORD_END
    + r"(?:\s*/\s*(?:" + _MONTH + r")" + _WORD_END
    + r"|\s*\(\s*(?:" + _MONTH + r")\s*\)"
    + r"|\s+(?P<spacedmonth>" + _MONTH + r")" + _WORD_END + r")?"
    + r"(?:\s*(?:(?:من\s+)?" + _YEAR_WORD + r"\s+)?" + _YEAR
    + r"|\s+(?:من\s+)?" + _RELATIVE_YEAR
    + r"|\s+(?P<relmonth>" + _RELATIVE + r")" + _WORD_END + r")?"
)

_HIJRI_TEXT = re.compile(
    _WEEKDAY_PREFIX + _DAY
    + _LEAD + r"(?P<month>" + _HIJRI_MONTH + r")" + _WORD_END
    + r"\s*(?:(?:من\s+)?" + _YEAR_WORD + r"\s+)?(?P<year>[0-9]{3,4})(?![0-9])"
    + r"(?P<hijri>" + _HIJRI_MARK + r")?"
)

_NUMERIC_EDGE_BEFORE = r"(?<![0-9./\-])"
_NUMERIC_EDGE_AFTER = r"(?![0-9]|[/.\-][0-9])"
_NUMERIC_DMY = re.compile(
    _WEEKDAY_PREFIX + _NUMERIC_EDGE_BEFORE
    + r"(?P<day>[0-3]?[0-9])(?P<sep>[/.\-])(?P<month>[01]?[0-9])(?P=sep)(?P<year>[0-9]{4})"
    + _NUMERIC_EDGE_AFTER + r"(?P<hijri>" + _HIJRI_MARK + r")?"
)
_NUMERIC_YMD = re.compile(
    _WEEKDAY_PREFIX + _NUMERIC_EDGE_BEFORE
    + r"(?P<year>[0-9]{4})(?P<sep>[/.\-])(?P<month>[01]?[0-9])(?P=sep)(?P<day>[0-3]?[0-9])"
    + _NUMERIC_EDGE_AFTER + r"(?P<hijri>" + _HIJRI_MARK + r")?"
)

_YEAR_PHRASE = re.compile(
    _LEAD + r"(?:(?P<qualifier>" + _QUALIFIER + r")\s+)?"
    + r"(?:(?P<keyword>" + _YEAR_WORD + r")\s+" + _YEAR
    + r"|(?P<bareyear>[12][0-9]{3})(?![0-9])(?!" + _HIJRI_MARK + r")"
    + r"|" + _RELATIVE_YEAR
    + r"|(?P<thisyear>(?:ال|لل)(?:عام|سنه))" + _WORD_END + r")"
)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    try:
        if day is not None:
            return date(year, month, day).isoformat()
        if month is not None:
            return f"{date(year, month, 1):%Y-%m}"
        return f"{date(year, 1, 1):%Y}"
    except (ValueError, TypeError):
        return None


def _relative_year_offset(phrase: str) -> int:
    phrase = " ".join(phrase.split())
    if phrase in _THIS_YEAR:
        return 0
    return _RELATIVE_OFFSETS[phrase.split()[-1]]


def _after_general_noun(folded: str, start: int) -> bool:
    """True when "العام" at ``start`` is the adjective "general/public" of the word before it:
    "الأمين العام السابق" is the former secretary-general, not last year. A clitic on "العام"
    ("والعام الماضي") starts a new phrase, so it is never the adjective."""
    if start > 0 and folded[start - 1].isalpha():
        return False
    previous = re.search(r"(\w+)\s+$", folded[max(0, start - 40):start])
    if not previous:
        return False
    word = previous.group(1)
    return word in _GENERAL_NOUNS or (word[:1] in "وفبلك" and word[1:] in _GENERAL_NOUNS)


def _most_recent(month: int, day: int, reference: date, *, strictly_before: bool = False) -> date | None:
    """The latest valid date with this month and day not after (or before) ``reference``."""
    for year in range(reference.year, reference.year - 9, -1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate < reference or (candidate == reference and not strictly_before):
            return candidate
    return None


def _next_occurrence(month: int, day: int, reference: date) -> date | None:
    for year in range(reference.year, reference.year + 9):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate > reference:
            return candidate
    return None


def _day_of(match: re.Match) -> int | None:
    if match.group("day"):
        return int(match.group("day"))
    if match.group("ordinal"):
        return _ORDINAL_DAY_NUMBERS[" ".join(match.group("ordinal").split())]
    if match.group("first"):
        return 1
    return None


def _gregorian_text(match: re.Match, folded: str, original: str, offsets, reference):
    month_name = " ".join(match.group("month").split())
    month = _MONTH_NUMBERS[month_name]
    spaced = match.group("spacedmonth")
    if spaced and _MONTH_NUMBERS[" ".join(spaced.split())] != month:
        return None  # "من يوليو سبتمبر": two months, not one name in two styles
    day = _day_of(match)
    year_text, relyear, relmonth = match.group("year"), match.group("relyear"), match.group("relmonth")
    if month_name in _CONTEXT_ONLY:
        if day is None and year_text is None and relyear is None:
            return None
        month_start = match.start("month")
        has_clitic = month_start > 0 and folded[month_start - 1].isalpha()
        if has_clitic and original[offsets[month_start]] != "آ":
            return None
    if year_text:
        return _iso(int(year_text), month, day), "day" if day else "month"
    if reference is None:
        return None
    if relyear:
        year = reference.year + _relative_year_offset(relyear)
        return _iso(year, month, day), "day" if day else "month"
    if relmonth:
        direction = _RELATIVE_OFFSETS[relmonth]
        if day is not None:
            if direction < 0:
                found = _most_recent(month, day, reference, strictly_before=True)
            elif direction > 0:
                found = _next_occurrence(month, day, reference)
            else:
                return _iso(reference.year, month, day), "day"
            return (found.isoformat() if found else None), "day"
        year = reference.year
        if direction < 0 and month >= reference.month:
            year -= 1
        elif direction > 0 and month <= reference.month:
            year += 1
        return _iso(year, month), "month"
    if day is not None:
        found = _most_recent(month, day, reference)
        return (found.isoformat() if found else None), "day"
    if match.group("qualifier"):
        year = reference.year if month <= reference.month else reference.year - 1
        return _iso(year, month), "month"
    return None  # a bare month name is not a date


def _hijri_to_iso(year: int, month: int, day: int) -> str | None:
    try:
        return Hijri(year, month, day).to_gregorian().isoformat()
    except (OverflowError, ValueError):
        return None


def _hijri_text(match: re.Match, folded, original, offsets, reference):
    month = _HIJRI_MONTH_NUMBERS[" ".join(match.group("month").split())]
    return _hijri_to_iso(int(match.group("year")), month, _day_of(match)), "day"


def _numeric(match: re.Match, folded, original, offsets, reference):
    year, month, day = (int(match.group(name)) for name in ("year", "month", "day"))
    if match.group("hijri"):
        return _hijri_to_iso(year, month, day), "day"
    if year < 1000:
        return None
    return _iso(year, month, day), "day"


def _year_phrase(match: re.Match, folded, original, offsets, reference):
    qualifier = match.group("qualifier")
    if match.group("year"):
        if not qualifier and _after_general_noun(folded, match.start()):
            return None
        return _iso(int(match.group("year"))), "year"
    if match.group("bareyear"):
        return (_iso(int(match.group("bareyear"))), "year") if qualifier else None
    if reference is None:
        return None
    if match.group("relyear"):
        if not qualifier and _after_general_noun(folded, match.start()):
            return None
        return _iso(reference.year + _relative_year_offset(match.group("relyear"))), "year"
    if qualifier:  # "مطلع العام": the year of the reference date
        return _iso(reference.year), "year"
    return None


_RECOGNISERS = (
    (_GREGORIAN_TEXT, _gregorian_text),
    (_HIJRI_TEXT, _hijri_text),
    (_NUMERIC_DMY, _numeric),
    (_NUMERIC_YMD, _numeric),
    (_YEAR_PHRASE, _year_phrase),
)

_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


def find_dates(text: str, reference: date | datetime | None = None) -> list[DateMatch]:
    """Find the dates in Arabic ``text``, in order, with spans into ``text`` itself.

    ``reference`` (usually the article's publication date) resolves expressions without a
    year: "14 آذار" is its most recent occurrence not after the reference, "العام الماضي" the
    year before it. Without a reference such expressions are skipped. Overlapping readings are
    settled in favour of the longest span, then the most precise.
    """
    if isinstance(reference, datetime):
        reference = reference.date()
    folded, offsets = normalize_with_offsets(text)
    candidates: list[tuple[int, int, str, str]] = []
    for pattern, resolve in _RECOGNISERS:
        for match in pattern.finditer(folded):
            iso, precision = resolve(match, folded, text, offsets, reference) or (None, None)
            if iso:
                candidates.append((match.start(), match.end(), iso, precision))

    candidates.sort(key=lambda c: (-(c[1] - c[0]), -_PRECISION_RANK[c[3]], c[0]))
    taken: list[tuple[int, int, str, str]] = []
    for candidate in candidates:
        if all(candidate[1] <= other[0] or candidate[0] >= other[1] for other in taken):
            taken.append(candidate)

    matches = []
    for folded_start, folded_end, iso, precision in sorted(taken):
        start, end = offsets[folded_start], offsets[folded_end]
        if start < end:
            matches.append(DateMatch(text[start:end], start, end, iso, precision))
    return matches


def parse_to_json(text: str, reference: date | datetime | str | None = None) -> list[dict]:
    """``find_dates`` as JSON-ready dicts (keys text, start, end, iso, precision); the
    reference may also be given as an ISO date string, as a command line passes it."""
    if isinstance(reference, str):
        reference = date.fromisoformat(reference)
    return [asdict(match) for match in find_dates(text, reference)]
