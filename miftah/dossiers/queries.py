"""Read side of the dossiers: every function issues a fixed number of queries, however many articles.

Public API for other apps:

* ``article_ids_for_entity(entity)``: a QuerySet of article page ids (live, link not rejected),
  usable as ``ArticlePage.objects.filter(pk__in=article_ids_for_entity(e))`` (a subquery, no
  round trip). ``entity`` may be an Entity, its pk or its slug.
* ``shared_entity_scores(article)``: ``{page_id: score}`` of other live articles sharing entities
  with ``article``, each shared entity weighted by rarity (1 / log2(2 + articles naming it)),
  so "العراق" in a Baghdad outlet counts less than a named person. Two queries.
* ``article_entities(page)``: the entities to show under an article (one query).
"""

import math
from collections import Counter, defaultdict

from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from .models import VISIBLE_LINK, ArticleEntity, Entity, TimelineEntry


def visible_links():
    return ArticleEntity.objects.filter(VISIBLE_LINK)


def _entity_filter(entity):
    if isinstance(entity, Entity):
        return Q(entity_id=entity.pk)
    if isinstance(entity, int) or (isinstance(entity, str) and entity.isdigit()):
        return Q(entity_id=int(entity))
    return Q(entity__slug=entity)


def article_ids_for_entity(entity):
    return visible_links().filter(_entity_filter(entity)).values_list("article_id", flat=True)


def article_entities(page):
    """Accepted entities of ``page`` or, when none is accepted yet, the detected ones (one query).

    Ordered by first mention in the text, then by name.
    """
    if not getattr(page, "pk", None):
        return []
    links = list(
        ArticleEntity.objects.filter(article_id=page.pk, entity__active=True)
        .exclude(status=ArticleEntity.REJECTED)
        .select_related("entity")
        .only("status", "first_offset", "count", "entity__canonical", "entity__slug", "entity__type")
    )
    accepted = [link for link in links if link.status == ArticleEntity.ACCEPTED]
    chosen = accepted or links
    chosen.sort(key=lambda link: (link.first_offset if link.first_offset is not None else 1 << 30, link.entity.canonical))
    return [link.entity for link in chosen]


def shared_entity_scores(article):
    pk = getattr(article, "pk", article)
    entity_ids = list(
        ArticleEntity.objects.filter(article_id=pk).exclude(status=ArticleEntity.REJECTED).values_list("entity_id", flat=True)
    )
    if not entity_ids:
        return {}
    rows = visible_links().filter(entity_id__in=entity_ids).values_list("article_id", "entity_id")
    article_count = Counter()
    by_article = defaultdict(list)
    for article_id, entity_id in rows:
        article_count[entity_id] += 1
        if article_id != pk:
            by_article[article_id].append(entity_id)
    weight = {entity_id: 1.0 / math.log2(2 + n) for entity_id, n in article_count.items()}
    return {article_id: round(sum(weight[e] for e in entities), 6) for article_id, entities in by_article.items()}


def coverage_counts(entity_type=None, limit=None):
    """Active entities with their number of live articles (most covered first), one query."""
    entities = (
        Entity.objects.filter(active=True)
        .annotate(n_articles=Count("article_links", filter=Q(article_links__article__live=True)
                                   & ~Q(article_links__status=ArticleEntity.REJECTED), distinct=True))
        .filter(n_articles__gt=0)
        .order_by("-n_articles", "canonical")
        .only("canonical", "slug", "type", "english")
    )
    if entity_type:
        entities = entities.filter(type=entity_type)
    return list(entities[:limit] if limit else entities)


def coverage_by_month(entity):
    """[(date of the month's first day, articles)] with empty months filled in, one query."""
    rows = (
        visible_links().filter(entity=entity, article__first_published_at__isnull=False)
        .annotate(month=TruncMonth("article__first_published_at"))
        .values("month").annotate(n=Count("article_id", distinct=True)).order_by("month")
    )
    counts = {}
    for row in rows:
        month = row["month"]
        month = month.date() if hasattr(month, "date") else month
        counts[month.replace(day=1)] = row["n"]
    if not counts:
        return []
    first, last = min(counts), max(counts)
    months, current = [], first
    while current <= last:
        months.append((current, counts.get(current, 0)))
        current = current.replace(year=current.year + current.month // 12, month=current.month % 12 + 1)
    return months


def co_mentions(entity, limit=12):
    """[(entity, shared articles)] for the entities most often named with ``entity``, one query."""
    articles = visible_links().filter(entity=entity).values("article_id")
    rows = (
        visible_links().filter(article_id__in=articles, entity__active=True).exclude(entity=entity)
        .values("entity_id", "entity__canonical", "entity__slug", "entity__type")
        .annotate(n=Count("article_id", distinct=True)).order_by("-n", "entity__canonical")[:limit]
    )
    return [
        (Entity(pk=row["entity_id"], canonical=row["entity__canonical"], slug=row["entity__slug"],
                type=row["entity__type"]), row["n"])
        for row in rows
    ]


def pair_counts(entity_ids):
    """{(a, b): shared live articles} for pairs a < b among ``entity_ids``, one query."""
    from wagtail.models import Page

    entity_ids = sorted({int(i) for i in entity_ids})
    if len(entity_ids) < 2:
        return {}
    links = ArticleEntity._meta.db_table
    pages = Page._meta.db_table  # article_id is the base page's id, and `live` lives there
    marks = ", ".join(["%s"] * len(entity_ids))
    sql = (
        f"SELECT a.entity_id, b.entity_id, COUNT(*) FROM {links} a "
        f"JOIN {links} b ON a.article_id = b.article_id AND a.entity_id < b.entity_id "
        f"JOIN {pages} p ON p.id = a.article_id "
        f"WHERE a.entity_id IN ({marks}) AND b.entity_id IN ({marks}) "
        f"AND a.status <> %s AND b.status <> %s AND p.live = %s "
        f"GROUP BY a.entity_id, b.entity_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*entity_ids, *entity_ids, ArticleEntity.REJECTED, ArticleEntity.REJECTED, True])
        return {(a, b): n for a, b, n in cursor.fetchall()}


def timeline(entity, limit=60):
    """Dated statements naming ``entity`` from live articles, oldest first (one query)."""
    return list(
        TimelineEntry.objects.filter(entity=entity, article__live=True)
        .exclude(article__dossier_entities__entity=entity, article__dossier_entities__status=ArticleEntity.REJECTED)
        .select_related("article")
        .only("date", "iso", "precision", "snippet", "article__title", "article__url_path", "article__first_published_at")
        .order_by("-date", "article_id", "offset")[:limit]
    )[::-1]
