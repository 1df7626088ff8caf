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

from typing import NamedTuple

from miftah.arabic.normalize import normalize
from miftah.arabic.stem import Stemmer, default_stemmer
from miftah.arabic.stopwords import STOPWORDS
from miftah.arabic.synonyms import expand
from miftah.arabic.tokenize import TOKEN_PATTERN, Token

__all__ = ["analyze", "analyze_tokens", "analyze_query", "QueryTerm"]

_PIECES_CACHE_LIMIT = 200_000
# raw token -> ((normalised piece, is Arabic letters only), ...)
_pieces_cache: dict[str, tuple[tuple[str, bool], ...]] = {}


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
    stem = (stemmer or default_stemmer).stem
    pairs: list[tuple[str, Token]] = []
    for match in TOKEN_PATTERN.finditer(text):
        raw = match.group()
        token = Token(raw, match.start(), match.end())
        for piece, stemmable in _pieces(raw):
            term = stem(piece) if stemmable else piece
            if stopwords and (piece in STOPWORDS or term in STOPWORDS):
                continue
            pairs.append((term, token))
    return pairs


def analyze(text: str, *, stopwords: bool = False, stemmer: Stemmer | None = None) -> list[str]:
    """The index terms of ``text`` in order; ``stopwords=True`` drops stop words."""
    stem = (stemmer or default_stemmer).stem
    terms: list[str] = []
    append = terms.append
    for raw in _raw_tokens(text):
        for piece, stemmable in _pieces(raw):
            term = stem(piece) if stemmable else piece
            if stopwords and (piece in STOPWORDS or term in STOPWORDS):
                continue
            append(term)
    return terms


def _raw_tokens(text: str):
    return (match.group() for match in TOKEN_PATTERN.finditer(text))


def analyze_query(text: str, *, stemmer: Stemmer | None = None) -> list[QueryTerm]:
    """Query terms with synonym expansion, in query order.

    Stop words are dropped unless the query is nothing but stop words (then all are kept), so
    a query with words never analyses to nothing.
    """
    stem = (stemmer or default_stemmer).stem
    analysed: list[tuple[str, bool]] = []  # (term, is a stop word)
    for raw in _raw_tokens(text):
        for piece, stemmable in _pieces(raw):
            term = stem(piece) if stemmable else piece
            analysed.append((term, piece in STOPWORDS or term in STOPWORDS))
    kept = [term for term, is_stop in analysed if not is_stop] or [term for term, _ in analysed]
    return [QueryTerm(term, frozenset(expand(term)) | {term}) for term in kept]
