"""Arabic stop words (Savoy's list as used by Lucene), normalised, for optional filtering.

The shipped list ``data/stopwords_ar.txt`` is already in normal form; ``is_stopword`` normalises
its argument, so raw tokens and normalised terms both work. Filter BEFORE stemming: stemming
turns some stop words into content stems (بها → ب).
"""

from __future__ import annotations

from miftah.arabic.normalize import normalize
from miftah.arabic.stem import load_word_list

__all__ = ["STOPWORDS", "is_stopword"]

STOPWORDS: frozenset[str] = frozenset(load_word_list("stopwords_ar.txt"))


def is_stopword(token: str) -> bool:
    """True if ``token`` (raw or normalised) is an Arabic stop word."""
    return token in STOPWORDS or normalize(token) in STOPWORDS
