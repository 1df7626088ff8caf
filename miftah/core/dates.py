"""Dates in the active language: the Arabic formats of ``miftah.arabic.dates`` when Arabic is active, English ones
("Sunday 6 December 2026", "25 Jumada al-Akhirah 1448 AH", "5 minutes ago", Western digits) otherwise.

The reader template tags and the dossier charts call these, never ``miftah.arabic.dates`` directly, so the English
edition prints English dates with no change to a template.
"""

from datetime import date, datetime

from django.utils.translation import gettext, ngettext
from hijridate import Gregorian

from miftah.arabic import dates as arabic
from miftah.core.i18n import arabic_active

ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
ENGLISH_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# The Umm al-Qura months in the common English transliteration (names, so a table rather than catalogue entries).
ENGLISH_HIJRI_MONTHS = (
    "Muharram", "Safar", "Rabi al-Awwal", "Rabi al-Akhir", "Jumada al-Ula", "Jumada al-Akhirah",
    "Rajab", "Shaban", "Ramadan", "Shawwal", "Dhu al-Qadah", "Dhu al-Hijjah",
)


def month_names(style: str = "levantine") -> tuple[str, ...]:
    """The twelve month names the site prints: the Arabic style in Arabic, English otherwise."""
    return arabic.MONTH_STYLES[style] if arabic_active() else ENGLISH_MONTHS


def format_date(d: date | datetime, style: str = "levantine", *, weekday: bool = False, arabic_digits: bool = False,
                with_time: bool = False) -> str:
    """"14 تشرين الأول 2024" in Arabic; "14 October 2024" (or "Monday 14 October 2024, 09:05") in English."""
    if arabic_active():
        return arabic.format_date(d, style, weekday=weekday, arabic_digits=arabic_digits, with_time=with_time)
    text = f"{d.day} {ENGLISH_MONTHS[d.month - 1]} {d.year}"
    if weekday:
        text = f"{ENGLISH_WEEKDAYS[d.weekday()]} {text}"
    if with_time and isinstance(d, datetime):
        text = f"{text}, {d.hour:02d}:{d.minute:02d}"
    return text


def format_hijri(d: date | datetime, *, arabic_digits: bool = False) -> str:
    """"11 ربيع الآخر 1446 هـ" in Arabic, "11 Rabi al-Akhir 1446 AH" in English; "" outside 1924–2077."""
    if arabic_active():
        return arabic.format_hijri(d, arabic_digits=arabic_digits)
    try:
        hijri = Gregorian(d.year, d.month, d.day).to_hijri()
    except (OverflowError, ValueError):
        return ""
    return f"{hijri.day} {ENGLISH_HIJRI_MONTHS[hijri.month - 1]} {hijri.year} AH"


def format_relative(dt: datetime, now: datetime, *, arabic_digits: bool = False) -> str | None:
    """"منذ 5 ساعات" in Arabic, "5 hours ago" in English; None past a week (the caller shows the date)."""
    if arabic_active():
        return arabic.format_relative(dt, now, arabic_digits=arabic_digits)
    elapsed = now - dt
    if elapsed < -arabic._CLOCK_SKEW or elapsed >= arabic._RELATIVE_LIMIT:
        return None
    seconds = max(int(elapsed.total_seconds()), 0)
    if seconds < 60:
        return gettext("الآن")
    if seconds < 3600:
        n = seconds // 60
        return ngettext("منذ %(count)s دقيقة", "منذ %(count)s دقائق", n) % {"count": n}
    if seconds < 86400:
        n = seconds // 3600
        return ngettext("منذ %(count)s ساعة", "منذ %(count)s ساعات", n) % {"count": n}
    n = seconds // 86400
    return ngettext("منذ %(count)s يوم", "منذ %(count)s أيام", n) % {"count": n}
