"""The English edition's text analysis, at index and at query time, in the manner of ``miftah.arabic.analysis``.

One table or one standard algorithm a step, applied to each token on its own:

* **Tokens**: those of ``miftah.arabic.tokenize`` (Arabic words, words in any other script, numbers), except that
  a word followed by one apostrophe and another word (``Iran's``, ``don't``, ``O'Brien``) is one token.
* **Normalisation** (``fold``): NFKC, the apostrophes of ``APOSTROPHES`` folded to ``'``, case folded, accents
  removed (``Zürich`` = ``Zurich``, ``Abbás`` = ``Abbas``).
* **Possessives** (``POSSESSIVE_ENDINGS``, Lucene's ``EnglishPossessiveFilter``): ``Iran's`` = ``Iran``; any
  apostrophe left is then dropped (``O'Brien`` → ``obrien``), as the index's tokenizers would split there.
* **Stop words** (``STOPWORDS``): Lucene's ``EnglishAnalyzer`` list, the ``_english_`` list of Elasticsearch and
  OpenSearch (33 words; short on purpose: a longer list would drop ``us`` and ``who``, which are also US and
  WHO in news text).
* **Stemming**: Snowball English (Porter2) from ``snowballstemmer`` (``elections`` = ``election``,
  ``negotiating`` = ``negotiations``).
* **Demonyms** (``DEMONYMS``): in a query, a country of the region and its adjective are one word (``Lebanese``
  finds ``Lebanon``, ``Tunisia's`` finds ``Tunisian``), as the Arabic synonym table joins broken plurals: English
  news names a country by its adjective as often as by its name.
* **Arabic inside English text** (names: «حسن نصر الله», quotations) is analysed by ``miftah.arabic`` exactly as in
  the Arabic edition — normalised, light-stemmed, protected names kept, synonyms expanded in queries — so an
  Arabic name typed into the English edition's search box finds it as written in either form.
* **Numbers**: digits in ASCII (``miftah.arabic.normalize``: Arabic-Indic digits too).

The calls mirror ``miftah.arabic.analysis``: ``analyze``, ``analyze_tokens``, ``analyze_query`` (``QueryTerm``s),
plus ``words`` (normalised words, for autocomplete prefixes). Everything is pure Python, the same on every
backend: the terms are what SQLite, PostgreSQL and OpenSearch store.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import snowballstemmer

from miftah.arabic import analysis as arabic
from miftah.arabic.normalize import normalize as arabic_normalize
from miftah.arabic.synonyms import expand as arabic_expand
from miftah.arabic.tokenize import TOKEN_PATTERN, Token

__all__ = ["analyze", "analyze_tokens", "analyze_query", "words", "expand", "STOPWORDS"]

APOSTROPHES = "'\u2019\u02bc\u2018\u2032\uff07"  # ' ’ ʼ ‘ ′ ＇
POSSESSIVE_ENDINGS = ("'s", "'")  # the first that matches is removed
STOPWORDS = frozenset("""
    a an and are as at be but by for if in into is it no not of on or such that the their then there these they
    this to was will with
