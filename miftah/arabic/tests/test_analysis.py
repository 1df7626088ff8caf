"""Tests for miftah.arabic.tokenize, stopwords, synonyms and the analysis pipeline."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from miftah.arabic.analysis import analyze, analyze_query, analyze_tokens
from miftah.arabic.stem import Stemmer
from miftah.arabic.lexicon import STOPWORDS, is_stopword
from miftah.arabic.synonyms import expand, synonym_key
from miftah.arabic.tokenize import Token, tokenize


def test_tokens_keep_marks_tatweel_and_zwnj_inside_words_with_original_offsets():
    text = "الْمُقَاوَمَةُ في القـــدس می\u200cخواهم"
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["الْمُقَاوَمَةُ", "في", "القـــدس", "می\u200cخواهم"]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_tokens_split_scripts_and_keep_numbers_in_any_digit_script():
    tokens = tokenize("وCNN قالت: 3.5% ١٬٠٠٠ café F-16")
    assert [t.text for t in tokens] == ["و", "CNN", "قالت", "3.5", "١٬٠٠٠", "café", "F", "16"]
    assert tokens[1] == Token("CNN", 1, 4)


def test_tatweel_alone_is_not_a_word():
    assert tokenize("ـــ — ...") == []


ANALYSIS_CASES = [
    ("الميليشيات والميليشيات للميليشيات", ["ميليش"] * 3),
    ("المقاومة مقاومة فالمقاومة المقاومه", ["مقاوم"] * 4),
    ("إسرائيل اسرائيل", ["اسرائيل"] * 2),
    ("الْمُقَاوَمَةُ الفِلَسْطِينِيَّةُ", ["مقاوم", "فلسطين"]),
    ("المقـــاومة", ["مقاوم"]),
    ("\u202bالمقاومة\u202c \u200fبيروت\u200e", ["مقاوم", "بيروت"]),
    ("قالت CNN إن NATO", ["قالت", "cnn", "ان", "nato"]),
    ("وزير فصائل", ["وزير", "فصائل"]),
    ("طهران لطهران بيروت", ["طهران", "طهران", "بيروت"]),
    ("عام ٢٠٢٤ و۱۴۰۳", ["عام", "2024", "و", "1403"]),
    ("ﷺ", ["صل", "الله", "عل", "سلم"]),
]


@pytest.mark.parametrize(("text", "expected"), ANALYSIS_CASES)
def test_analyze_real_cases(text, expected):
    assert analyze(text) == expected


def test_analyze_tokens_point_back_to_the_original_words():
    text = "هاجمت الميليشياتُ مدرسةً في لطهران"
    pairs = analyze_tokens(text)
    assert [term for term, _ in pairs] == analyze(text)
    term, token = pairs[1]
    assert term == "ميليش"
    assert text[token.start : token.end] == "الميليشياتُ"
    assert pairs[-1][1].text == "لطهران"


def test_stopwords_are_dropped_only_on_request():
    text = "قال إن الوزير في بيروت"
    assert "في" in analyze(text)
    assert analyze(text, stopwords=True) == ["قال", "وزير", "بيروت"]
    assert is_stopword("إلى") and is_stopword("على") and not is_stopword("المقاومة")
    assert len(STOPWORDS) > 80


def test_synonyms_join_broken_plurals_and_spellings():
    assert synonym_key("مدارس") == synonym_key("مدرسة")
    assert synonym_key("هجمات") == synonym_key("هجوم")
    assert synonym_key("ميليشيا") == synonym_key("مليشيا") == synonym_key("الميليشيات")
    assert expand("صواريخ") >= {"صاروخ", "صواريخ"}
    assert expand("مجهول") == {"مجهول"}
    # فِرَق is the plural of فريق ("team") as of فرقة: الفرق and فرقة (stemmed فرق) reach a team and back.
    assert synonym_key("الفرق") == synonym_key("فرقة") == synonym_key("فريق")
    assert expand("فريقين") >= {"فريق", "فرق"}


def test_query_expands_and_never_empties():
    query = analyze_query("في المدارس")
    assert [q.term for q in query] == ["مدارس"]
    assert "مدرس" in query[0].alternatives
    only_stopwords = analyze_query("في من")
    assert [q.term for q in only_stopwords] == ["في", "من"]
    assert analyze_query("   ") == []


arabic_ish = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىة") + list("ًٌٍَُِّْـ\u200c\u200f ﻻﷺ،.٣3aZ")),
    max_size=60,
)


@settings(max_examples=300, deadline=None)
@given(arabic_ish | st.text(max_size=60))
def test_analyze_is_idempotent_and_never_crashes(text):
    terms = analyze(text)
    assert analyze(" ".join(terms)) == terms
    stop_filtered = analyze(text, stopwords=True)
    assert analyze(" ".join(stop_filtered), stopwords=True) == stop_filtered
    assert [term for term, _ in analyze_tokens(text)] == terms
    query = analyze_query(text)
    assert bool(query) == bool(terms)
    for term, token in analyze_tokens(text):
        assert text[token.start : token.end] == token.text


spaced = st.text(alphabet=st.sampled_from(list("ابتوالكمةﻻﷺ،.٣3aZ-'") + list(" \t\n\xa0\u2028\u3000\x1c\x85\u200b")),
                 max_size=60)


@settings(max_examples=300, deadline=None)
@given(arabic_ish | spaced | st.text(max_size=60))
def test_analysis_by_cached_chunks_is_the_token_by_token_analysis(text):
    """The default stemmer's terms are cached per whitespace-separated chunk; another stemmer goes token by token."""
    from miftah.arabic.stem import default_stemmer

    twin = Stemmer()
    twin._protected = dict(default_stemmer._protected)
    for stopwords in (False, True):
        assert analyze(text, stopwords=stopwords) == analyze(text, stopwords=stopwords, stemmer=twin)
        assert analyze(text, stopwords=stopwords) == analyze(text, stopwords=stopwords)   # cached the second time


