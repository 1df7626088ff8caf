"""The analysis pipeline used at index time and at query time: tokenize → normalize → stem.

* ``analyze(text)``: the terms to index (and to search for), in text order.
* ``analyze_tokens(text)``: the same terms paired with the original-text token each came from,
  for highlighting.
* ``analyze_query(text)``: terms for a user query, each with its synonym expansion; stop words
  are dropped only if that leaves something.

Each token of the original text is normalised on its own, and the normalised token is split
again with the same tokenizer, because NFKC can expand one character into several words (ﷺ).
Arabic words are stemmed; other words are only normalised (lowercased); numbers keep their
digits in ASCII. ``analyze`` is idempotent: ``analyze(" ".join(analyze(x))) == analyze(x)``.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from miftah.arabic.normalize import normalize
from miftah.arabic.stem import Stemmer, default_stemmer
from miftah.arabic.lexicon import ARTICLE_PREFIXES, GLUED_PREPOSITIONS, MIN_GLUED_STEM, STOPWORDS
from miftah.arabic.synonyms import expand
from miftah.arabic.tokenize import TOKEN_PATTERN, Token

__all__ = ["analyze", "analyze_tokens", "analyze_query", "QueryTerm"]

_PIECES_CACHE_LIMIT = 200_000
# raw token -> ((normalised piece, is Arabic letters only), ...)
_pieces_cache: dict[str, tuple[tuple[str, bool], ...]] = {}
# The tokenizer's pattern without its named groups: findall then gives the raw tokens themselves.
_RAW_TOKEN = re.compile(re.sub(r"\(\?P<\w+>", "(?:", TOKEN_PATTERN.pattern))
_TERMS_CACHE_LIMIT = 50_000   # chunks per cache (a few MB; the stems of what falls out stay cached)
# For the default stemmer: whitespace-separated chunk of text -> its terms, with and without stop words; emptied
# when a stem may change. No token spans whitespace, so a text's terms are its chunks' terms in order, and a chunk
# seen before costs one lookup instead of a regular-expression scan.
_terms_caches: dict[bool, dict[str, tuple[str, ...]]] = {False: {}, True: {}}
_token_caches: dict[bool, dict[str, tuple[str, ...]]] = {False: {}, True: {}}  # raw token -> its terms
_terms_generation = -1


class QueryTerm(NamedTuple):
    term: str  # the analysed query word, as ``analyze`` gives it
    alternatives: frozenset[str]  # the term and its synonyms' stems: match any of them


def _pieces(raw_token: str) -> tuple[tuple[str, bool], ...]:
    pieces = _pieces_cache.get(raw_token)
    if pieces is None:
        pieces = tuple(
            (match.group(), match.lastgroup == "arabic" and match.group().isalpha())
            for match in TOKEN_PATTERN.finditer(normalize(raw_token))
        )
        if len(_pieces_cache) >= _PIECES_CACHE_LIMIT:
            _pieces_cache.clear()
        _pieces_cache[raw_token] = pieces
    return pieces


def analyze_tokens(
    text: str, *, stopwords: bool = False, stemmer: Stemmer | None = None
) -> list[tuple[str, Token]]:
    """``(term, token)`` pairs in text order; ``token`` offsets index the original ``text``.

    One token can give several terms (a ligature like ﷺ expands to four words). With
    ``stopwords=True`` stop words are left out.
    """
    if stemmer is not None and stemmer is not default_stemmer:
        stem = stemmer.stem
        cache: dict[str, tuple[str, ...]] = {}
    else:  # the default stemmer's terms of a token are kept, as analyze() keeps a chunk's (snippets re-read leads)
        stem = default_stemmer.stem
        cache = _current_caches(_token_caches)[stopwords]
    get = cache.get
    new_token = Token._make
    pairs: list[tuple[str, Token]] = []
    append = pairs.append
    for match in TOKEN_PATTERN.finditer(text):  # the loop every snippet runs over a lead: kept tight
        raw = match.group()
        terms = get(raw)
        if terms is None:
            terms = _token_terms(raw, stopwords, stem)
            if len(cache) >= _TERMS_CACHE_LIMIT:
                cache.clear()
            cache[raw] = terms
        if terms:
            token = new_token((raw, *match.span()))
            for term in terms:
                append((term, token))
    return pairs


def analyze(text: str, *, stopwords: bool = False, stemmer: Stemmer | None = None) -> list[str]:
    """The index terms of ``text`` in order; ``stopwords=True`` drops stop words."""
    if stemmer is not None and stemmer is not default_stemmer:
        return _analyze_uncached(text, stopwords, stemmer)
    cache = _current_caches(_terms_caches)[stopwords]
    get = cache.get
    terms: list[str] = []
    for chunk in text.split():
        found = get(chunk)
        if found is None:
            found = tuple(term for raw in _raw_tokens(chunk)
                          for term in _token_terms(raw, stopwords, default_stemmer.stem))
            if len(cache) >= _TERMS_CACHE_LIMIT:
                cache.clear()
            cache[chunk] = found
        terms += found
    return terms


def _current_caches(caches):
    """`caches`, emptied first if the default stemmer's lexicon changed since they were filled."""
    global _terms_generation
    if _terms_generation != default_stemmer.generation:
        for kept in (_terms_caches, _token_caches):
            for cache in kept.values():
                cache.clear()
        _terms_generation = default_stemmer.generation
    return caches


