"""The admin speaks each editor's language: Miftah's menus, panels, model labels, dashboards and reports follow the
language in the editor's Wagtail profile (Account → Preferences), like Wagtail's own screens do (docs/i18n.md)."""

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db


def editor_speaking(language):
    user = User.objects.create_superuser(f"editor-{language}", f"{language}@example.org", "a long passphrase 42")
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client = Client()
    client.force_login(user)
    return client


def screens(newsroom):
    """(admin address, words it shows in English, the same words in Arabic) for Miftah's own admin screens."""
    article = newsroom["articles"][0]
    return [
        (f"/admin/pages/{article.pk}/edit/", ["Standfirst", "Desk byline", "Breaking", "Attribution"],
         ["الموجز", "توقيع القسم", "عاجل", "نسبة الخبر"]),
        ("/admin/snippets/dossiers/entity/", ["Entities", "Canonical name"], ["الكيانات", "الاسم المعتمد"]),
        (f"/admin/dossiers/article/{article.pk}/", ["Suggested entities", "Add a known entity"],
         ["الكيانات المقترحة", "إضافة كيان معروف"]),
        ("/admin/analytics/", ["Readership", "Export CSV", "Traffic sources"], ["القراءات", "تصدير CSV", "مصادر الزيارات"]),
        (f"/admin/live/{article.pk}/", ["Start live coverage", "View the article as readers see it"],
         ["بدء التغطية المباشرة", "عرض المقال للقرّاء"]),
        ("/admin/reports/csp/", ["Content Security Policy violations"], ["انتهاكات سياسة أمان المحتوى"]),
        ("/admin/settings/core/sitesettings/", ["Publisher name", "Month names", "Show the Hijri date"],
         ["اسم الناشر", "أسماء الأشهر", "إظهار التاريخ الهجري"]),
        ("/admin/audit/lockouts/", ["Login locks", "No login locks right now."], ["أقفال الدخول", "لا أقفال على الدخول الآن."]),
    ]


def _menu_labels(html):
    """The labels of the admin sidebar, which Wagtail ships as JSON for its script to draw."""
    start = html.index('id="wagtail-sidebar-props"')
    data = html[html.index(">", start) + 1:html.index("</script>", start)]
    return json.dumps(json.loads(data), ensure_ascii=False)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_miftah_admin_screens_follow_the_editors_language(newsroom, language):
    client = editor_speaking(language)
    for url, english, arabic in screens(newsroom):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        shown, absent = (english, arabic) if language == "en" else (arabic, english)
        for words in shown:
            assert words in html, (language, url, words)
        for words in absent:
            assert words not in html, (language, url, words)


def test_miftah_menu_items_follow_the_editors_language(newsroom):
    english = _menu_labels(editor_speaking("en").get("/admin/").content.decode())
    arabic = _menu_labels(editor_speaking("ar").get("/admin/").content.decode())
    for en, ar in [("Entities", "الكيانات"), ("Newsletters", "النشرات البريدية"), ("Tip line inbox", "المعلومات الواردة"),
                   ("Readership", "القراءات"), ("Authors", "الكتّاب"), ("Login locks", "أقفال الدخول")]:
        assert en in english and ar not in english, en
        assert ar in arabic and en not in arabic, ar
