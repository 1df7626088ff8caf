"""Search per edition (issue #15): English pages analysed the English way, every read path limited to the edition.

The English locale and pages are built here (an English home as the translation of the Arabic one, sections and
articles under it: they take its locale, as in the admin), so the tests do not depend on the editions' URLs; the
English read path runs with ``translation.override("en")``, the Arabic one in the default language. Run on SQLite
and on PostgreSQL (``DATABASE_URL``); the OpenSearch backend through its recorded-transport stub.
"""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from miftah.search import engine, english, text as search_text
from miftah.search.editions import ARABIC, ENGLISH, analysis_for, current_edition, language_of
from miftah.search.tests.test_opensearch_stub import hits, opensearch, searches  # noqa: F401 (fixture)

# text, the terms the English analysis indexes (stop words out)
ANALYSIS = [
    ("Elections", ["elect"]),
    ("election", ["elect"]),
    ("negotiating negotiations", ["negoti", "negoti"]),
    ("Iran's IRAN’s iran", ["iran", "iran", "iran"]),
    ("the Emirates' ports", ["emir", "port"]),
    ("The state of the union is not such", ["state", "union"]),
    ("Zürich ZURICH", ["zurich", "zurich"]),
    ("O'Brien don't", ["obrien", "dont"]),
    ("ﬁnance", ["financ"]),
    ("in 2024 (٢٠٢٤)", ["2024", "2024"]),
    ("Hassan Nasrallah (حسن نصر الله) spoke", ["hassan", "nasrallah", "حسن", "نصر", "الله", "spoke"]),
    ("the militias (والميليشيات)", ["militia", "ميليش"]),
    ("us and WHO", ["us", "who"]),
]


@pytest.mark.parametrize("text, terms", ANALYSIS)
def test_english_analysis_table(text, terms):
    assert english.analyze(text, stopwords=True) == terms


def test_english_query_terms_drop_stop_words_unless_nothing_else_is_left():
    assert [t.term for t in english.analyze_query("the elections of the union")] == ["elect", "union"]
    assert [t.term for t in english.analyze_query("the")] == ["the"]
    # An Arabic word in an English query gets the Arabic edition's alternatives (synonyms included).
    (militias,) = english.analyze_query("ميليشيات")
    assert militias.alternatives == search_text.query_groups("ميليشيات")[0].exact


def test_tokens_keep_original_offsets_for_highlighting():
    text = "Iran’s new ELECTIONS law"
    marked = [text[token.start:token.end] for term, token in english.analyze_tokens(text) if term in {"iran", "elect"}]
    assert marked == ["Iran’s", "ELECTIONS"]


def test_analysis_is_chosen_by_language():
    assert analysis_for("en") is ENGLISH and analysis_for("en-gb") is ENGLISH
    assert analysis_for("ar") is ARABIC and analysis_for(None) is ARABIC and analysis_for("fr") is ARABIC


HOUR = timedelta(hours=1)


@pytest.fixture
def editions(home, django_capture_on_commit_callbacks):
    """Arabic and English articles side by side; the English ones under the English translation of the home."""
    from wagtail.models import Locale

    from miftah.news.tests.factories import make_article, make_section

    english_locale = Locale.objects.get_or_create(language_code="en")[0]
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        english_home = home.copy_for_translation(english_locale)
        english_home.save_revision().publish()
        world = make_section(english_home, "World", slug="world")
        politics = make_section(home, "سياسة", slug="politics")
        en = {
            "election": make_article(world, "Election results delayed in Baghdad",
                                     body=("The electoral commission said counting would take a week.",),
                                     when=now - HOUR),
            "negotiations": make_article(world, "Ceasefire negotiations resume in Cairo",
                                         body=("Mediators said the talks were constructive.",), when=now - 2 * HOUR),
            "iran": make_article(world, "Iran's foreign minister visits Muscat",
                                 body=("The visit follows weeks of contacts.",), when=now - 3 * HOUR),
            "militias": make_article(world, "Who pays the militias?",
                                     body=("Analysts on the militias (الميليشيات) in the south.",),
                                     when=now - 4 * HOUR),
            "nasrallah": make_article(world, "Hezbollah leader speaks",
                                      body=("Hassan Nasrallah (حسن نصر الله) addressed supporters.",),
                                      when=now - 5 * HOUR),
            "follow-up": make_article(world, "Regrouping in the south",
                                      body=("The militias were seen regrouping near the southern border.",),
                                      when=now - 6 * HOUR),
        }
        ar = {
            "militias": make_article(politics, "الميليشيات في الجنوب", body=("تقرير عن الميليشيات.",),
                                     when=now - HOUR),
            # Latin words in an Arabic article: an English search must not find it.
            "reuters": make_article(politics, "تقرير Reuters عن Election في Baghdad",
                                    body=("نقلت وكالة Reuters أن الانتخابات تأجلت.",), when=now - 2 * HOUR),
        }
    return {"english_locale": english_locale, "english_home": english_home, "world": world, "en": en, "ar": ar}


