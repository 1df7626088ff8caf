"""Store what an article says about the knowledge base: mentions and dated statements.

Run when an article is published (``signals``) and in bulk by ``miftah entities reindex``. The
text is ``miftah.news.text.article_text`` (title, dek and the body's plain text, one per line);
``first_offset`` indexes that text. A batch of articles costs a fixed number of queries (read decisions, write rows).

Editor decisions survive: an ``accepted`` or ``rejected`` row keeps its status and only its count
is refreshed; ``detected`` rows the matcher no longer finds are dropped.

The timeline keeps sentences that name an entity and contain a date (``find_dates`` with the
publication date as the reference for expressions without a year): one entry per entity and sentence, at
the sentence's most precise date; a year the text does not write ("العام الماضي") is not an entry.
"""

import re
from datetime import date

from django.db import transaction
from django.utils import timezone

from miftah.arabic.dates import find_dates
from miftah.news.text import article_text

from .kb import get_matcher
from .models import ArticleEntity, TimelineEntry


SENTENCE = re.compile(r"[^.!?؟\n]+[.!?؟]?")
SNIPPET_LENGTH = 320
TIMELINE_PER_ARTICLE = 40
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


def _iso_to_date(iso):
    parts = [int(p) for p in iso.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return date(*parts)


def _snippet(text, start, end):
    sentence = text[start:end].strip()
    if len(sentence) > SNIPPET_LENGTH:
        sentence = sentence[: SNIPPET_LENGTH - 1].rstrip() + "…"
    return sentence


def analyse(article, matcher=None):
    """(mentions by entity id: [count, first offset, first surface], timeline rows) for one article."""
    matcher = matcher or get_matcher()
    text = article_text(article)
    mentions = matcher.find(text)
    by_entity = {}
    for mention in mentions:
        entry = by_entity.get(mention.entity_id)
        if entry is None:
            by_entity[mention.entity_id] = [1, mention.start, mention.surface[:200]]
        else:
            entry[0] += 1

    reference = article.first_published_at or timezone.now()
    dates = find_dates(text, reference) if mentions else []
    timeline = []
    if dates:
        seen = set()
        for sentence in SENTENCE.finditer(text):
            start, end = sentence.span()
            # A year the sentence does not write ("العام الماضي", "مطلع العام") is only the publication
            # year shifted: not a timeline date. One entry per sentence, at its most precise date.
            in_dates = [d for d in dates if start <= d.start < end
                        and not (d.precision == "year" and not any(c.isdigit() for c in d.text))]
            if not in_dates:
                continue
            found = max(in_dates, key=lambda d: _PRECISION_RANK.get(d.precision, 0))
            entity_ids = [m.entity_id for m in mentions if start <= m.start < end]
            for entity_id in dict.fromkeys(entity_ids):
                key = (entity_id, found.iso)
                if key in seen:
                    continue
                seen.add(key)
                try:
                    sort_date = _iso_to_date(found.iso)
                except ValueError:
                    continue
                timeline.append(TimelineEntry(
                    article_id=article.pk, entity_id=entity_id, date=sort_date, iso=found.iso,
                    precision=found.precision, snippet=_snippet(text, start, end), offset=start,
                ))
            if len(timeline) >= TIMELINE_PER_ARTICLE:
                break
    return by_entity, timeline


def index_articles(articles, matcher=None):
    """Compute and store mentions and timeline entries for ``articles`` (ArticlePage instances)."""
    articles = list(articles)
    if not articles:
        return 0
    matcher = matcher or get_matcher()
    ids = [article.pk for article in articles]
    analysed = {article.pk: analyse(article, matcher) for article in articles}

    existing = {(row.article_id, row.entity_id): row for row in ArticleEntity.objects.filter(article_id__in=ids)}
    to_create, to_update, to_delete = [], [], []
    for article_id, (by_entity, _) in analysed.items():
        for entity_id, (count, offset, surface) in by_entity.items():
            row = existing.get((article_id, entity_id))
            if row is None:
                to_create.append(ArticleEntity(article_id=article_id, entity_id=entity_id, count=count,
                                               first_offset=offset, first_surface=surface))
            elif (row.count, row.first_offset, row.first_surface) != (count, offset, surface):
                row.count, row.first_offset, row.first_surface = count, offset, surface
                to_update.append(row)
    for (article_id, entity_id), row in existing.items():
        if entity_id in analysed[article_id][0]:
            continue
        if row.status == ArticleEntity.DETECTED:
            to_delete.append(row.pk)
        elif row.count or row.first_offset is not None:
            row.count, row.first_offset, row.first_surface = 0, None, ""
            to_update.append(row)

    with transaction.atomic():
        if to_delete:
            ArticleEntity.objects.filter(pk__in=to_delete).delete()
        if to_update:
            ArticleEntity.objects.bulk_update(to_update, ["count", "first_offset", "first_surface"], batch_size=500)
        if to_create:
            ArticleEntity.objects.bulk_create(to_create, batch_size=500)
        TimelineEntry.objects.filter(article_id__in=ids).delete()
        TimelineEntry.objects.bulk_create([row for _, rows in analysed.values() for row in rows], batch_size=500)
    return sum(len(by_entity) for by_entity, _ in analysed.values())


def reindex_all(batch_size=200, stdout=None, queryset=None):
    """Re-index every live article, ``batch_size`` at a time; returns (articles, links)."""
    from miftah.news.models import ArticlePage

    queryset = queryset if queryset is not None else ArticlePage.objects.live()
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    matcher = get_matcher()
    links = 0
    for offset in range(0, len(ids), batch_size):
        batch = ArticlePage.objects.filter(pk__in=ids[offset:offset + batch_size]).only(
            "id", "title", "dek", "body", "first_published_at"
        )
        links += index_articles(batch, matcher)
        if stdout is not None:
            stdout.write(f"{min(offset + batch_size, len(ids))}/{len(ids)}\n")
    return len(ids), links
