"""Ranking: an article whose headline holds every query word, in any of its forms, comes before follow-up stories
whose headlines hold some of the words as typed (their text holding the rest), on every backend."""

from datetime import timedelta

import pytest
from django.utils import timezone

from miftah.search import engine, site, text


@pytest.fixture
def follow_ups(home, django_capture_on_commit_callbacks):
    """A run of stories on one subject: the oldest headline has all three words of the query (inflected), the four
    newer ones two of them as typed, and the third — as typed, several times — in their text."""
    from miftah.news.tests.factories import make_article, make_section

    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        section = make_section(home, "سياسة", slug="politics")
        target = make_article(section, "حكومة تركيا تبعث رسالتين إلى جيرانها في المنطقة",
                              body=("تفاصيل عن الرسائل ومضمونها ومن تلقاها.",), when=now - timedelta(days=20))
        others = [
            make_article(section, f"تركيا ترد على الرسالة {number}",
                         body=(f"قالت حكومتها إن الرسالة وصلت. حكومتها لم تعلق. حكومتها تدرس الرد {number}.",),
                         when=now - timedelta(days=number))
            for number in range(1, 5)
        ]
    return target, others


def test_the_headline_with_every_word_in_any_form_comes_first(follow_ups):
    target, others = follow_ups
    page = engine.search("حكومتها رسالة تركيا")
    ids = [pk for pk, _ in page.hits]
    assert set(ids) == {target.pk, *(o.pk for o in others)}
    assert ids[0] == target.pk
    # The newer follow-ups keep their own order after it (relevance × freshness).
    assert [pk for pk, _ in engine.search("حكومتها رسالة تركيا", sort="newest").hits][-1] == target.pk


def test_the_any_word_fallback_ranks_by_how_many_words_the_article_holds(follow_ups):
    target, others = follow_ups
    # No article has «زلزال»: every word, then any word. The follow-ups hold three of the other four words
    # (verbatim, repeated), the oldest article all four (جيرانها in its headline): it comes first.
    page = engine.search("حكومتها رسالة تركيا جيرانها زلزال")
    assert page.operator == "or" and page.hits[0][0] == target.pk
    assert {pk for pk, _ in page.hits} == {target.pk, *(o.pk for o in others)}


def test_a_glued_preposition_is_read_off_a_query_word(follow_ups):
    target, _ = follow_ups
    # «بحكومة» is not stemmed (a radical ب is too common to strip at index time); the query also reads it as
    # ب + حكومة, and the article whose headline holds every word still comes first.
    assert engine.search("بحكومة تركيا رسالة").hits[0][0] == target.pk


@pytest.mark.parametrize("headline, query, covered", [
    ("حكوم تركيا رسال جديد", "حكومتها رسالة تركيا", 3),   # every word, in other forms
    ("تركيا ترد رسال", "حكومتها رسالة تركيا", 2),
    ("", "حكومتها رسالة تركيا", 0),
    ("مدارس جديد", "مدرسة", 1),  # a synonym's stem counts as the word (broken plural table)
])
def test_headline_coverage_counts_query_words_not_terms(headline, query, covered):
    assert site.headline_coverage(text.query_groups(query), headline) == covered


def test_rank_window_orders_by_coverage_then_score_and_newest_by_date():
    groups = text.query_groups("حكومتها رسالة")
    rows = [(1, 9.0, 1.0, 30.0, "رسال"), (2, 1.0, 1.0, 10.0, "حكوم رسال"), (3, 5.0, 1.2, 20.0, "رسال")]
    assert [pk for pk, _ in site.rank_window(rows, groups, sort="relevance", offset=0, limit=10)] == [2, 1, 3]
    assert site.rank_window(rows, groups, sort="relevance", offset=1, limit=1) == [(1, 9.0)]
    assert [pk for pk, _ in site.rank_window(rows, groups, sort="newest", offset=0, limit=10)] == [1, 3, 2]
    # Any word (rows with their text): the words the whole article holds, then the score.
    rows = [(1, 9.0, 1.0, 30.0, "رسال", "خبر"), (2, 1.0, 1.0, 10.0, "رسال", "حكوم"), (3, 5.0, 1.0, 20.0, "", "رسال")]
    assert [pk for pk, _ in site.rank_window(rows, groups, sort="relevance", offset=0, limit=10,
                                              operator="or")] == [2, 1, 3]