""".split())

# A country (or people) and its adjectives: the query matches any of them. Places and peoples Miftah covers.
DEMONYMS = [
    ("Algeria", "Algerian"), ("Bahrain", "Bahraini"), ("Egypt", "Egyptian"), ("Iraq", "Iraqi"),
    ("Jordan", "Jordanian"), ("Kuwait", "Kuwaiti"), ("Lebanon", "Lebanese"), ("Libya", "Libyan"),
    ("Mauritania", "Mauritanian"), ("Morocco", "Moroccan"), ("Oman", "Omani"), ("Palestine", "Palestinian"),
    ("Qatar", "Qatari"), ("Sudan", "Sudanese"), ("Syria", "Syrian"), ("Tunisia", "Tunisian"), ("Emirates", "Emirati"),
    ("Yemen", "Yemeni"), ("Somalia", "Somali"), ("Djibouti", "Djiboutian"), ("Comoros", "Comorian"),
    ("Iran", "Iranian"), ("Turkey", "Turkish"), ("Israel", "Israeli"), ("Kurd", "Kurdish"), ("Russia", "Russian"),
    ("Ukraine", "Ukrainian"), ("Europe", "European"), ("Africa", "African"), ("America", "American"),
]

_FOLD_APOSTROPHES = str.maketrans({mark: "'" for mark in APOSTROPHES})
_stemmer = snowballstemmer.stemmer("english")
_STEM_CACHE = 100_000


def fold(word: str) -> str:
    """A Latin (or other non-Arabic) word normalised: NFKC, apostrophes folded, case folded, accents removed."""
    word = unicodedata.normalize("NFKC", word).translate(_FOLD_APOSTROPHES).casefold()
    decomposed = unicodedata.normalize("NFKD", word)
    return unicodedata.normalize("NFC", "".join(char for char in decomposed if not unicodedata.combining(char)))


def _equivalents() -> dict[str, frozenset[str]]:
    table = {}
    for names in DEMONYMS:
        stems = frozenset(_stemmer.stemWord(fold(name)) for name in names)
        for stem in stems:
            table[stem] = table.get(stem, frozenset()) | stems
    return table


_EQUIVALENT = _equivalents()


def _without_possessive(word: str) -> str:
    for ending in POSSESSIVE_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending):
            word = word[: -len(ending)]
            break
    return word.replace("'", "")


@lru_cache(maxsize=_STEM_CACHE)
def _word_term(raw: str) -> tuple[str, str, bool]:
    """(normalised word, term, is a stop word) of a non-Arabic word token."""
    word = _without_possessive(fold(raw))
    return word, _stemmer.stemWord(word) if word else word, word in STOPWORDS


def _tokens(text: str):
    """(kind, Token) in text order: kind is "arabic", "other" (a word in another script) or "number"."""
    previous = None
    for match in TOKEN_PATTERN.finditer(text):
        kind, start, end = match.lastgroup, match.start(), match.end()
        if (kind == "other" and previous is not None and previous[0] == "other"
                and previous[1].end + 1 == start and text[previous[1].end] in APOSTROPHES):
            previous = ("other", Token(text[previous[1].start:end], previous[1].start, end))
            continue
        if previous is not None:
            yield previous
        previous = (kind, Token(match.group(), start, end))
    if previous is not None:
        yield previous


def _number(raw: str) -> str:
    return arabic_normalize(raw)


def analyze_tokens(text: str, *, stopwords: bool = False) -> list[tuple[str, Token]]:
    """``(term, token)`` pairs in text order; ``token`` offsets index the original ``text``."""
    pairs: list[tuple[str, Token]] = []
    for kind, token in _tokens(text):
        if kind == "arabic":
            for term, inner in arabic.analyze_tokens(token.text, stopwords=stopwords):
                pairs.append((term, Token(inner.text, token.start + inner.start, token.start + inner.end)))
        elif kind == "number":
            pairs.append((_number(token.text), token))
        else:
            _, term, is_stop = _word_term(token.text)
            if term and not (stopwords and is_stop):
                pairs.append((term, token))
    return pairs


def analyze(text: str, *, stopwords: bool = False) -> list[str]:
    """The index terms of ``text`` in order; ``stopwords=True`` drops stop words (English and Arabic)."""
    return [term for term, _ in analyze_tokens(text, stopwords=stopwords)]


def analyze_query(text: str, *, glued: bool = False) -> list[arabic.QueryTerm]:
    """Query terms in query order; stop words are dropped unless the query is nothing but stop words.

    English words match their stem; Arabic words get the Arabic edition's alternatives (synonyms, and with
    ``glued`` the reading without a glued ب/ل)."""
    analysed: list[tuple[arabic.QueryTerm, bool]] = []  # (term, is a stop word)
    for kind, token in _tokens(text):
        if kind == "arabic":
            stop = not arabic.analyze(token.text, stopwords=True)
            analysed += [(term, stop) for term in arabic.analyze_query(token.text, glued=glued)]
        elif kind == "number":
            number = _number(token.text)
            analysed.append((arabic.QueryTerm(number, frozenset([number])), False))
        else:
            _, term, is_stop = _word_term(token.text)
            if term:
                analysed.append((arabic.QueryTerm(term, frozenset(expand(term))), is_stop))
    kept = [term for term, stop in analysed if not stop] or [term for term, _ in analysed]
    return kept


def words(text: str) -> list[str]:
    """The normalised (unstemmed) words of ``text``: what a prefix typed in the search box is compared with."""
    found = []
    for kind, token in _tokens(text):
        if kind == "other":
            word = _word_term(token.text)[0]
            if word:
                found.append(word)
        else:
            found += [match.group() for match in TOKEN_PATTERN.finditer(arabic_normalize(token.text))]
    return found


def has_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def expand(term: str) -> tuple[str, ...]:
    """A stem's alternatives: Arabic terms get the Arabic synonyms; English ones their ``DEMONYMS`` equivalents."""
    if has_arabic(term):
        return tuple(arabic_expand(term))
    return tuple(sorted(_EQUIVALENT.get(term, frozenset()) | {term}))
