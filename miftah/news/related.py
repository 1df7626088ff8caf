"""Related articles (مقالات ذات صلة): scored when an article is published, stored, and read back in one query.

The scorer is pluggable (`MIFTAH_RELATED_SCORER` names a callable) so the search app can supply a content-aware one;
this module's default uses shared tags, the same section and recency, and ignores sections and tags flagged as too
broad.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .tree import parent_path, section_of

RELATED_COUNT = 6
MIN_RELATED = 3
CANDIDATE_WINDOW = timedelta(days=365)


def taxonomy_scores(article, limit=RELATED_COUNT):
    """[(candidate_id, score)] by shared tags, same section and recency."""
    from .models import ArticlePage, NewsTag

    tag_ids = list(
        NewsTag.objects.filter(tagged_articles__content_object=article, too_broad_for_related=False).values_list("id", flat=True)
    )
    section_path = parent_path(article.path)
    section = section_of(article)
    published = article.first_published_at or timezone.now()
    candidates = (
        ArticlePage.objects.live()
        .exclude(pk=article.pk)
        .filter(first_published_at__gte=published - CANDIDATE_WINDOW)
        .annotate(shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids), distinct=True))
    )
    same_section = Q(path__startswith=section_path) if section and not section.too_broad_for_related else Q(pk__in=[])
    candidates = candidates.filter(Q(shared_tags__gt=0) | same_section)
    scored = []
    for cand in candidates.only("id", "path", "first_published_at")[:500]:
        score = 2.0 * cand.shared_tags
        if section and not section.too_broad_for_related and cand.path.startswith(section_path):
            score += 1.0
        age_days = abs((published - (cand.first_published_at or published)).days)
        score -= min(age_days / 60.0, 1.5)
        scored.append((cand.pk, score))
    scored.sort(key=lambda pair: -pair[1])
    return scored[:limit]


def latest_in_section(article, exclude, limit):
    from .models import ArticlePage

    return list(
        ArticlePage.objects.live()
        .filter(path__startswith=parent_path(article.path))
        .exclude(pk__in=exclude | {article.pk})
        .order_by("-first_published_at")
        .values_list("pk", flat=True)[:limit]
    )


def get_scorer():
    return import_string(getattr(settings, "MIFTAH_RELATED_SCORER", "miftah.news.related.taxonomy_scores"))


def compute_related(article):
    """Score and store the related articles of `article`; falls back to the latest in its section."""
    from .models import ArticleRelation

    scored = get_scorer()(article, limit=RELATED_COUNT)
    chosen = [(pk, score) for pk, score in scored if score > 0][:RELATED_COUNT]
    if len(chosen) < MIN_RELATED:
        taken = {pk for pk, _ in chosen}
        chosen += [(pk, 0.0) for pk in latest_in_section(article, taken, MIN_RELATED - len(chosen))]
    with transaction.atomic():
        ArticleRelation.objects.filter(article=article).delete()
        ArticleRelation.objects.bulk_create(
            ArticleRelation(article=article, related_id=pk, score=score, rank=rank)
            for rank, (pk, score) in enumerate(chosen)
        )
    return [pk for pk, _ in chosen]


def related_cards(article, request=None):
    """The stored related articles, live and public ones only, as reader cards in their rank order (one query)."""
    from django.db.models import OuterRef, Subquery

    from django.db import connections

    from .models import ArticlePage, ArticleRelation, card_queryset, card_rows, reader_cards, visible
    from .state import site_state

    state = site_state(request) if request is not None else None
    links = ArticleRelation.objects.filter(article_id=article.pk)
    listed = visible(ArticlePage.objects.live().filter(pk__in=links.values("related_id")))
    if state is not None:  # prebuilt card SQL, ordered by the stored rank
        q = connections[listed.db].ops.quote_name
        rank = (f"(SELECT rel.{q('rank')} FROM {q(ArticleRelation._meta.db_table)} rel"
                " WHERE rel.article_id = %s AND rel.related_id = p.id)")
        return reader_cards(card_rows(listed, order_sql=f"{rank}, p.id", order_params=(article.pk,)), state,
                            request=request)
    rank = Subquery(links.filter(related_id=OuterRef("pk")).values("rank")[:1])
    cards = listed.annotate(related_rank=rank)
    return reader_cards(card_queryset(cards).order_by("related_rank"), state, request=request)
