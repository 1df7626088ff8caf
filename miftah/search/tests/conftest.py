"""Fixtures for the search tests: a small newsroom whose headlines carry each kind of Arabic variant."""

from datetime import timedelta

import pytest
from django.utils import timezone

# kind, the form written in the article, the form a reader types
VARIANTS = [
    ("و + ال clitics", "والميليشيات تنتشر على الطرق الجبلية", "ميليشيات"),
    ("ل + ال, singular", "دعم للميليشيا في الريف الشرقي", "ميليشيات"),
    ("article", "الميليشيات تنسحب من الساحل", "ميليشيا"),
    ("hamza on alef", "إسرائيل تعلن خطة للمعابر", "اسرائيل"),
    ("ta marbuta typed as ha", "المقاومة تتبنى عملية الأنفاق", "المقاومه"),
    ("pasted diacritics", "مقاومة شعبية في الأحياء القديمة", "المُقاوَمَة"),
    ("alef maqsura / ya", "مستشفى الولادة يغلق أبوابه", "مستشفي"),
    ("protected name after a clitic", "زيارة مرتقبة لطهران الأسبوع المقبل", "طهران"),
    ("broken plural (synonym table)", "مدرسة جديدة في الضاحية الجنوبية", "مدارس"),
    ("tatweel", "الحكومة تقر موازنة التقشف", "الحكـــومة"),
    ("Arabic-Indic digits", "انتخابات 2026 البلدية تقترب", "٢٠٢٦"),
    ("bidi and zero-width controls", "بيروت تستضيف معرض الكتاب", "\u200fبيروت\u200b"),
    ("Persian ya and kaf", "إيران تفتح باب المفاوضات", "ایران"),
    ("possessive on a feminine noun", "حكومتها تواجه أزمة الوقود", "حكومة"),
    ("stacked clitics و+ب+ال", "وبالمفاوضات يتقدم الملف النووي", "مفاوضات"),
    ("feminine ت before a dual", "اللجنتان تجتمعان في القاهرة", "لجنة"),
    ("plural pronoun after ات", "إضراباتهم تشل الموانئ", "الإضرابات"),
    ("sound plural ين against ون", "المهندسين يعتصمون أمام النقابة", "مهندسون"),
    ("nisba plural against the feminine", "الصحفيين يحتجون أمام البرلمان", "صحفية"),
    ("feminine nisba dual", "شركتان أمريكيتان تندمجان", "الأمريكية"),
    ("feminine noun in اة with a pronoun", "مباراته الأخيرة مع الفريق", "المباريات"),
]


@pytest.fixture
def variant_site(home, django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article, make_author, make_section

    with django_capture_on_commit_callbacks(execute=True):
        politics = make_section(home, "سياسة", slug="politics")
        sport = make_section(home, "رياضة", slug="sport")
        author = make_author("سامر خليل", slug="samer")
        now = timezone.now()
        articles = {}
        for index, (kind, headline, _) in enumerate(VARIANTS):
            articles[kind] = make_article(
                politics if index % 2 == 0 else sport, headline,
                body=(f"{headline}. تفاصيل الخبر في فقرة ثانية.",),
                authors=(author,) if index % 3 == 0 else (),
                when=now - timedelta(days=index),
            )
    return {"politics": politics, "sport": sport, "author": author, "articles": articles}


@pytest.fixture
def newsroom_search(home, django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article, make_author, make_section

    with django_capture_on_commit_callbacks(execute=True):
        politics = make_section(home, "سياسة", slug="politics")
        sport = make_section(home, "رياضة", slug="sport")
        layla = make_author("ليلى حداد", slug="layla")
        now = timezone.now()
        old = make_article(politics, "الميليشيات في الجنوب", body=("تقرير قديم عن الميليشيات.",), authors=(layla,),
                           when=now - timedelta(days=400))
        new = make_article(politics, "الميليشيات في الجنوب", body=("تقرير جديد عن الميليشيات.",),
                           when=now - timedelta(days=1))
        sport_article = make_article(sport, "الميليشيات لا تلعب الكرة", body=("مقال رياضي.",),
                                     when=now - timedelta(days=10))
        many = [make_article(politics, f"خبر الموانئ رقم {i}", body=("الموانئ تعمل.",), when=now - timedelta(hours=i))
                for i in range(12)]
    return {"politics": politics, "sport": sport, "layla": layla, "old": old, "new": new, "sport_article": sport_article,
            "many": many}