def test_cached_terms_follow_names_protected_later(monkeypatch):
    from miftah.arabic import stem

    monkeypatch.setattr(stem.default_stemmer, "_protected", dict(stem.default_stemmer._protected))
    before = analyze("والمحاسبون")
    stem.protect_names(["المحاسبون"])
    try:
        assert analyze("والمحاسبون") != before == ["محاسب"]
        assert analyze("والمحاسبون") == ["محاسبون"]
    finally:
        monkeypatch.undo()
        stem.protect_names([])   # the caches built with the extra name are emptied
    assert analyze("والمحاسبون") == before


# query word, the stem of its glued-preposition reading (None: no second reading)
GLUED_READINGS = [
    ("بحكمه", "حكم"),      # ب + حكمه
    ("لبنك", "بنك"),       # ل + بنك
    ("وبحكمه", "حكم"),     # و + ب + حكمه
    ("لطعن", "طعن"),
    ("بوجه", "وج"),        # the rest has three letters; its stem is what وجه gives everywhere
    ("بالحكم", None),      # the article form: light stemming already strips it
    ("للبنك", None),
    ("بعد", None),         # two letters would be left
    ("حكم", None),         # no preposition
]


@pytest.mark.parametrize("word, reading", GLUED_READINGS)
def test_glued_preposition_is_a_second_reading_only_on_request(word, reading):
    (plain,) = analyze_query(word)
    (glued,) = analyze_query(word, glued=True)
    assert plain.term == glued.term == analyze(word)[0]
    if reading is None:
        assert glued.alternatives == plain.alternatives
    else:
        assert reading not in plain.alternatives and reading in glued.alternatives
        assert plain.alternatives <= glued.alternatives
        assert set(expand(reading)) <= glued.alternatives   # and the reading's synonyms
