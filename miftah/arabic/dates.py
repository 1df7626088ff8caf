"""Arabic dates: formatting for the reader theme and finding dates in news text.

Pure Python (no Django), so the theme, the dossier timeline and the ``miftah dates parse``
command can all use it.

The month-name tables below are the single source of truth: the formatters read them directly
and the parser builds its patterns from them (plus the extra spellings news text uses).

Hijri dates use the Umm al-Qura calendar through ``hijridate`` (valid 1343–1500 AH,
1924-08-01 … 2077-11-16). Month names follow ICU/CLDR and the Umm al-Qura calendar itself:
ربيع الآخر and جمادى الآخرة rather than ربيع الثاني / جمادى الثانية (both spellings are
parsed).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hijridate import Gregorian

__all__ = [
    "MONTH_STYLES",
    "HIJRI_MONTHS",
    "WEEKDAYS",
    "to_arabic_digits",
    "format_date",
    "format_hijri",
    "format_relative",
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
