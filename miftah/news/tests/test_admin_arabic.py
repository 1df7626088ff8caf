"""The Arabic admin (issue #18): dates in Arabic order with the site's month style, the site's name in the browser
tab, and Arabic for strings Wagtail left in English or misspelt (Miftah's own catalogue in miftah/locale)."""

from datetime import datetime

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, pgettext

from miftah.news.blocks import HeadingBlock
from miftah.news.tests.factories import make_article, make_section


def test_arabic_datetime_format():
    value = datetime(2026, 12, 4, 23, 18)
    with translation.override("ar"):
        assert formats.date_format(value, "DATETIME_FORMAT") == "4 كانون الأول/ديسمبر 2026، 11:18 م"
        assert formats.date_format(value, "DATE_FORMAT") == "4 كانون الأول/ديسمبر 2026"


def test_translations_miftah_supplies():
    with translation.override("ar"):
        assert gettext("Settings") == "الإعدادات"
        assert "دليل فحوص المحتوى" in gettext(
            'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more information on how '
            "content metrics are calculated."
        )
        assert gettext("Autosave is <span>paused</span>") == "الحفظ التلقائي <span>متوقّف مؤقتاً</span>"
        assert pgettext("heading level", "H2") == "عنوان قسم (H2)"
        labels = [str(label) for _, label in HeadingBlock().child_blocks["level"].field.choices if label]
        assert all("H" in label and any("\u0600" <= c <= "\u06ff" for c in label) for label in labels), labels


@pytest.mark.django_db
def test_admin_title_and_dates_in_arabic(home):
    article = make_article(make_section(home, "تقارير"), "تقرير")
    client = Client()
    client.force_login(User.objects.create_superuser("editor", "e@example.com", "x"))
    html = client.get(f"/admin/pages/{article.get_parent().pk}/").content.decode()
    title = html[html.index("<title>"):html.index("</title>")]
    assert "Wagtail" not in title and "مفتاح" in title
    with translation.override("ar"):
        published = formats.date_format(timezone.localtime(article.last_published_at), "DATETIME_FORMAT")
    assert published in html  # the listing's date tooltip
    assert "، " in published and published.split(" ")[0].isdigit()
    edit = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "الإعدادات" in edit and "اعدادات" not in edit.replace("الإعدادات", "")
