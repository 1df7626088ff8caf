"""Dates in the active language (miftah.core.dates): Arabic exactly as before, English with English month, weekday and
Hijri month names and Western digits whatever the site's digit setting."""

from datetime import date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone, translation

from miftah.arabic import dates as arabic
from miftah.core import dates
from miftah.core.models import SiteSettings

MOMENT = datetime(2026, 12, 6, 9, 5)


@pytest.mark.parametrize("style", sorted(arabic.MONTH_STYLES))
def test_arabic_is_unchanged(style):
    with translation.override("ar"):
        assert dates.format_date(MOMENT, style, weekday=True, with_time=True, arabic_digits=True) == (
            arabic.format_date(MOMENT, style, weekday=True, with_time=True, arabic_digits=True))
        assert dates.format_hijri(MOMENT, arabic_digits=True) == arabic.format_hijri(MOMENT, arabic_digits=True)
        assert dates.format_relative(MOMENT, MOMENT + timedelta(hours=5)) == "منذ 5 ساعات"
        assert dates.month_names(style) == arabic.MONTH_STYLES[style]


def test_english_dates():
    with translation.override("en"):
        assert dates.format_date(MOMENT.date(), "levantine") == "6 December 2026"
        assert dates.format_date(MOMENT, "dual", weekday=True, with_time=True, arabic_digits=True) == (
            "Sunday 6 December 2026, 09:05")
        assert dates.format_hijri(date(2026, 12, 6)) == "26 Jumada al-Akhirah 1448 AH"
        assert dates.format_hijri(date(2026, 2, 20)) == "3 Ramadan 1447 AH"
        assert dates.format_hijri(date(1900, 1, 1)) == ""
        assert dates.month_names("maghrebi")[0] == "January"


@pytest.mark.parametrize("elapsed, text", [
    (timedelta(seconds=20), "just now"), (timedelta(minutes=1), "1 minute ago"), (timedelta(minutes=5), "5 minutes ago"),
    (timedelta(hours=1), "1 hour ago"), (timedelta(hours=23), "23 hours ago"), (timedelta(days=1), "1 day ago"),
    (timedelta(days=7, hours=23), "7 days ago"), (timedelta(days=8), None), (timedelta(minutes=-5), None),
])
def test_english_relative_times(elapsed, text):
    with translation.override("en"):
        assert dates.format_relative(MOMENT, MOMENT + elapsed) == text


@pytest.mark.django_db
def test_reader_date_tag_prints_english_dates_with_western_digits(home):
    settings_row = SiteSettings.for_site(home.get_site())
    settings_row.show_hijri, settings_row.arabic_digits, settings_row.date_style = True, True, "levantine"
    settings_row.save()
    published = timezone.make_aware(datetime(2026, 12, 6, 9, 5))
    template = Template("{% load miftah %}{% arabic_date published time=True %}")
    request = RequestFactory().get("/", HTTP_HOST=home.get_site().hostname)
    with translation.override("en"):
        english = template.render(Context({"published": published, "request": request}))
    with translation.override("ar"):
        arabic_html = template.render(Context({"published": published, "request": request}))
    assert ">Sunday" not in english and "6 December 2026, 09:05</time>" in english, english
    assert '<span class="hijri">(26 Jumada al-Akhirah 1448 AH)</span>' in english, english
    assert "٦ كانون الأول ٢٠٢٦، ٠٩:٠٥" in arabic_html and "هـ" in arabic_html, arabic_html


@pytest.mark.django_db
def test_numbers_keep_western_digits_in_english(home):
    settings_row = SiteSettings.for_site(home.get_site())
    settings_row.arabic_digits = True
    settings_row.save()
    template = Template('{% load miftah %}{% number 2026 %}')
    request = RequestFactory().get("/", HTTP_HOST=home.get_site().hostname)
    with translation.override("en"):
        assert template.render(Context({"request": request})) == "2026"
    with translation.override("ar"):
        assert template.render(Context({"request": request})) == "٢٠٢٦"
