"""The bridge between Miftah's Arabic analyser and the search index.

Every backend stores *analysed* text (normalised, stop words out, light-stemmed) and turns a reader's
query into groups of analysed alternatives, so the same analysis runs when indexing and when querying:

* ``index_text(value)``: what goes into the ``title``/``body`` columns;
* ``autocomplete_text(value)``: normalised words *and* their stems, for prefix matching;
* ``query_groups(text)`` / ``autocomplete_groups(text)``: a list of ``Group`` (one per query word:
  its stem, the stems of its synonyms, and for autocomplete the prefixes to match), rendered by
  ``fts5_expression`` (SQLite) or ``tsquery_expression`` (PostgreSQL).

Every call takes the ``language`` of the text (an edition's language code, ``miftah.search.editions``): an
English page is indexed and an English edition's query analysed with ``miftah.search.english``; without one, the
default language's analysis (Arabic) runs, as before editions.

Protected names (places, people, organisations of the dossiers starter list) are registered with the
default stemmer once, at app start (``ensure_protected_names``), so indexing and querying agree in
every process.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from miftah.arabic.analysis import analyze, analyze_query
from miftah.arabic.normalize import normalize
from miftah.arabic.tokenize import TOKEN_PATTERN
from miftah.search.editions import ARABIC, analysis_for

MAX_QUERY_CHARS = 400
MAX_QUERY_TERMS = 16
MIN_STEM_PREFIX = 3

_protected_lock = threading.Lock()
_protected_loaded = False


def ensure_protected_names():
    """Register the dossiers' starter names with the default stemmer (once per process, ~0.1 s)."""
    global _protected_loaded
    if _protected_loaded:
        return
    with _protected_lock:
        if _protected_loaded:
            return
        from miftah.arabic.stem import protect_names
        from miftah.dossiers.matching import EntityMatcher, load_entities

        protect_names(EntityMatcher(load_entities()).protected_names())
        _protected_loaded = True


class Group(NamedTuple):
    exact: frozenset[str]  # match any of these whole terms
    prefixes: frozenset[str] = frozenset()  # or any term starting with one of these


def clean_query(text) -> str:
    """A query safe to analyse: str, length-limited, no NUL or lone surrogates."""
    text = str(text or "")[:MAX_QUERY_CHARS]
    return text.encode("utf-8", "replace").decode("utf-8").replace("\x00", " ")


def index_text(value: str, language: str | None = None) -> str:
    ensure_protected_names()
    if language is not None and analysis_for(language) is not ARABIC:
        return " ".join(analysis_for(language).analyze(value, stopwords=True))
    return " ".join(analyze(value, stopwords=True))


def autocomplete_text(value: str, language: str | None = None) -> str:
    ensure_protected_names()
    if language is not None and analysis_for(language) is not ARABIC:
        analysis = analysis_for(language)
        return " ".join(dict.fromkeys(analysis.words(value) + analysis.analyze(value)))
    words = [m.group() for m in TOKEN_PATTERN.finditer(normalize(value))]
    stems = analyze(value)
    seen = dict.fromkeys(words + stems)
    return " ".join(seen)


def query_groups(text: str, *, glued: bool = False, language: str | None = None) -> list[Group]:
    """One Group a query word; ``glued``: with the second reading of a glued preposition (see ``analyze_query``)."""
    ensure_protected_names()
    terms = analysis_for(language).analyze_query(clean_query(text), glued=glued)[:MAX_QUERY_TERMS]
    return [Group(frozenset(term.alternatives)) for term in terms]


def phrase_terms(text: str, language: str | None = None) -> list[str]:
    ensure_protected_names()
    analyse = analysis_for(language).analyze
    return analyse(clean_query(text), stopwords=True)[:MAX_QUERY_TERMS] or analyse(clean_query(text))[:MAX_QUERY_TERMS]


def autocomplete_groups(text: str, language: str | None = None) -> list[Group]:
    """Whole-word groups for all but the last word; the last word also matches as a prefix."""
    ensure_protected_names()
    analysis = analysis_for(language)
    raw = [m.group() for m in TOKEN_PATTERN.finditer(clean_query(text))][:MAX_QUERY_TERMS]
    if not raw:
        return []
    if analysis is not ARABIC:
        # English words keep their apostrophes («Iran's»): the last word is the text after the last space.
        head_text, _, last = clean_query(text).strip().rpartition(" ")
        head = [head_text] if head_text.strip() else []
    else:
        *head, last = raw
    groups = query_groups(" ".join(head), language=language) if head else []
    normalised = analysis.words(last)
    if not normalised:
        return groups
    stems = analysis.analyze(last)
    exact = set()
    for stem in stems:
        exact |= set(analysis.expand(stem)) | {stem}
    prefixes = {normalised[-1]} | {stem for stem in stems if len(stem) >= MIN_STEM_PREFIX}
    groups.append(Group(frozenset(exact), frozenset(prefixes)))
    return groups


def with_english_forms(groups: list[Group]) -> list[Group]:
    """Groups that also match the English edition's forms of their Latin words («elections» also «elect»).

    For Wagtail's own searches (the admin's page search and choosers), which read every edition at once: the query is
    analysed the default way, and a word in Latin script may be in an English page, indexed by its English stem."""
    from miftah.search import english

    widened = []
    for group in groups:
        exact, prefixes = set(group.exact), set(group.prefixes)
        for term in group.exact:
            if not english.has_arabic(term):
                exact.update(english.analyze(term))
        for prefix in group.prefixes:
            if not english.has_arabic(prefix):
                prefixes.update(stem for stem in english.analyze(prefix) if len(stem) >= MIN_STEM_PREFIX)
        widened.append(Group(frozenset(exact), frozenset(prefixes)))
    return widened


def fts5_expression(groups: list[Group], operator: str = "and") -> str:
    """An FTS5 MATCH expression: ``("a" OR "b" OR "c"*) AND (...)``; terms are quoted, never operators."""
    joiner = " OR " if operator.lower() == "or" else " AND "
    parts = []
    for group in groups:
        alternatives = [_fts5_quote(term) for term in sorted(group.exact)]
        alternatives += [_fts5_quote(prefix) + "*" for prefix in sorted(group.prefixes)]
        parts.append("(" + " OR ".join(alternatives) + ")")
    return joiner.join(parts)


def fts5_phrase(terms: list[str]) -> str:
    return _fts5_quote(" ".join(terms))


def tsquery_expression(groups: list[Group], operator: str = "and") -> str:
    """A PostgreSQL to_tsquery text: ``('a' | 'b' | 'c':*) & (...)``."""
    joiner = " | " if operator.lower() == "or" else " & "
    parts = []
    for group in groups:
        alternatives = [_ts_quote(term) for term in sorted(group.exact)]
        alternatives += [_ts_quote(prefix) + ":*" for prefix in sorted(group.prefixes)]
        parts.append("(" + " | ".join(alternatives) + ")")
    return joiner.join(parts)


def tsquery_phrase(terms: list[str]) -> str:
    return " <-> ".join(_ts_quote(term) for term in terms)


def _fts5_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _ts_quote(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"