@pytest.fixture
def buried_headline(home, django_capture_on_commit_callbacks):
    """An older article whose headline holds every word of the query, and newer ones — more than the window holds —
    whose texts hold them all and whose headlines hold one."""
    from miftah.news.tests.factories import make_article, make_section

    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        section = make_section(home, "دولي", slug="world")
        target = make_article(section, "إيران تتمسك بالاتفاق النووي رغم الضغوط",
                              body=("تصريحات المسؤولين في طهران.",), when=now - timedelta(days=90))
        newer = [
            make_article(section, f"تطورات الملف النووي {number}",
                         body=(f"قالت إيران إن الاتفاق قائم. الاتفاق والبرنامج النووي ومفاوضات إيران {number}.",),
                         when=now - timedelta(days=number))
            for number in range(1, 9)
        ]
    return target, newer


def test_an_older_headline_with_every_word_is_found_beyond_a_full_window(buried_headline, monkeypatch):
    target, newer = buried_headline
    monkeypatch.setattr(site, "MATCH_WINDOW", 5)
    page = engine.search("الاتفاقان إيران النووي")
    # The window holds the five newest matches, all follow-ups; the headlines' own window adds the older article,
    # which holds every word in its headline and so comes first. The count is still the window's.
    assert page.capped and page.total == 5
    assert page.hits[0][0] == target.pk
    assert len(page.hits) == 6
    # Newest first is the window's order: the older article is not brought in.
    assert target.pk not in [pk for pk, _ in engine.search("الاتفاقان إيران النووي", sort="newest").hits]


def test_the_headline_window_reads_only_the_newest_headline_window_headlines(buried_headline, monkeypatch,
                                                                             django_capture_on_commit_callbacks):
    from miftah.news.tests.factories import make_article

    target, newer = buried_headline
    section = target.get_parent()
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        # A second headline with every word, indexed after the target, then five follow-ups that fill the window.
        second = make_article(section, "النووي: إيران والاتفاق بعد عام", body=("تحليل.",), when=now - timedelta(days=60))
        for number in range(5):
            make_article(section, f"متابعة الملف النووي {number}",
                         body=(f"إيران والاتفاق النووي: جولة جديدة {number}.",), when=now - timedelta(hours=number))
    monkeypatch.setattr(site, "MATCH_WINDOW", 5)
    monkeypatch.setattr(site, "HEADLINE_WINDOW", 1)
    found = [pk for pk, _ in engine.search("الاتفاقان إيران النووي").hits]
    # Both are below the window; a headline window of one reads the newer match of the index only.
    assert found[0] == second.pk
    assert target.pk not in found
    monkeypatch.setattr(site, "HEADLINE_WINDOW", 2)
    found = [pk for pk, _ in engine.search("الاتفاقان إيران النووي").hits]
    assert {target.pk, second.pk} == set(found[:2])


def test_the_headline_window_is_not_read_when_the_window_saw_every_match(buried_headline):
    target, newer = buried_headline
    page = engine.search("الاتفاقان إيران النووي")
    assert not page.capped and page.total == 9
    assert page.hits[0][0] == target.pk


@pytest.mark.parametrize("capped, sort, operator, words, wanted", [
    (True, "relevance", "and", 3, True),
    (False, "relevance", "and", 3, False),  # the window saw every match
    (True, "newest", "and", 3, False),  # newest first: the window's order is the answer
    (True, "relevance", "or", 3, False),  # any word: headlines holding every word cannot exist
    (True, "relevance", "and", 1, False),  # one word: coverage cannot tell an article from its follow-ups
])
def test_when_the_headline_window_is_read(capped, sort, operator, words, wanted):
    groups = text.query_groups(" ".join(["إيران", "الاتفاق", "النووي"][:words]))
    assert site.wants_headline_window(groups, capped=capped, sort=sort, operator=operator) is wanted


def test_one_word_twice_is_one_word_for_the_headline_window():
    groups = text.query_groups("للأول الأول")
    assert len(groups) == 2
    assert not site.wants_headline_window(groups, capped=True, sort="relevance", operator="and")


def test_merge_headline_rows_keeps_the_window_and_adds_what_it_lacks():
    window = [(1, 2.0, 1.0, 30.0, "a"), (2, 1.0, 1.0, 20.0, "b")]
    headlines = [(2, 0.5, 1.0, 20.0, "b"), (3, 0.7, 1.0, 5.0, "c")]
    assert [row[0] for row in site.merge_headline_rows(window, headlines)] == [1, 2, 3]


def test_a_filtered_search_reads_the_headline_window_too(buried_headline, monkeypatch):
    target, newer = buried_headline
    monkeypatch.setattr(site, "MATCH_WINDOW", 5)
    filters = site.SearchFilters(section_path=target.get_parent().path)
    page = engine.search("الاتفاقان إيران النووي", filters)
    assert page.capped and page.hits[0][0] == target.pk
