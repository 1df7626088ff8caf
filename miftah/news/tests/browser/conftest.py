"""The news app's live sites for the browser tests (the `browser` and `screenshot` fixtures are in miftah/conftest.py)."""

import pytest


@pytest.fixture
def live_newsroom(live_server, django_capture_on_commit_callbacks):
    from miftah.conftest import _build_newsroom
    from miftah.news.tests.factories import ensure_base_data, make_article, make_home

    ensure_base_data()
    home = make_home()
    with django_capture_on_commit_callbacks(execute=True):
        site = _build_newsroom(home)
        long_body = [f"الفقرة {n}: نص طويل لاختبار التمرير في صفحة المقال، يتناول المفاوضات والحدود والموانئ." * 3
                     for n in range(1, 30)]
        site["long"] = make_article(site["sections"]["politics"], "تقرير مطوّل عن الحدود والميليشيات", body=long_body,
                                    tags=("حدود",), hero=site["hero"], dek="تقرير طويل لاختبار التمرير")
    site["url"] = live_server.url
    return site
