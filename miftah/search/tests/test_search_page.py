"""The /search/ page: filters, sort, pagination, highlight, empty states, odd input; and /search/suggest/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from miftah.search import engine, site
from miftah.search.highlight import highlight, query_terms, snippet

pytestmark = pytest.mark.django_db

ODD_QUERIES = [
    "\u202e'; DROP TABLE wagtailcore_page; --",
    "*", '"', '"unbalanced', "NEAR(a b)", "a OR b AND NOT c", "title:x", "{title}: x", "^", "()", "!:*&|",
    "x" * 5000, "ميليشيات" * 700, "😀🇱🇧", "\u0000", "\ufeff\u200b\u200f", "ﷺ", "١٢٣", "\U0010fffd", "%00", "' OR 1=1 --",
]


def _ids(response):
    return [r["article"].pk for r in response.context["results"]]


def test_freshness_breaks_a_relevance_tie(client, newsroom_search):
    response = client.get("/search/", {"q": "ميليشيات"})
    ids = _ids(response)
    assert ids.index(newsroom_search["new"].pk) < ids.index(newsroom_search["old"].pk)


def test_filters_section_author_and_dates(client, newsroom_search):
    data = newsroom_search
    assert set(_ids(client.get("/search/", {"q": "ميليشيات", "section": data["sport"].pk}))) == {data["sport_article"].pk}
    assert _ids(client.get("/search/", {"q": "ميليشيات", "author": "layla"})) == [data["old"].pk]
    since = (timezone.now() - timedelta(days=30)).date().isoformat()
    assert set(_ids(client.get("/search/", {"q": "ميليشيات", "from": since}))) == {data["new"].pk, data["sport_article"].pk}
    until = (timezone.now() - timedelta(days=300)).date().isoformat()
    assert _ids(client.get("/search/", {"q": "ميليشيات", "to": until})) == [data["old"].pk]
    # Filters that do not parse are ignored, not errors.
    response = client.get("/search/", {"q": "ميليشيات", "section": "x", "author": "nobody", "from": "2024-13-45"})
    assert response.status_code == 200 and len(_ids(response)) == 3


def test_sort_newest_and_pagination(client, newsroom_search):
    first = client.get("/search/", {"q": "الموانئ", "sort": "newest"})
    assert first.context["total"] == 12 and first.context["num_pages"] == 2
    assert _ids(first) == [a.pk for a in newsroom_search["many"][:10]]
    second = client.get("/search/", {"q": "الموانئ", "sort": "newest", "page": 2})
    assert _ids(second) == [a.pk for a in newsroom_search["many"][10:]]
    assert "page=1" in second.context["previous_url"] and second.context["next_url"] is None
    assert client.get("/search/", {"q": "الموانئ", "page": "999"}).status_code == 200
    assert client.get("/search/", {"q": "الموانئ", "page": "-3"}).context["page_number"] == 1


def test_highlight_marks_original_words_not_stems(client, newsroom_search):
    html = client.get("/search/", {"q": "ميليشيا"}).content.decode()
    assert "<mark>الميليشيات</mark>" in html
    assert "<mark>ميليش</mark>" not in html


@pytest.mark.parametrize(("text", "query", "marked"), [
    ("قال إنّ الميليشياتِ انسحبت", "ميليشيات", "الميليشياتِ"),
    ("زيارة لطهران غداً", "طهران", "لطهران"),
    ("<b>إسرائيل</b> ترد", "اسرائيل", "إسرائيل"),
    ("والمقاومة مستمرة", "المقاومه", "والمقاومة"),
])
def test_highlight_table(text, query, marked):
    html = str(highlight(text, query_terms(query)))
    assert f"<mark>{marked}</mark>" in html
    assert "<b>" not in html  # the original text is escaped


def test_snippet_is_centred_on_the_match_and_escaped():
    text = " ".join(["كلمة"] * 200) + " الميليشيات <script> " + " ".join(["نص"] * 200)
    html = str(snippet(text, query_terms("ميليشيات")))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>الميليشيات</mark>" in html and "&lt;script&gt;" in html and "<script>" not in html


def test_empty_states(client, newsroom_search):
    blank = client.get("/search/")
    assert blank.status_code == 200 and blank.context["latest"]
    nothing = client.get("/search/", {"q": "زلزال"})
    assert nothing.status_code == 200 and nothing.context["total"] == 0
    assert "لم نجد مقالات" in nothing.content.decode()


def test_all_words_first_then_any_word(newsroom_search):
    assert engine.search("الموانئ ميليشيات").operator == "or"
    assert engine.search("الميليشيات الجنوب").operator == "and"


def test_odd_input_never_fails(client, newsroom_search):
    failures = []
    for query in ODD_QUERIES:
        for path in ("/search/", "/search/suggest/"):
            response = client.get(path, {"q": query, "sort": query[:20], "page": query[:20], "from": query[:20]})
            if response.status_code != 200:
                failures.append((path, query[:40], response.status_code))
        assert isinstance(engine.search(query).total, int)
    assert failures == []
    # The reader's words are still found when wrapped in operators and quotes.
    assert client.get("/search/", {"q": '"الميليشيات" OR *'}).context["total"] >= 3


def test_suggest_json_and_html_without_javascript(client, newsroom_search):
    data = client.get("/search/suggest/", {"q": "الميلي", "format": "json"}).json()
    titles = [s["title"] for s in data["suggestions"]]
    assert "الميليشيات في الجنوب" in titles and "الميليشيات لا تلعب الكرة" in titles
    assert all(s["url"].startswith("/") for s in data["suggestions"])
    # A stem or a word typed without its article also completes.
    assert client.get("/search/suggest/", {"q": "ميليش"}, HTTP_ACCEPT="application/json").json()["suggestions"]
    html = client.get("/search/suggest/", {"q": "المو"}).content.decode()
    assert "خبر الموانئ رقم 0" in html and "<a href=" in html


def test_unpublished_articles_are_not_found(client, home):
    from miftah.news.tests.factories import make_article, make_section

    section = make_section(home, "سياسة", slug="politics")
    draft = make_article(section, "مسودة عن الميليشيات", publish=False)
    assert draft.pk not in [pk for pk, _ in engine.search("ميليشيات").hits]


def test_a_page_past_the_last_result_still_reports_the_total(newsroom_search, monkeypatch):
    full = engine.search("الموانئ", limit=50)
    past = engine.search("الموانئ", offset=100)
    assert (past.hits, past.total, past.capped) == ([], full.total, False) and full.total == 12
    monkeypatch.setattr(site, "MATCH_WINDOW", 5)
    past = engine.search("الموانئ", offset=100)
    assert (past.hits, past.total, past.capped) == ([], 5, True)


def test_matches_that_are_all_drafts_count_as_nothing(home):
    from miftah.news.tests.factories import make_article, make_section

    section = make_section(home, "سياسة", slug="politics")
    make_article(section, "مسودة عن الزعفران", publish=False)
    page = engine.search("الزعفران")
    assert (page.hits, page.total, page.capped) == ([], 0, False)


def test_a_query_matching_more_than_the_window_is_counted_as_more_than(client, newsroom_search, monkeypatch):
    # The window bounds the work of very common words: only its newest matches are ranked, the count says "more".
    full = engine.search("الموانئ", sort="newest", limit=50)
    monkeypatch.setattr(site, "MATCH_WINDOW", 5)
    capped = engine.search("الموانئ", sort="newest", limit=50)
    assert (full.total, full.capped) == (12, False) and (capped.total, capped.capped) == (5, True)
    full_order = [pk for pk, _ in full.hits]
    window = [pk for pk, _ in capped.hits]
    assert len(window) == 5 and window == [pk for pk in full_order if pk in window]  # still newest first
    assert set(window) == set(sorted(full_order)[-5:])  # the five most recently indexed
    assert len(engine.search("الموانئ", limit=50).hits) == 5
    response = client.get("/search/", {"q": "الموانئ"})
    assert response.context["capped"] and "أكثر من" in response.content.decode()
    assert engine.search("الموانئ", offset=5).hits == []


def test_the_results_page_runs_the_same_number_of_queries_for_one_result_or_ten(client, newsroom_search, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.MIFTAH_PAGE_CACHE = False
    counts = {}
    for query in ("الموانئ", "الميليشيات في الجنوب"):
        client.get("/search/", {"q": query})
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/search/", {"q": query})
        counts[len(response.context["results"])] = len(captured.captured_queries)
    assert set(counts) >= {10} and len(set(counts.values())) == 1, counts


def test_entity_filter_keeps_articles_tagged_with_the_dossier(client, newsroom_search):
    from miftah.dossiers.models import ArticleEntity, Entity

    data = newsroom_search
    entity = Entity.objects.create(canonical="كيان للاختبار", type="organisation")
    ArticleEntity.objects.create(article_id=data["old"].pk, entity=entity, status=ArticleEntity.ACCEPTED, count=1)
    response = client.get("/search/", {"q": "ميليشيات", "entity": entity.slug})
    assert _ids(response) == [data["old"].pk]
    assert f'<option value="{entity.slug}" selected>' in response.content.decode()
    # An unknown dossier is ignored, like any filter that does not parse.
    assert len(_ids(client.get("/search/", {"q": "ميليشيات", "entity": "لا-يوجد"}))) == 3


def test_the_window_is_the_newest_matches_however_far_back_they_lie(newsroom_search, monkeypatch):
    # PostgreSQL searches the newest entries first and reaches further back as needed; whatever the first span,
    # the window must be exactly the newest matches (SQLite's FTS5 walk gives them directly).
    from miftah.search.backends import postgres

    monkeypatch.setattr(site, "MATCH_WINDOW", 5)
    monkeypatch.setattr(postgres, "ID_BLOCK", 1)  # blocks of one id, so that these few entries need several steps
    expected = {pk for pk, _ in engine.search("الموانئ", sort="newest", limit=50).hits}
    assert len(expected) == 5
    for span in (1, 2, 3, 7, 100_000):
        monkeypatch.setattr(postgres, "FIRST_SPAN", span)
        page = engine.search("الموانئ", sort="newest", limit=50)
        assert ({pk for pk, _ in page.hits}, page.total, page.capped) == (expected, 5, True), span


def test_postgres_has_the_index_that_finds_the_newest_matches(db):
    from django.db import connection
    from modelsearch.conf import get_app_config

    table = get_app_config().get_model("IndexEntry")._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'miftah_search_body_recent_gin'")
            (definition,) = cursor.fetchone()
            from miftah.search.backends.postgres import ID_BLOCK

            assert f"ON public.{table} USING gin (body, ((id / {ID_BLOCK})))" in definition
            cursor.execute("SELECT reloptions FROM pg_class WHERE relname = %s", [table])
            assert "toast_tuple_target=128" in cursor.fetchone()[0]
            # The function that searches the newest entries first, in the server (migration 0002).
            cursor.execute("SELECT to_regprocedure('miftah_search_newest(tsquery, integer, integer, integer, integer, integer)')")
            assert cursor.fetchone()[0] is not None
        else:  # SQLite: FTS5 walks its doclists newest first, no such index
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
            assert "miftah_search_body_recent_gin" not in {row[0] for row in cursor.fetchall()}


def test_articles_under_a_view_restriction_are_never_found(client, newsroom_search):
    # A password on the section hides its articles from the search at once, with or without a narrowing filter.
    from wagtail.models import PageViewRestriction

    data = newsroom_search
    everything = {pk for pk, _ in engine.search("ميليشيات").hits}
    assert {data["old"].pk, data["new"].pk, data["sport_article"].pk} <= everything
    PageViewRestriction.objects.create(page=data["politics"], restriction_type=PageViewRestriction.PASSWORD,
                                       password="سر")
    assert {pk for pk, _ in engine.search("ميليشيات").hits} == {data["sport_article"].pk}
    assert engine.search("ميليشيات", engine.SearchFilters(section_path=data["politics"].path)).hits == []
    assert engine.search("الموانئ").total == 0
    assert _ids(client.get("/search/", {"q": "ميليشيات"})) == [data["sport_article"].pk]


def test_a_filtered_search_leaves_the_planner_settings_as_they_were(newsroom_search):
    # PostgreSQL switches plain index scans, sequential scans and JIT off for a filtered search, locally to the
    # transaction — which may be the caller's (here the test's): they must be back afterwards.
    from django.db import connection

    section = newsroom_search["old"].get_parent()
    settings = ("enable_seqscan", "enable_indexscan", "jit")

    def current():
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(f"current_setting('{name}')" for name in settings))
            return cursor.fetchone()

    before = current()
    page = engine.search("ميليشيات", engine.SearchFilters(section_path=section.path))
    assert newsroom_search["old"].pk in [pk for pk, _ in page.hits]
    assert current() == before


def test_a_body_stored_as_a_json_string_still_gives_a_snippet(client, home):
    """A body written as JSON text into the column (an import, an update()) is stored as a JSON string holding the
    JSON; Wagtail reads it twice, and so do the snippets, which read the column as stored."""
    from miftah.news.models import ArticlePage
    from miftah.news.tests.factories import make_article, make_section, paragraphs, settled

    section = make_section(home, "سياسة", slug="politics")
    article = make_article(section, "الوفد في بغداد", body=("زار الوفد بغداد أمس.",))
    with settled():
        ArticlePage.objects.filter(pk=article.pk).update(body=paragraphs("وصل الوفد إلى بغداد صباحاً."))
    response = client.get("/search/", {"q": "بغداد"})
    assert response.status_code == 200
    assert "<mark>بغداد</mark>" in response.content.decode()
