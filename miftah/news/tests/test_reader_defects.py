"""Issue #18, reader pages: what the article page, the API and the search page print (browser checks are in browser/)."""

import pytest
from django.test import Client

from .factories import make_article, make_image

pytestmark = pytest.mark.django_db


def html_of(path, **params):
    response = Client().get(path, params)
    assert response.status_code == 200, path
    return response.content.decode()


def test_article_page_loads_the_dossier_styles_for_its_entities(newsroom):
    html = html_of(newsroom["articles"][0].url)
    assert 'href="/static/dossiers/dossiers.css"' in html


@pytest.mark.parametrize("credit, shown", [
    ("مفتاح (صورة أرشيفية)", "مفتاح (صورة أرشيفية)"),
    ("(رويترز)", "رويترز"),
    ("[أ ف ب]", "أ ف ب"),
])
def test_hero_credit_never_nests_brackets(newsroom, credit, shown):
    article = make_article(newsroom["sections"]["economy"], "صورة بحقوق", hero=make_image(), hero_caption="ميناء",
                           hero_credit=credit)
    html = html_of(article.url)
    figcaption = html.split("<figcaption>", 1)[1].split("</figcaption>", 1)[0]
    assert f"الصورة: {shown}</span>" in figcaption
    assert "((" not in figcaption and "))" not in figcaption and f"({credit}" not in figcaption


def test_draft_preview_says_draft_not_a_dateless_published(newsroom):
    from django.contrib.auth.models import User

    draft = make_article(newsroom["sections"]["economy"], "مسودة لم تنشر", publish=False)
    assert draft.first_published_at is None
    editor = User.objects.create_superuser("editor", "editor@example.com", "pw")
    client = Client()
    client.force_login(editor)
    response = client.get(f"/admin/pages/{draft.pk}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    byline = html.split('class="byline"', 1)[1].split("</div>", 1)[0]
    assert "نُشر" not in byline
    assert "مسودة لم تُنشر بعد" in byline


def test_api_404_is_arabic(newsroom):
    response = Client().get("/api/v2/articles/999999/")
    assert response.status_code == 404
    message = response.json()["message"]
    assert "No ArticlePage" not in message
    assert message == "لا يوجد مقال منشور بهذا المعرّف."


def breaking_pair(newsroom):
    from datetime import timedelta

    from django.utils import timezone

    section = newsroom["sections"]["economy"]
    now = timezone.now()
    fresh = make_article(section, "عاجل طازج عن الموانئ", is_breaking=True, when=now - timedelta(hours=1))
    stale = make_article(section, "عاجل قديم عن الطاقة", is_breaking=True, when=now - timedelta(hours=7))
    return fresh, stale


def header_of(html):
    return html.split('<header class="article-header">', 1)[1].split("</header>", 1)[0]


def badge_shown(html):
    return '<span class="badge badge-breaking">عاجل</span>' in html


def test_breaking_flag_ages_out_after_six_hours_by_default(newsroom):
    fresh, stale = breaking_pair(newsroom)
    assert badge_shown(header_of(html_of(fresh.url)))
    assert not badge_shown(header_of(html_of(stale.url)))
    section_html = html_of("/economy/").split('<main id="main"', 1)[1]
    card = lambda title: section_html.split(title)[0].rsplit('<article class="card">', 1)[1]  # noqa: E731
    assert badge_shown(card("عاجل طازج عن الموانئ"))
    assert not badge_shown(card("عاجل قديم عن الطاقة"))
    ticker = html_of("/").split('class="ticker"', 1)[1].split("</section>", 1)[0]
    assert 'عاجل:</span><a href="' + fresh.url in ticker
    assert 'عاجل:</span><a href="' + stale.url not in ticker


def test_breaking_lifetime_is_a_site_setting(newsroom):
    from miftah.core.models import SiteSettings

    fresh, stale = breaking_pair(newsroom)
    settings = SiteSettings.objects.get_or_create(site=newsroom["home"].get_site())[0]
    assert settings.breaking_lifetime_hours == 6
    settings.breaking_lifetime_hours = 12
    settings.save()
    assert badge_shown(header_of(html_of(stale.url)))
    settings.breaking_lifetime_hours = 1
    settings.save()
    assert not badge_shown(header_of(html_of(fresh.url)))


def test_home_page_has_a_strip_of_live_breaking_items(newsroom):
    from miftah.news.models import ArticlePage

    ArticlePage.objects.update(is_breaking=False)
    assert 'class="breaking-strip"' not in html_of("/")
    fresh, stale = breaking_pair(newsroom)
    html = html_of("/")
    strip = html.split('<section class="breaking-strip"', 1)[1].split("</section>", 1)[0]
    assert 'id="breaking-strip-title">عاجل</h2>' in strip
    assert f'<a href="{fresh.url}">عاجل طازج عن الموانئ</a>' in strip
    assert "عاجل قديم عن الطاقة" not in strip


def test_latin_fonts_are_self_hosted_small_and_licensed():
    import re

    from miftah.testing import REPO_ROOT

    static = REPO_ROOT / "miftah" / "core" / "static" / "miftah"
    css = (static / "css" / "site.css").read_text()
    for name in ("NotoSerif-Regular-Latin", "NotoSerif-Bold-Latin", "NotoSans-Bold-Latin"):
        font = static / "fonts" / f"{name}.woff2"
        assert font.read_bytes()[:4] == b"wOF2"
        assert font.stat().st_size < 20_000, f"{name} is not subset"
        assert f'url("../fonts/{name}.woff2")' in css
    licence = (static / "fonts" / "OFL.txt").read_text()
    assert "Noto Serif" in licence and "Noto Sans" in licence and "SIL Open Font License" in licence
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", css), "a font or image from another host"
    assert re.search(r'--body-font: "Miftah Naskh", "Miftah Latin Serif"', css)
    assert re.search(r'--head-font: "Miftah Kufi", "Miftah Latin Sans"', css)
