"""A live newsroom with its English edition for the editions' browser tests."""

import pytest


@pytest.fixture
def live_editions(live_server, django_capture_on_commit_callbacks):
    from miftah.conftest import _build_newsroom
    from miftah.dossiers.models import ArticleEntity
    from miftah.editions.tests.helpers import add_english_edition, translate_article
    from miftah.news.tests.factories import ensure_base_data, make_article, make_home

    ensure_base_data()
    home = make_home()
    with django_capture_on_commit_callbacks(execute=True):
        site = _build_newsroom(home)
        article = make_article(site["sections"]["politics"], "وفد الأمم المتحدة في بغداد",
                               body=("وصل وفد من الأمم المتحدة إلى بغداد في 3 آذار 2025 لبحث الانتخابات في العراق.",),
                               authors=(site["author"],), hero=site["hero"], dek="موجز الزيارة")
        add_english_edition(home)
        english = translate_article(article, "A UN delegation in Baghdad (بغداد) discusses the elections",
                                    body="A United Nations delegation arrived in Baghdad to discuss Iraq's elections.",
                                    slug="un-delegation-baghdad", dek="The visit in brief")
    site.update(url=live_server.url, arabic=article, english=english,
                entity=ArticleEntity.objects.filter(article=article).select_related("entity").first().entity)
    return site