def _token_terms(raw: str, stopwords: bool, stem) -> tuple[str, ...]:
    terms = []
    for piece, stemmable in _pieces(raw):
        term = stem(piece) if stemmable else piece
        if stopwords and (piece in STOPWORDS or term in STOPWORDS):
            continue
        terms.append(term)
    return tuple(terms)


def _analyze_uncached(text: str, stopwords: bool, stemmer: Stemmer) -> list[str]:
    terms: list[str] = []
    for raw in _raw_tokens(text):
        terms += _token_terms(raw, stopwords, stemmer.stem)
    return terms


def _raw_tokens(text: str) -> list[str]:
    return _RAW_TOKEN.findall(text)


def glued_preposition_reading(word: str, stem) -> str | None:
    """The stem of a normalised ``word`` read as a glued ب/ل (and a conjunction) + a word of at least
    MIN_GLUED_STEM letters — بحكمه → حكم, لبنك → بنك — when it differs from the word's own stem; else None."""
    if word.startswith(ARTICLE_PREFIXES):  # بال, لل …: light stemming strips those already
        return None
    for prefix in GLUED_PREPOSITIONS:
        rest = word[len(prefix):]
        if word.startswith(prefix) and len(rest) >= MIN_GLUED_STEM:
            reading = stem(rest)
            if reading != stem(word) and reading not in STOPWORDS:
                return reading
            return None
    return None


def analyze_query(text: str, *, stemmer: Stemmer | None = None, glued: bool = False) -> list[QueryTerm]:
    """Query terms with synonym expansion, in query order.

    Stop words are dropped unless the query is nothing but stop words (then all are kept), so
    a query with words never analyses to nothing. ``glued=True`` adds a second reading of a word that may
    begin with a glued preposition (its stem without it, and that stem's synonyms) to its alternatives: the
    search asks for it only when the words as read find nothing, as it may split a radical ب or ل (بيانات).
    """
    stem = (stemmer or default_stemmer).stem
    analysed: list[tuple[str, bool, str | None]] = []  # (term, is a stop word, glued-preposition reading)
    for raw in _raw_tokens(text):
        for piece, stemmable in _pieces(raw):
            term = stem(piece) if stemmable else piece
            reading = glued_preposition_reading(piece, stem) if glued and stemmable else None
            analysed.append((term, piece in STOPWORDS or term in STOPWORDS, reading))
    kept = ([(term, reading) for term, is_stop, reading in analysed if not is_stop]
            or [(term, reading) for term, _, reading in analysed])
    terms = []
    for term, reading in kept:
        alternatives = set(expand(term)) | {term}
        if reading is not None:
            alternatives |= set(expand(reading)) | {reading}
        terms.append(QueryTerm(term, frozenset(alternatives)))
    return terms
