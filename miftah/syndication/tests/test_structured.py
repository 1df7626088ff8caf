"""JSON-LD and OpenGraph on reader pages, extracted with extruct as a crawler would, plus the share links."""

import json

import extruct
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from miftah.news.tests.factories import make_article
from miftah.syndication.structured import HEADLINE_MAX, headline, to_script

pytestmark = pytest.mark.django_db


def extract(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    data = extruct.extract(html, base_url="http://localhost" + path, syntaxes=["json-ld", "opengraph"])
    return html, data


def jsonld_of_type(data, type_name):
    return [item for item in data["json-ld"] if item.get("@type") == type_name]


def og(data):
    """OpenGraph properties as lists (extruct's raw form keeps repeated ones such as article:tag)."""
    props = {}
    for item in data["opengraph"]:
        for key, value in item["properties"]:
            props.setdefault(key, []).append(value)
    return props


def test_article_has_news_article_json_ld_with_required_fields(newsroom):
    article = newsroom["articles"][0]
    html, data = extract(article.url)
    [news] = jsonld_of_type(data, "NewsArticle")
    assert news["headline"] == "تحركات الميليشيات قرب الحدود"
    assert news["description"] == "موجز عن التحركات"
    assert news["datePublished"].startswith(article.first_published_at.astimezone().strftime("%Y-"))
    assert news["dateModified"] >= news["datePublished"][:10]
    assert news["author"] == [{"@type": "Person", "name": "ليلى حداد", "url": "http://localhost/author/layla-haddad/"}]
    assert news["publisher"]["@type"] == "NewsMediaOrganization" and news["publisher"]["name"] == "مفتاح"
    assert news["publisher"]["logo"]["url"].startswith("http://localhost/")
    ratios = sorted(round(img["width"] / img["height"], 2) for img in news["image"])
    assert ratios == [1.0, 1.33, 1.78]
    assert all(img["url"].startswith("http://localhost/media/images/") for img in news["image"])
    wide = [img for img in news["image"] if img["width"] / img["height"] > 1.7][0]
    assert wide["width"] >= 1200
    assert news["mainEntityOfPage"]["@id"] == article.full_url
    assert news["articleSection"] == "المفتاح الاستخباراتي"
    assert news["inLanguage"] == "ar" and news["isAccessibleForFree"] is True
    assert sorted(news["keywords"]) == ["أمن", "حدود"]


def test_article_breadcrumbs_and_open_graph(newsroom):
    article = newsroom["articles"][2]  # in a nested section, with an Arabic slug
    html, data = extract(article.url)
    [crumbs] = jsonld_of_type(data, "BreadcrumbList")
    names = [item["name"] for item in crumbs["itemListElement"]]
    assert names == ["مفتاح", "المفتاح الاستخباراتي", "الخليج", "موانئ الخليج تستعد لموسم جديد"]
    assert [item["position"] for item in crumbs["itemListElement"]] == [1, 2, 3, 4]
    assert crumbs["itemListElement"][-1]["item"] == article.full_url

    lead = newsroom["articles"][0]
    html, data = extract(lead.url)
    props = og(data)
    assert props["og:locale"] == ["ar_AR"] and props["og:type"] == ["article"]
    assert props["og:title"] == ["تحركات الميليشيات قرب الحدود"]
    assert props["og:url"] == [lead.full_url]
    assert props["og:image:width"] == ["1200"] and props["og:image:height"] == ["675"]
    assert props["og:image:alt"] and props["og:image"][0].startswith("http://localhost/media/images/")
    assert props["article:section"] == ["المفتاح الاستخباراتي"]
    assert sorted(props["article:tag"]) == ["أمن", "حدود"]
    assert props["article:published_time"][0].startswith(str(lead.first_published_at.year))
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert html.count('rel="canonical"') == 1 and html.count('name="description"') == 1


def test_desk_byline_article_is_by_an_organization(newsroom):
    article = make_article(newsroom["sections"]["economy"], "نشرة المكتب", desk_byline="مكتب بيروت")
    _, data = extract(article.url)
    [news] = jsonld_of_type(data, "NewsArticle")
    assert news["author"][0]["@type"] == "Organization" and news["author"][0]["name"] == "مكتب بيروت"
    assert "image" not in news  # no hero: no image rather than a made-up one


def test_section_has_breadcrumbs_and_feed_links(newsroom):
    html, data = extract("/intelligence-key/الخليج/")
    [crumbs] = jsonld_of_type(data, "BreadcrumbList")
    assert [i["name"] for i in crumbs["itemListElement"]] == ["مفتاح", "المفتاح الاستخباراتي", "الخليج"]
    assert 'type="application/rss+xml" title="الخليج" href="/feed/section/intelligence-key/%D8%A7%D9%84%D8%AE%D9%84%D9%8A%D8%AC/"' in html
    assert 'type="application/atom+xml"' in html
    assert og(data)["og:type"] == ["website"]


def test_home_has_website_search_action_and_news_media_organization(newsroom):
    html, data = extract("/")
    [site] = jsonld_of_type(data, "WebSite")
    assert site["potentialAction"]["@type"] == "SearchAction"
    assert site["potentialAction"]["target"]["urlTemplate"] == "http://localhost/search/?q={search_term_string}"
    assert site["potentialAction"]["query-input"] == "required name=search_term_string"
    [org] = jsonld_of_type(data, "NewsMediaOrganization")
    assert org["name"] == "مفتاح" and org["url"] == "http://localhost/" and org["logo"]["url"]
    assert 'rel="alternate" type="application/rss+xml" title="مفتاح" href="/feed/"' in html


@pytest.mark.parametrize("path,feed", [("/author/layla-haddad/", "/feed/author/layla-haddad/"),
                                       ("/tag/%D8%AD%D8%AF%D9%88%D8%AF/", "/feed/tag/%D8%AD%D8%AF%D9%88%D8%AF/")])
def test_author_and_tag_archives_advertise_their_feeds(newsroom, path, feed):
    html, data = extract(path)
    assert f'type="application/rss+xml" title="' in html and f'href="{feed}"' in html
    assert og(data)["og:url"][0].startswith("http://localhost/")


def test_not_found_page_still_renders_with_head(home):
    response = Client().get("/no-such-page/")
    assert response.status_code == 404
    assert 'href="/feed/"' in response.content.decode()


def test_head_tags_cost_constant_queries_however_many_tags_and_authors(newsroom, settings):
    settings.MIFTAH_PAGE_CACHE = False
    from miftah.news.tests.factories import make_author

    section = newsroom["sections"]["economy"]
    small = make_article(section, "مقال بسيط", tags=("أ",), authors=(make_author(),), hero=newsroom["hero"])
    big = make_article(section, "مقال كبير", tags=tuple("بتثجحخدذ"), authors=tuple(make_author() for _ in range(4)),
                       hero=newsroom["hero"])

    def count(page):
        Client().get(page.url)  # renditions are created on the first view
        with CaptureQueriesContext(connection) as ctx:
            assert Client().get(page.url).status_code == 200
        return len(ctx.captured_queries)

    assert count(big) == count(small)


def test_share_links_use_the_short_link_and_it_redirects_permanently(newsroom):
    article = newsroom["articles"][0]
    html = Client().get(article.url).content.decode()
    short = f"http://localhost/s/{article.pk}"
    for marker in ("https://wa.me/?text=", "https://t.me/share/url?url=", "https://x.com/intent/post?url=",
                   "https://www.facebook.com/sharer/sharer.php?u=", "mailto:?subject=", "data-share-copy",
                   "data-share-native", "syndication/share.js"):
        assert marker in html, marker
    assert "http%3A%2F%2Flocalhost%2Fs%2F" + str(article.pk) in html
    assert f'data-share-url="{short}"' in html
    assert 'aria-label="شارك عبر واتساب"' in html
    response = Client().get(f"/s/{article.pk}")
    assert response.status_code == 301 and response["Location"] == article.full_url


def test_short_link_hides_drafts_private_and_non_articles(newsroom):
    draft = make_article(newsroom["sections"]["economy"], "مسودة", publish=False)
    private = make_article(newsroom["sections"]["economy"], "خاص")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    for pk in (draft.pk, private.pk, newsroom["sections"]["economy"].pk, 999999):
        assert Client().get(f"/s/{pk}").status_code == 404


HEADLINES = [
    ("قصير", "قصير"),
    ("كلمة " * 30, None),  # long: cut at a word, ends with an ellipsis
    ("  مسافات   زائدة  ", "مسافات زائدة"),
    ("أ" * 200, None),  # no space to cut at
]


@pytest.mark.parametrize("title,expected", HEADLINES)
def test_headline_is_at_most_110_characters(title, expected):
    result = headline(title)
    assert len(result) <= HEADLINE_MAX
    if expected is not None:
        assert result == expected
    else:
        assert result.endswith("…") and " …" not in result


def test_json_ld_cannot_close_its_script_element():
    script = to_script({"headline": "</script><script>alert(1)</script> & <!--"})
    assert "</script>" not in script and "<!--" not in script
    assert json.loads(script)["headline"] == "</script><script>alert(1)</script> & <!--"