def ids(page):
    return [pk for pk, _ in page.hits]


def english_search(query, **kwargs):
    with translation.override("en"):
        return ids(engine.search(query, **kwargs))


def test_pages_are_indexed_in_their_locales_language(editions):
    from miftah.search.backends.indexing import AnalysedFields

    article = editions["en"]["election"]
    assert language_of(article) == "en"
    assert AnalysedFields(article).title == "elect result delay baghdad"
    assert language_of(editions["ar"]["militias"]) == "ar"
    with translation.override("en"):
        assert current_edition().locale_id == editions["english_locale"].pk
    assert current_edition().locale_id == editions["ar"]["militias"].locale_id


STEMMING = [
    ("elections", "election"),
    ("ELECTION", "election"),
    ("negotiating", "negotiations"),
    ("negotiation", "negotiations"),
    ("Iran", "iran"),
    ("Iran's minister", "iran"),
    ("Irans", "iran"),
    ("the ministers of Iran", "iran"),
    ("ceasefire in cairo", "negotiations"),
    ("militia", "militias"),
    ("Iranian minister", "iran"),  # a country and its adjective are one word in a query (english.DEMONYMS)
    ("Qatar mediators", "negotiations"),  # the text says "Qatari mediators"
]


@pytest.mark.parametrize("query, expected", STEMMING)
def test_english_edition_finds_word_forms(editions, query, expected):
    assert english_search(query)[:1] == [editions["en"][expected].pk]


def test_stop_words_are_not_required(editions):
    # "the" and "in" are stop words: the query means "results Baghdad".
    assert english_search("the results in Baghdad") == [editions["en"]["election"].pk]
    assert english_search("results of the Baghdad") == [editions["en"]["election"].pk]


def test_arabic_names_in_english_text_are_analysed_the_arabic_way(editions):
    en = editions["en"]
    assert english_search("حسن نصر الله") == [en["nasrallah"].pk]
    # «ميليشيات» finds «الميليشيات» written inside an English article, as the Arabic analysis would.
    assert english_search("ميليشيات") == [en["militias"].pk]
    assert english_search("Nasrallah") == [en["nasrallah"].pk]


def test_editions_are_isolated(editions):
    en, ar = editions["en"], editions["ar"]
    english_ids = {page.pk for page in en.values()}
    arabic_ids = {page.pk for page in ar.values()}
    # The Arabic edition: «الميليشيات» is also in an English article's text, «Reuters» only in an Arabic one.
    assert ids(engine.search("ميليشيات")) == [ar["militias"].pk]
    assert ids(engine.search("Reuters")) == [ar["reuters"].pk]
    assert not set(ids(engine.search("Baghdad"))) & english_ids
    # The English edition never sees the Arabic articles, whatever the script of the query.
    for query in ("Reuters", "Baghdad election", "ميليشيات", "الانتخابات"):
        assert not set(english_search(query)) & arabic_ids, query
    # Other sorts, the OR fallback and filters keep the edition.
    assert english_search("Baghdad Reuters") == [en["election"].pk]  # OR fallback: no article has both
    assert english_search("Baghdad", sort="newest") == [en["election"].pk]
    with translation.override("en"):
        page = engine.search("election", engine.SearchFilters(section_path=editions["world"].path))
    assert ids(page) == [en["election"].pk]


def test_suggestions_per_edition(editions):
    with translation.override("en"):
        assert [pk for pk, _ in engine.suggest("elec")] == [editions["en"]["election"].pk]
        assert [pk for pk, _ in engine.suggest("Iran's for")] == [editions["en"]["iran"].pk]
        assert [pk for pk, _ in engine.suggest("Reut")] == []
    assert [pk for pk, _ in engine.suggest("Reut")] == [editions["ar"]["reuters"].pk]
    assert [pk for pk, _ in engine.suggest("الميلي")] == [editions["ar"]["militias"].pk]


def test_related_articles_stay_in_the_edition(editions):
    from miftah.news.models import ArticleRelation
    from miftah.news.related import compute_related
    from miftah.search.related import content_scores, store_related_bulk

    en = editions["en"]
    english_ids = {page.pk for page in en.values()}
    # «الميليشيات» is shared with an Arabic article: still no Arabic candidate.
    scored = content_scores(en["militias"])
    assert scored[0][0] == en["follow-up"].pk and {pk for pk, _ in scored} <= english_ids
    assert {pk for pk, _ in content_scores(editions["ar"]["militias"])}.isdisjoint(english_ids)
    compute_related(en["militias"])
    store_related_bulk()
    related = set(ArticleRelation.objects.filter(article__in=english_ids).values_list("related_id", flat=True))
    assert related and related <= english_ids
    arabic_related = set(ArticleRelation.objects.filter(article__in=[p.pk for p in editions["ar"].values()])
                         .values_list("related_id", flat=True))
    assert arabic_related.isdisjoint(english_ids)


