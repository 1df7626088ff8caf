"""Fixtures shared across apps: a real Wagtail site with sections, and a clean page cache per test."""

import pytest


@pytest.fixture(autouse=True)
def _clear_cache(settings):
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    from miftah.news.tests.factories import make_home

    return make_home()


@pytest.fixture
def newsroom(home, django_capture_on_commit_callbacks):
    """Home with two sections (one nested), an author, a tag and a handful of articles.

    Publishing queues work on commit (related articles); the callbacks run here as they would after a real commit.
    """
    with django_capture_on_commit_callbacks(execute=True):
        return _build_newsroom(home)


def _build_newsroom(home):
    from miftah.news.tests.factories import make_article, make_author, make_image, make_section

    politics = make_section(home, "المفتاح الاستخباراتي", slug="intelligence-key")
    economy = make_section(home, "اقتصاد", slug="economy")
    gulf = make_section(politics, "الخليج", slug="الخليج")
    author = make_author("ليلى حداد", slug="layla-haddad")
    hero = make_image()
    articles = [
        make_article(politics, "تحركات الميليشيات قرب الحدود", body=("تتابع مصادر خاصة تحركات الميليشيات.",),
                     dek="موجز عن التحركات", tags=("أمن", "حدود"), authors=(author,), hero=hero, is_breaking=True,
                     attribution="مصادر خاصة لـ مفتاح"),
        make_article(politics, "الحكومة تناقش خطة الحدود", body=("ناقشت الحكومة خطة لضبط الحدود.",), tags=("حدود",)),
        make_article(gulf, "موانئ الخليج تستعد لموسم جديد", body=("تستعد الموانئ لموسم الشحن.",), tags=("موانئ",),
                     slug="موانئ-الخليج"),
        make_article(economy, "أسعار الطاقة ترتفع", body=("ارتفعت أسعار الطاقة في الأسواق.",), tags=("طاقة",),
                     authors=(author,)),
    ]
    return {"home": home, "sections": {"politics": politics, "economy": economy, "gulf": gulf},
            "author": author, "articles": articles, "hero": hero}
