"""What the site search asks of a search backend, and what it gets back.

Every backend Miftah can run on (SQLite FTS5, PostgreSQL, OpenSearch) answers the same five calls on its own
index — ``site_search``, ``site_suggest``, ``document_frequencies``, ``indexed_article_count`` and
``more_like_this`` — given the query already analysed into ``Group``s (``miftah.search.text``). ``engine`` is the
one door callers use; it never speaks a vendor's language.

Ranking, the same on every backend: score = relevance × (1 + FRESHNESS_WEIGHT / (1 + age_in_days /
FRESHNESS_DAYS)); a fresh article wins a tie, an old but much more relevant one still comes first. At most the
MATCH_WINDOW newest matches are ranked (and counted: "more than 500 results" beyond it) — with, when that window
is full and the query has several words, the newest MATCH_WINDOW articles whose headline holds them all
(``wants_headline_window``).

Coverage comes before that score: an article whose *headline* holds more of the query's words (in any of their
analysed forms) ranks above one whose headline holds fewer (``rank_window``). Known-item queries are mostly
headline words, and a run of follow-up stories shares most of them: BM25 alone let a short follow-up headline with
two of three words (and the third in its text) outrank the one article whose headline has all three.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

FRESHNESS_WEIGHT = 0.3
FRESHNESS_DAYS = 30.0
SORTS = ("relevance", "newest")
MATCH_WINDOW = 500  # matches ranked at most; also the cap of the count (the page offers 50 pages of 10)
# Older articles whose headline holds every word, read beyond a full window (``wants_headline_window``). Far fewer
# than the window: each is ranked on its whole text (on PostgreSQL a vector read out of TOAST), and a headline with
# every word is rare enough that the newest hundred below the window reach back years.
HEADLINE_WINDOW = 100


@dataclass
class SearchFilters:
    section_path: str | None = None
    author_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    extra_page_ids: list[int] | None = field(default=None)  # e.g. articles tagged with a dossier entity
    # Search per edition: only pages of this locale (miftah.search.editions; set by miftah.search.engine).
    locale_id: int | None = None

    def narrowing(self):
        """True when a filter other than "live and public" limits the articles."""
        return bool(self.section_path or self.author_id or self.date_from or self.date_to
                    or self.extra_page_ids is not None)


@dataclass
class SearchPage:
    total: int  # matches, counted up to MATCH_WINDOW (then `capped`)
    hits: list[tuple[int, float]]  # (page id, score), best first
    operator: str  # "and", or "or" when no article had every word
    capped: bool = False  # more than MATCH_WINDOW matches: `total` is MATCH_WINDOW, the page says "more than"


def freshness(age_days: float | None) -> float:
    """The freshness factor of an article `age_days` old (no date: ten years)."""
    age = 3650.0 if age_days is None else max(age_days, 0.0)
    return 1.0 + FRESHNESS_WEIGHT / (1.0 + age / FRESHNESS_DAYS)


def headline_coverage(groups, title_terms: str) -> int:
    """How many query words (``Group``s of alternatives) have one of their forms among an analysed headline's
    terms (space-separated, as the index stores them)."""
    terms = set(title_terms.split()) if title_terms else set()
    covered = 0
    for group in groups:
        if not group.exact.isdisjoint(terms) or any(term.startswith(prefix) for prefix in group.prefixes
                                                      for term in terms):
            covered += 1
    return covered


def wants_headline_window(groups, *, capped, sort, operator="and"):
    """True when a full window may have left out articles whose headline holds every query word.

    The window is the newest MATCH_WINDOW matches; when more articles match, an older one whose *headline* holds all
    the words (which headline coverage ranks first) can be beyond it — often the very article a reader looks for,
    whose words fill hundreds of newer texts («الرئيس الأمريكي» + a third word: ~2,000 matches at 31.5k). The backend
    then also reads the newest HEADLINE_WINDOW matches of the headlines alone (``merge_headline_rows``), which are far
    fewer. Only when it can change the page: a capped window, relevance order, every word asked for, several
    different words (one word twice, «للأول الأول», is one word: every headline that holds it would be read)."""
    return capped and sort == "relevance" and operator == "and" and len(set(groups)) > 1


def merge_headline_rows(rows, headline_rows):
    """The window's rows and the headline matches not already among them (the same row shape)."""
    seen = {row[0] for row in rows}
    return list(rows) + [row for row in headline_rows if row[0] not in seen]


def rank_window(rows, groups, *, sort, offset, limit, operator="and"):
    """A page of (page id, score) from the window's rows ``(page id, relevance, freshness factor, published,
    analysed headline[, analysed text])``: by headline coverage, then relevance × freshness ("newest": by date,
    pure relevance). With ``operator="or"`` (no article has every word) the rows carry their analysed text, and
    how many words the whole article holds comes first."""
    newest = sort == "newest"
    keyed = []
    for row in rows:
        pk, relevance, fresh, published, title_terms = row[:5]
        relevance = float(relevance or 0.0)
        score = relevance if newest else relevance * float(fresh or 1.0)
        if newest:
            key = (published or 0.0, pk)
        elif operator == "or" and len(row) > 5:
            key = (headline_coverage(groups, f"{title_terms or ''} {row[5] or ''}"), score, pk)
        else:
            key = (headline_coverage(groups, title_terms), score, pk)
        keyed.append((key, pk, score))
    keyed.sort(reverse=True)
    return [(pk, score) for _, pk, score in keyed[offset:offset + limit]]


def article_content_type_id():
    from django.contrib.contenttypes.models import ContentType

    from miftah.news.models import ArticlePage

    return ContentType.objects.get_for_model(ArticlePage).pk