def test_search_page_in_the_english_edition(client, editions):
    en = editions["en"]
    with translation.override("en"):
        response = client.get("/en/search/", {"q": "elections"})  # the English edition's address
        html = response.content.decode()
        assert [r["article"].pk for r in response.context["results"]] == [en["election"].pk]
        # The reader's word is marked as written, in the headline and in the snippet.
        assert "<mark>Election</mark> results delayed in Baghdad" in html
        assert "The <mark>electoral</mark>" not in html  # "electoral" is another word (elector)
        possessive = client.get("/en/search/", {"q": "iran"}).content.decode()
        assert "<mark>Iran&#x27;s</mark> foreign minister" in possessive
        nothing = client.get("/en/search/", {"q": "earthquake"})
        text = nothing.content.decode()
        assert "Check the spelling of names" in text and "الهمزات" not in text
        latest = {card.pk for card in nothing.context["latest"]}
        assert latest and latest <= {page.pk for page in en.values()}
        blank = client.get("/en/search/")
        assert "“election” finds “elections”" in blank.content.decode()
        assert {s.pk for s in blank.context["sections"]()} == {editions["world"].pk}
        suggestions = client.get("/en/search/suggest/", {"q": "negot", "format": "json"}).json()["suggestions"]
        assert [s["title"] for s in suggestions] == ["Ceasefire negotiations resume in Cairo"]
    arabic = client.get("/search/", {"q": "زلزال"})
    assert "الهمزات" in arabic.content.decode() and "Check the spelling" not in arabic.content.decode()
    assert not {card.pk for card in arabic.context["latest"]} & {page.pk for page in en.values()}


def test_admin_and_reindex_keep_the_english_analysis(editions):
    from django.core.management import call_command

    call_command("reindex", "--no-progress", stdout=open("/dev/null", "w"))
    assert english_search("negotiating") == [editions["en"]["negotiations"].pk]
    assert ids(engine.search("ميليشيات")) == [editions["ar"]["militias"].pk]


def test_opensearch_documents_and_queries_carry_the_edition(editions, opensearch):  # noqa: F811
    from miftah.search.backends.indexing import AnalysedFields

    en, ar = editions["en"], editions["ar"]
    article = en["negotiations"]
    opensearch.add(article)
    (document,) = [body for method, url, body in opensearch.es.transport.requests if f"/_doc/{article.pk}" in url]
    assert document["miftah_locale"] == editions["english_locale"].pk
    assert document["miftah_title"] == AnalysedFields(article).title == "ceasefir negoti resum cairo"
    # The index answers with pages of both editions: the database keeps the English edition's only.
    opensearch.es.transport.answers["_search"] = hits(ar["militias"], en["militias"])
    with translation.override("en"):
        assert ids(engine.search("negotiating militias")) == [en["militias"].pk]
    body = searches(opensearch)[-1]
    inner = body["query"]["function_score"]["query"]["bool"]
    assert {"term": {"miftah_locale": editions["english_locale"].pk}} in inner["filter"]
    sent = [group["bool"]["should"][0]["match"]["miftah_title"]["query"] for group in inner["must"][0]["bool"]["must"]]
    assert sent == ["negoti", "militia"]
    opensearch.es.transport.answers["_search"] = hits(ar["militias"], en["militias"])
    assert [pk for pk, _ in engine.suggest("الميلي")] == [ar["militias"].pk]
    assert {"term": {"miftah_locale": ar["militias"].locale_id}} in searches(opensearch)[-1]["query"]["bool"]["filter"]
    opensearch.es.transport.answers["_search"] = hits(ar["militias"], en["iran"])
    assert engine.more_like_this(["militia"], exclude_id=en["militias"].pk,
                                 locale_id=en["militias"].locale_id) == [(en["iran"].pk, 9.0)]


def test_the_admin_page_search_finds_english_articles_by_any_form(editions):
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.create_superuser("editor", "editor@example.com", "x"))
    for query, expected in (("elections", "election"), ("negotiating", "negotiations"), ("ministers", "iran")):
        response = client.get("/admin/pages/search/", {"q": query})
        assert editions["en"][expected].pk in {page.pk for page in response.context["object_list"]}, query
    # Arabic words keep the Arabic analysis, in both editions' pages.
    found = {page.pk for page in client.get("/admin/pages/search/", {"q": "ميليشيات"}).context["object_list"]}
    assert {editions["ar"]["militias"].pk, editions["en"]["militias"].pk} <= found


def test_the_search_command_takes_an_edition(editions):
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("search", "elections", "--edition", "en", "--json", stdout=out)
    assert [row["id"] for row in json.loads(out.getvalue())] == [editions["en"]["election"].pk]
    out = io.StringIO()
    call_command("search", "Reuters", "--json", stdout=out)
    assert [row["id"] for row in json.loads(out.getvalue())] == [editions["ar"]["reuters"].pk]
