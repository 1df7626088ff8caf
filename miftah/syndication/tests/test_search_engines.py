"""What search engines read (issue #15 §3): every page type's JSON-LD validated offline against Google's fields
(miftah.syndication.validation), corrections as CorrectionComment, the standards pages as publishingPrinciples and
correctionsPolicy, the corrections archive, and large image previews allowed on articles."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from miftah.core.models import SiteSettings
from miftah.news.models import ArticlePage, Correction, StandardPage
from miftah.news.tests.factories import make_article, settled
from miftah.syndication import validation

pytestmark = pytest.mark.django_db


def get(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def types_of(html, path):
    return sorted(item.get("@type") for item in validation.json_ld(html, "http://localhost" + path))


@pytest.fixture
def standards(newsroom):
    home = newsroom["home"]
    page = home.add_child(instance=StandardPage(title="المعايير التحريرية", slug="editorial-standards"))
    page.save_revision().publish()
    site_settings = SiteSettings.objects.get(site__root_page=home)
    site_settings.standards_page = page
    site_settings.save()
    return page


@pytest.fixture
def corrected(newsroom):
    """The lead article with a correction and an update, saved and republished as an editor would."""
    article = ArticlePage.objects.get(pk=newsroom["articles"][0].pk)
    published = article.first_published_at
    article.corrections.add(Correction(kind=Correction.CORRECTION, date=published + timedelta(hours=2),
                                       text="صُحّح اسم البلدة: عرسال لا اللبوة."))
    article.corrections.add(Correction(kind=Correction.UPDATE, date=published + timedelta(hours=3),
                                       text="أضيف تصريح وزير الداخلية."))
    with settled():
        article.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def test_every_page_type_has_valid_json_ld(newsroom, standards, corrected):
    from miftah.dossiers.models import ArticleEntity, Entity

    entity = Entity.objects.create(canonical="سليم المرعبي", type="person")
    ArticleEntity.objects.create(article=corrected, entity=entity, status=ArticleEntity.ACCEPTED)
    desk_only = make_article(newsroom["sections"]["economy"], "خبر بتوقيع المكتب", desk_byline="مكتب بيروت")
    pages = {
        newsroom["home"].url: ["NewsMediaOrganization", "WebSite"],
        newsroom["sections"]["politics"].url: ["BreadcrumbList"],
        newsroom["sections"]["gulf"].url: ["BreadcrumbList"],
        corrected.url: ["BreadcrumbList", "NewsArticle"],
        newsroom["articles"][2].url: ["BreadcrumbList", "NewsArticle"],
        desk_only.url: ["BreadcrumbList", "NewsArticle"],
        standards.url: [],
        newsroom["author"].get_url(): [],
        "/tag/حدود/": [],
        "/corrections/": [],
        entity.get_url(): [],
        "/search/?q=الحدود": [],
    }
    for path, expected in pages.items():
        html = get(path)
        assert types_of(html, path) == expected, path
        assert validation.problems(html, "http://localhost" + path) == [], path


def test_the_validator_rejects_what_google_would(newsroom):
    """The schemas do check: the article's own JSON-LD, broken the ways a template change could break it."""
    article = newsroom["articles"][0]
    [news] = [i for i in validation.json_ld(get(article.url), "http://localhost") if i["@type"] == "NewsArticle"]
    assert validation.check(news) == []
    broken = {**news, "headline": "ع" * 111, "datePublished": "2026-01-01T10:00:00", "isAccessibleForFree": False}
    del broken["author"]
    found = "\n".join(validation.check(broken))
    for fragment in ("headline", "datePublished", "isAccessibleForFree", "'author' is a required property"):
        assert fragment in found
    [crumbs] = [i for i in validation.json_ld(get(article.url), "http://localhost") if i["@type"] == "BreadcrumbList"]
    assert validation.check({**crumbs, "itemListElement": crumbs["itemListElement"][:1]})


