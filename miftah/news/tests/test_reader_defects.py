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


def avif_sources(html):
    import re

    return re.findall(r'<source type="image/avif" srcset="([^"]+)"', html)


def test_images_offer_avif_with_webp_fallback_when_pillow_writes_avif(newsroom):
    import re

    from miftah.news.models import AVIF_SUPPORTED
    from PIL import features

    assert AVIF_SUPPORTED == features.check("avif")
    if not AVIF_SUPPORTED:
        pytest.skip("this Pillow cannot write AVIF: templates offer WebP only (covered below)")
    article = newsroom["articles"][0]
    html = html_of(article.url)
    figure = html.split('<figure class="hero">', 1)[1].split("</figure>", 1)[0]
    (hero,) = avif_sources(figure)
    assert [w for w in re.findall(r"\.avif (\d+)w", hero)] == ["480", "800", "1200"]
    img = re.search(r"<img [^>]+>", figure).group(0)
    assert ".webp" in img and 'width="800"' in img and "height=" in img and "srcset=" in img
    assert figure.index("<source") < figure.index("<img")
    assert re.search(r'<link rel="preload" as="image" type="image/avif" imagesrcset="[^"]+\.avif 480w', html)
    avif_url = hero.split()[0]
    assert Client().get(avif_url).status_code in (200, 404)  # served by the static/media view only under DEBUG
    from wagtail.images import get_image_model

    rendition = get_image_model().objects.get(pk=newsroom["hero"].pk).renditions.get(filter_spec="width-800|format-avif")
    with rendition.file.open("rb") as handle:
        assert handle.read(12)[4:12] == b"ftypavif"
    cards = html_of("/intelligence-key/").split('<main id="main"', 1)[1]
    assert len(avif_sources(cards)) >= 1 and all(src.endswith(".avif") for src in avif_sources(cards))
    make_article(newsroom["sections"]["economy"], "الخبر الأحدث بصورة", hero=newsroom["hero"])  # the home page's lead
    home = html_of("/")
    assert re.search(r'<link rel="preload" as="image" type="image/avif" href="[^"]+\.avif"', home)
    lead = home.split('<article class="lead">', 1)[1].split("</picture>", 1)[0]
    assert avif_sources(lead) and re.search(r'<img src="[^"]+\.webp" width="960" height="540"', lead)


def test_images_fall_back_to_webp_only_without_avif(newsroom, monkeypatch):
    import miftah.news.models

    monkeypatch.setattr(miftah.news.models, "AVIF_SUPPORTED", False)
    html = html_of(newsroom["articles"][0].url)
    assert "image/avif" not in html and ".avif" not in html
    assert '<link rel="preload" as="image" type="image/webp"' in html
    assert ".webp 480w" in html.split('<figure class="hero">', 1)[1]


@pytest.mark.parametrize("typed, end, expected", [
    ("2025-03-15", False, "2025-03-15"),   # the old links' ISO dates keep working
    ("15/3/2025", False, "2025-03-15"),
    ("١٥/٣/٢٠٢٥", False, "2025-03-15"),
    ("15 آذار 2025", False, "2025-03-15"),
    ("١٥ مارس ٢٠٢٥", False, "2025-03-15"),
    ("آذار 2025", False, "2025-03-01"),
    ("آذار 2025", True, "2025-03-31"),
    ("كانون الأول 2024", True, "2024-12-31"),
    ("2024-13-45", False, None),
    ("غدا", False, None),
])
def test_search_dates_are_typed_in_arabic(typed, end, expected):
    from miftah.search.views import _date

    parsed = _date(typed, end=end)
    assert (parsed.isoformat() if parsed else None) == expected


def test_search_form_shows_dates_day_first_with_an_arabic_hint(newsroom):
    html = html_of("/search/", q="الحدود", **{"from": "١/٣/٢٠٢٥", "to": "2025-04-30"})
    form = html.split('<form class="search-filters"', 1)[1].split("</form>", 1)[0]
    assert 'type="date"' not in form
    assert 'id="search-from" type="text" name="from" value="1/3/2025"' in form
    assert 'id="search-to" type="text" name="to" value="30/4/2025"' in form
    assert 'aria-describedby="search-dates-hint"' in form and 'id="search-dates-hint">التاريخ باليوم ثم الشهر' in form


def test_search_page_landmarks_have_distinct_names(newsroom):
    import re

    html = html_of("/search/", q="الحدود")
    names = re.findall(r'<form [^>]*role="search"[^>]*aria-label="([^"]+)"', html)
    assert len(re.findall(r'role="search"', html)) == 2 and len(set(names)) == 2, names  # axe: landmark-unique


@pytest.mark.parametrize("path", ["/intelligence-key/", "/tag/حدود/"])
def test_listing_headings_go_down_one_level_at_a_time(newsroom, path):
    import re

    main = html_of(path).split('<main id="main"', 1)[1].split("</main>", 1)[0]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]
    assert levels[0] == 1 and 3 in levels
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels  # axe: heading-order
