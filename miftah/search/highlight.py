"""Highlight a reader's words in the original text: matching is on analysed terms, marking is on original spans.

A query for "ميليشيات" marks "والميليشيات" and "للميليشيا" as they are written (diacritics, clitics and all),
never a stem. Output is HTML-escaped text with ``<mark>`` around the matched words. Every call takes the edition's
``language`` (``miftah.search.editions``): in the English edition "election" marks "Elections" and "Iran's".
"""

from __future__ import annotations

import functools
import hashlib
import threading
from array import array
from collections import OrderedDict
from typing import NamedTuple

from django.utils.html import escape
from django.utils.safestring import mark_safe

from miftah.arabic.analysis import default_stemmer
from miftah.search import text as search_text
from miftah.search.editions import analysis_for

SNIPPET_WORDS = 36
MAX_SNIPPET_SOURCE = 1500


def query_terms(query, language=None):
    terms = set()
    for group in search_text.query_groups(query, language=language):
        terms |= group.exact
    return frozenset(terms)


class AnalysedText(NamedTuple):
    """A text's tokens as offsets (one entry per original token) with the analysed term(s) of each: a str, or a
    tuple for the rare token that gives several (a ligature)."""

    starts: array
    ends: array
    terms: tuple

    def hits(self, terms):
        """Indexes of the tokens with a term among `terms`."""
        return [i for i, own in enumerate(self.terms)
                if (own in terms if own.__class__ is str else not terms.isdisjoint(own))]


ANALYSED_TEXTS = 4096  # ~4 KB each (a 1,500-character lead: ~250 tokens); kept per process
_analysed_texts: OrderedDict = OrderedDict()
_analysed_lock = threading.Lock()


def analysed(text, language=None):
    """The analysis of a headline or lead, whatever the query, kept for the latest texts: a new query on articles
    shown before (the newest answer most searches) re-reads none of them."""
    key = hashlib.blake2b(f"{language}|{default_stemmer.generation}|{text}".encode(), digest_size=16).digest()
    with _analysed_lock:
        found = _analysed_texts.get(key)
        if found is not None:
            _analysed_texts.move_to_end(key)
            return found
    starts, ends, terms = array("I"), array("I"), []
    for term, token in analysis_for(language).analyze_tokens(text):
        if starts and starts[-1] == token.start:  # another term of the same token
            terms[-1] = (terms[-1] if isinstance(terms[-1], tuple) else (terms[-1],)) + (term,)
            continue
        starts.append(token.start)
        ends.append(token.end)
        terms.append(term)
    found = AnalysedText(starts, ends, tuple(terms))
    with _analysed_lock:
        _analysed_texts[key] = found
        if len(_analysed_texts) > ANALYSED_TEXTS:
            _analysed_texts.popitem(last=False)
    return found


def matched_spans(text, terms, language=None):
    """(start, end) of every original token whose analysed term is one of `terms`, in order."""
    tokens = analysed(text, language)
    return [(tokens.starts[i], tokens.ends[i]) for i in tokens.hits(terms)]


def _render(text, spans, start=0, end=None):
    end = len(text) if end is None else end
    out, cursor = [], start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        cursor = span_end
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlight(text, terms, language=None):
    """The whole text, escaped, with matches marked."""
    text = text or ""
    return mark_safe(_render(text, matched_spans(text, terms, language)))  # noqa: S308 (every piece is escaped)


def snippet(text, terms, words=SNIPPET_WORDS, max_chars=MAX_SNIPPET_SOURCE, language=None):
    """About `words` words of text around the densest run of matches, escaped and marked; the start if none.

    Only the first `max_chars` characters are read: the lead of a news text is where a match is worth showing,
    and analysing whole long bodies for ten results would dominate the page's time. A pure function of its
    arguments, so the latest snippets are kept: the same articles answer many searches (the newest first), and the
    words readers look for repeat with the news.
    """
    return mark_safe(_snippet(text or "", frozenset(terms), words, max_chars, language,  # noqa: S308 (escaped)
                              default_stemmer.generation))  # a lexicon change may change what matches


@functools.lru_cache(maxsize=1024)
def _snippet(text, terms, words, max_chars, language, lexicon_generation):
    text = " ".join((text or "")[:max_chars].split())
    if not text:
        return ""
    tokens = analysed(text, language)
    if not tokens.terms:
        return str(escape(text[:300]))
    hit_indexes = tokens.hits(terms)
    spans = [(tokens.starts[i], tokens.ends[i]) for i in hit_indexes]
    first_token = 0
    if hit_indexes:
        best_first, best_count = hit_indexes[0], 0
        for position, first in enumerate(hit_indexes):
            count = sum(1 for other in hit_indexes[position:] if other < first + words)
            if count > best_count:
                best_first, best_count = first, count
        first_token = max(0, best_first - words // 4)
    token_count = len(tokens.terms)
    last_token = min(token_count, first_token + words) - 1
    start = 0 if first_token == 0 else tokens.starts[first_token]
    end = len(text) if last_token >= token_count - 1 else tokens.ends[last_token]
    body = _render(text, spans, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + body + suffix