def test_corrections_are_correction_comments_and_updates_are_not(corrected):
    html = get(corrected.url)
    [news] = [i for i in validation.json_ld(html, "http://localhost") if i["@type"] == "NewsArticle"]
    [correction] = news["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == "صُحّح اسم البلدة: عرسال لا اللبوة."
    assert correction["datePublished"] == corrected.corrections.get(kind="correction").date.isoformat()
    assert "تصريح وزير الداخلية" not in str(news)
    assert news["isAccessibleForFree"] is True
    assert "<strong>تصحيح</strong>" in html and "أضيف تصريح وزير الداخلية." in html  # both shown to readers


def test_standards_pages_are_publishing_principles_and_corrections_policy(newsroom, standards):
    article = newsroom["articles"][0]
    items = validation.json_ld(get(article.url), "http://localhost")
    [news] = [i for i in items if i["@type"] == "NewsArticle"]
    assert news["publishingPrinciples"] == standards.full_url
    assert news["publisher"]["publishingPrinciples"] == standards.full_url
    assert news["publisher"]["correctionsPolicy"] == standards.full_url  # falls back to the standards page

    policy = newsroom["home"].add_child(instance=StandardPage(title="سياسة التصحيح", slug="corrections-policy"))
    policy.save_revision().publish()
    SiteSettings.objects.filter(site__root_page=newsroom["home"]).update(corrections_policy_page=policy)
    [org] = [i for i in validation.json_ld(get("/"), "http://localhost") if i["@type"] == "NewsMediaOrganization"]
    assert org["publishingPrinciples"] == standards.full_url and org["correctionsPolicy"] == policy.full_url

    standards.unpublish()  # an unpublished page is never linked
    [org] = [i for i in validation.json_ld(get("/"), "http://localhost") if i["@type"] == "NewsMediaOrganization"]
    assert "publishingPrinciples" not in org and org["correctionsPolicy"] == policy.full_url


def test_corrections_archive_lists_corrections_newest_first(newsroom, standards, corrected):
    other = ArticlePage.objects.get(pk=newsroom["articles"][3].pk)
    other.corrections.add(Correction(kind=Correction.CORRECTION, date=timezone.now() + timedelta(hours=4), text="صُحّح سعر البرميل."))
    with settled():
        other.save_revision().publish()
    draft = make_article(newsroom["sections"]["economy"], "مسودة", publish=False)
    Correction.objects.create(page=draft, text="تصحيح في مسودة لا يُنشر.")

    html = get("/corrections/")
    assert html.index("صُحّح سعر البرميل.") < html.index("صُحّح اسم البلدة")
    assert f'href="{other.url}"' in html and f'href="{corrected.url}"' in html
    assert "وزير الداخلية" not in html and "مسودة لا يُنشر" not in html
    assert f'href="{standards.url}"' in html  # the policy the archive applies
    assert 'href="/corrections/"' in get("/")  # linked from every page's footer


def test_empty_corrections_archive_on_a_new_install(home):
    html = get("/corrections/")
    assert "لم ننشر أي تصحيح بعد." in html


def test_articles_allow_large_image_previews_and_other_pages_do_not_say_so(newsroom):
    assert '<meta name="robots" content="max-image-preview:large">' in get(newsroom["articles"][0].url)
    assert "max-image-preview" not in get(newsroom["sections"]["politics"].url)


def test_an_articles_head_is_reused_until_a_publish_and_a_preview_renders_its_own(newsroom):
    from django.contrib.auth.models import User
    from django.test.utils import override_settings

    article = ArticlePage.objects.get(pk=newsroom["articles"][0].pk)

    def live(path):  # the host Wagtail's preview request carries (the site's), so a reused head would be found
        return Client(HTTP_HOST="localhost").get(path).content.decode()

    with override_settings(MIFTAH_PAGE_CACHE=False):  # the render path, not the page cache
        first = live(article.url)
        assert '"NewsArticle"' in first
        assert live(article.url).split("</head>")[0] == first.split("</head>")[0]
        article.title = "عنوان جديد بعد التصحيح"
        with settled():
            article.save_revision().publish()
        head = live(article.url).split("</head>")[0]
        assert '<meta property="og:title" content="عنوان جديد بعد التصحيح">' in head and "عنوان جديد بعد التصحيح" in head.split("ld+json", 1)[1]
        article.title = "عنوان مسودة لم يُنشر"
        draft = article.save_revision()  # a draft: the live head stays, the preview shows the draft's own
        admin = User.objects.create_superuser("head-admin", "a@example.org", "x")
        client = Client()
        client.force_login(admin)
        preview = client.get(f"/admin/pages/{article.pk}/revisions/{draft.pk}/view/")
        assert '<meta property="og:title" content="عنوان مسودة لم يُنشر">' in preview.content.decode()
        assert '<meta property="og:title" content="عنوان جديد بعد التصحيح">' in live(article.url)
