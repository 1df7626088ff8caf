"""Formatting of Gregorian, Hijri and relative dates for the reader theme."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from miftah.arabic.dates import (
    HIJRI_MONTHS,
    MONTH_STYLES,
    WEEKDAYS,
    format_date,
    format_hijri,
    format_relative,
    to_arabic_digits,
)

MONDAY = date(2024, 10, 14)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("levantine", "14 تشرين الأول 2024"),
        ("egyptian", "14 أكتوبر 2024"),
        ("maghrebi", "14 أكتوبر 2024"),
        ("dual", "14 تشرين الأول/أكتوبر 2024"),
    ],
)
def test_format_date_styles(style, expected):
    assert format_date(MONDAY, style) == expected


@pytest.mark.parametrize(
    ("d", "style", "expected"),
    [
        (date(2024, 1, 1), "levantine", "1 كانون الثاني 2024"),
        (date(2024, 2, 29), "levantine", "29 شباط 2024"),
        (date(2024, 8, 5), "levantine", "5 آب 2024"),
        (date(2024, 12, 31), "levantine", "31 كانون الأول 2024"),
        (date(2024, 4, 9), "egyptian", "9 أبريل 2024"),
        (date(2024, 8, 5), "egyptian", "5 أغسطس 2024"),
        (date(2024, 1, 3), "maghrebi", "3 جانفي 2024"),
        (date(2024, 2, 3), "maghrebi", "3 فيفري 2024"),
        (date(2024, 4, 3), "maghrebi", "3 أفريل 2024"),
        (date(2024, 5, 3), "maghrebi", "3 ماي 2024"),
        (date(2024, 6, 3), "maghrebi", "3 جوان 2024"),
        (date(2024, 7, 3), "maghrebi", "3 جويلية 2024"),
        (date(2024, 8, 3), "maghrebi", "3 أوت 2024"),
        (date(2024, 11, 3), "dual", "3 تشرين الثاني/نوفمبر 2024"),
    ],
)
def test_format_date_months(d, style, expected):
    assert format_date(d, style) == expected


def test_format_date_options():
    assert format_date(MONDAY, weekday=True) == "الاثنين 14 تشرين الأول 2024"
    assert format_date(MONDAY, arabic_digits=True) == "١٤ تشرين الأول ٢٠٢٤"
    moment = datetime(2024, 10, 14, 9, 5)
    assert format_date(moment, with_time=True) == "14 تشرين الأول 2024، 09:05"
    assert (
        format_date(moment, "egyptian", weekday=True, arabic_digits=True, with_time=True)
        == "الاثنين ١٤ أكتوبر ٢٠٢٤، ٠٩:٠٥"
    )
    assert format_date(MONDAY, with_time=True) == "14 تشرين الأول 2024"  # a date has no time
    with pytest.raises(KeyError):
        format_date(MONDAY, "klingon")


def test_weekday_names_follow_python_weekday():
    sunday = date(2024, 10, 13)
    assert format_date(sunday, weekday=True).startswith(WEEKDAYS[6] + " ")
    assert WEEKDAYS[6] == "الأحد"


def test_tables_have_twelve_months():
    assert all(len(names) == 12 for names in MONTH_STYLES.values())
    assert len(HIJRI_MONTHS) == 12


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2024, 10, 14), "11 ربيع الآخر 1446 هـ"),
        (datetime(2024, 10, 14, 23, 59), "11 ربيع الآخر 1446 هـ"),
        (date(2024, 3, 11), "1 رمضان 1445 هـ"),
        (date(2023, 7, 19), "1 محرم 1445 هـ"),
        (date(2024, 6, 16), "10 ذو الحجة 1445 هـ"),
        (date(2024, 12, 2), "1 جمادى الآخرة 1446 هـ"),
        (date(1924, 8, 1), "1 محرم 1343 هـ"),
        (date(1924, 7, 31), ""),
        (date(2077, 11, 17), ""),
        (date(1, 1, 1), ""),
    ],
)
def test_format_hijri(d, expected):
    assert format_hijri(d) == expected


def test_format_hijri_arabic_digits():
    assert format_hijri(MONDAY, arabic_digits=True) == "١١ ربيع الآخر ١٤٤٦ هـ"


def test_to_arabic_digits():
    assert to_arabic_digits("0123456789") == "٠١٢٣٤٥٦٧٨٩"
    assert to_arabic_digits("عام 2024، الساعة 9:30") == "عام ٢٠٢٤، الساعة ٩:٣٠"
    assert to_arabic_digits("") == ""


NOW = datetime(2024, 10, 14, 12, 0)


@pytest.mark.parametrize(
    ("ago", "expected"),
    [
        (timedelta(0), "الآن"),
        (timedelta(seconds=59), "الآن"),
        (timedelta(seconds=-30), "الآن"),  # clock skew
        (timedelta(minutes=1), "منذ دقيقة"),
        (timedelta(minutes=2), "منذ دقيقتين"),
        (timedelta(minutes=3), "منذ 3 دقائق"),
        (timedelta(minutes=10), "منذ 10 دقائق"),
        (timedelta(minutes=11), "منذ 11 دقيقة"),
        (timedelta(minutes=59, seconds=59), "منذ 59 دقيقة"),
        (timedelta(hours=1), "منذ ساعة"),
        (timedelta(hours=2), "منذ ساعتين"),
        (timedelta(hours=5), "منذ 5 ساعات"),
        (timedelta(hours=11), "منذ 11 ساعة"),
        (timedelta(hours=23, minutes=59), "منذ 23 ساعة"),
        (timedelta(days=1), "منذ يوم"),
        (timedelta(days=2), "منذ يومين"),
        (timedelta(days=3), "منذ 3 أيام"),
        (timedelta(days=7, hours=23), "منذ 7 أيام"),
        (timedelta(days=8), None),
        (timedelta(days=400), None),
        (timedelta(minutes=-5), None),  # in the future
    ],
)
def test_format_relative(ago, expected):
    assert format_relative(NOW - ago, NOW) == expected


def test_format_relative_arabic_digits():
    assert format_relative(NOW - timedelta(minutes=3), NOW, arabic_digits=True) == "منذ ٣ دقائق"
    assert format_relative(NOW - timedelta(hours=15), NOW, arabic_digits=True) == "منذ ١٥ ساعة"
    assert format_relative(NOW - timedelta(days=2), NOW, arabic_digits=True) == "منذ يومين"


@given(st.timedeltas(min_value=timedelta(days=-30), max_value=timedelta(days=30)))
def test_format_relative_is_total(ago):
    result = format_relative(NOW - ago, NOW)
    assert result is None or result == "الآن" or result.startswith("منذ ")
