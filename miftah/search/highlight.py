"""Highlight a reader's words in the original text: matching is on analysed terms, marking is on original spans.

A query for "ميليشيات" marks "والميليشيات" and "للميليشيا" as they are written (diacritics, clitics and all),
never a stem. Output is HTML-escaped text with ``<mark>`` around the matched words. Every call takes the edition's
``language`` (``miftah.search.editions``): in the English edition "election" marks "Elections" and "Iran's".
"""

from __future__ import annotations

import functools

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


@functools.lru_cache(maxsize=512)
def _analysed(text, language, lexicon_generation):
    """(term, token) pairs of a headline or lead, whatever the query: a new query on the same (newest) articles
    re-reads none of them. ~25 KB an entry at most (a 1,500-character lead)."""
    return tuple(analysis_for(language).analyze_tokens(text))


def analysed(text, language=None):
    return _analysed(text, language, default_stemmer.generation)


def matched_spans(text, terms, language=None):
    """(start, end) of every original token whose analysed term is one of `terms`, in order, merged."""
    spans = []
    for term, token in analysed(text, language):
        if term in terms and (not spans or spans[-1] != (token.start, token.end)):
            spans.append((token.start, token.end))
    return spans


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


@functools.lru_cache(maxsize=2048)
def _snippet(text, terms, words, max_chars, language, lexicon_generation):
    text = " ".join((text or "")[:max_chars].split())
    if not text:
        return ""
    pairs = analysed(text, language)
    tokens = []
    hit_indexes = []
    for term, token in pairs:
        if tokens and tokens[-1] == token:
            if term in terms and (not hit_indexes or hit_indexes[-1] != len(tokens) - 1):
                hit_indexes.append(len(tokens) - 1)
            continue
        tokens.append(token)
        if term in terms:
            hit_indexes.append(len(tokens) - 1)
    if not tokens:
        return str(escape(text[:300]))
    spans = [(tokens[i].start, tokens[i].end) for i in hit_indexes]
    first_token = 0
    if hit_indexes:
        best_first, best_count = hit_indexes[0], 0
        for position, first in enumerate(hit_indexes):
            count = sum(1 for other in hit_indexes[position:] if other < first + words)
            if count > best_count:
                best_first, best_count = first, count
        first_token = max(0, best_first - words // 4)
    last_token = min(len(tokens), first_token + words) - 1
    start = 0 if first_token == 0 else tokens[first_token].start
    end = len(text) if last_token >= len(tokens) - 1 else tokens[last_token].end
    body = _render(text, spans, start, end)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + body + suffix
