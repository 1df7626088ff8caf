"""The lexicon's tables are written out by hand: check each against what it says it is."""

import subprocess
import sys
from pathlib import Path

import miftah

from miftah.arabic.lexicon import (
    ARTICLE,
    ARTICLE_PREFIXES,
    CONJUNCTIONS,
    LAM_ARTICLE,
    NAME_PREFIXES,
    NAME_STOP_WORDS,
    POSSESSIVE_SUFFIXES,
    PREPOSITIONS,
    PROCLITICS,
    PROCLITICS_BEFORE_ARTICLE,
    PRONOUN_SUFFIXES,
    STOPWORDS,
    SUFFIXES,
    is_stopword,
)
from miftah.arabic.normalize import normalize


def test_proclitics_are_a_conjunction_a_preposition_or_both():
    combinations = {c + p for c in ("", *CONJUNCTIONS) for p in ("", *PREPOSITIONS)} - {""}
    assert set(PROCLITICS) == combinations and len(PROCLITICS) == len(combinations)
    # shorter first: a loop that returns its first hit tries و before وب
    assert list(PROCLITICS) == sorted(PROCLITICS, key=len)


def test_before_the_article_lam_merges_and_the_others_attach():
    assert PROCLITICS_BEFORE_ARTICLE == tuple(p for p in PROCLITICS if not p.endswith("ل"))
    assert set(LAM_ARTICLE) == {c + "لل" for c in ("", *CONJUNCTIONS)}


def test_article_prefixes_are_the_article_with_every_proclitic_longest_first():
    expected = {p + ARTICLE for p in ("", *PROCLITICS_BEFORE_ARTICLE)} | set(LAM_ARTICLE)
    assert set(ARTICLE_PREFIXES) == expected and len(ARTICLE_PREFIXES) == len(expected)
    assert list(ARTICLE_PREFIXES) == sorted(ARTICLE_PREFIXES, key=len, reverse=True)


def test_name_prefixes_are_one_letter_or_an_article_form_with_at_most_one_letter_before_it():
    single_letters = {*CONJUNCTIONS, *PREPOSITIONS}
    article_forms = {ARTICLE, "لل"}
    allowed = single_letters | article_forms | {c + a for c in single_letters for a in article_forms} & set(
        ARTICLE_PREFIXES)
    assert set(NAME_PREFIXES) == allowed
    assert list(NAME_PREFIXES) == sorted(NAME_PREFIXES, key=len)


def test_suffix_tables():
    assert POSSESSIVE_SUFFIXES <= set(SUFFIXES)
    assert not set(PRONOUN_SUFFIXES) & set(SUFFIXES)


def test_every_entry_is_in_normal_form():
    for table in (PROCLITICS, PROCLITICS_BEFORE_ARTICLE, LAM_ARTICLE, ARTICLE_PREFIXES, NAME_PREFIXES, SUFFIXES,
                  PRONOUN_SUFFIXES, STOPWORDS, NAME_STOP_WORDS):
        assert all(normalize(entry) == entry for entry in table), table


def test_a_name_ends_at_every_stop_word():
    assert STOPWORDS < NAME_STOP_WORDS
    assert {"قال", "اكد", "الاحد", "السابق"} <= NAME_STOP_WORDS - STOPWORDS


def test_is_stopword_takes_raw_and_normalised_tokens():
    assert is_stopword("إلى") and is_stopword("الي") and not is_stopword("العراق")


def test_the_lexicon_imports_no_django():
    code = "import sys, miftah.arabic.lexicon, miftah.arabic.stem; print('django' in sys.modules)"
    project = Path(miftah.__file__).resolve().parents[1]
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=project)
    assert run.stdout == "False\n"
