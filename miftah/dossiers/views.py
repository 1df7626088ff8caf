"""Reader pages of the dossiers: the index, one dossier per entity, and the region-wide network.

Every view is cacheable (``mark_cacheable``) and issues a fixed number of queries whatever the
number of articles: aggregates are computed in SQL, article lists are paginated and built with
``article_cards``.
"""

import functools
import hashlib

from django.http import Http404
from django.utils.translation import gettext
from django.shortcuts import render
from wagtail.images import get_image_model

from miftah.core.cache import mark_cacheable
from miftah.core.cache_tags import DOSSIERS_TAG, tag_of, tag_response
from miftah.core.models import SiteSettings
from miftah.editions.languages import locale_id
from miftah.news.models import ArticlePage, paginate_cards, visible
from miftah.news.state import remember, site_state

from miftah.core.i18n import count_text

from . import queries
from .models import ENTITY_TYPE_CHOICES, TYPE_PLURALS, Entity
from .svg import coverage_chart, network_svg

INDEX_PER_TYPE = 60
NEIGHBOURS = 12
NETWORK_SIZE = 30
PHOTO_RENDITION = "fill-320x320|format-webp"


def _most(n):
    """"أكثر 11 كياناً", "أكثر 3 كيانات", "أكثر كيانين" with the noun in the form the number takes."""
    if n == 1:
        return gettext("الكيان الأكثر")
    if n == 2:
        return gettext("أكثر كيانين")
    return gettext("أكثر %(entities)s") % {"entities": count_text(n, "كيان")}


def _month_style(request):
    site_settings = SiteSettings.for_request(request)
    style = getattr(site_settings, "date_style", "levantine")
    return "levantine" if style == "dual" else style


def dossier_index(request):
    mark_cacheable(request)
    tag_response(request, DOSSIERS_TAG)
    entities = queries.coverage_counts()
    groups = []
    for entity_type, label in ENTITY_TYPE_CHOICES:
        members = [e for e in entities if e.type == entity_type][:INDEX_PER_TYPE]
        if members:
            groups.append({"type": entity_type, "label": TYPE_PLURALS[entity_type], "entities": members})
    return render(request, "dossiers/index.html", {"groups": groups, "total": len(entities)})


def dossier_page(request, slug):
    mark_cacheable(request)
    # Any change to an entity or its mentions moves the content generation on (miftah.dossiers.signals).
    entity = remember(f"dossier-entity:{hashlib.sha1(slug.encode()).hexdigest()}", lambda: _active_entity(slug))
    if entity is None:
        raise Http404
    tag_response(request, DOSSIERS_TAG, tag_of("dossier", entity))
    # The coverage listed is the edition's own articles; the knowledge (counts, chart, network, timeline) is shared.
    articles = lambda: visible(ArticlePage.objects.live().filter(  # noqa: E731
        pk__in=queries.article_ids_for_entity(entity), locale_id=locale_id())).order_by("-first_published_at")
    page_obj = paginate_cards(request, f"dossier:{entity.pk}:{locale_id()}", articles, site_state(request))
    months, neighbours, network, timeline = remember(f"dossier:{entity.pk}", lambda: _aggregates(entity))
    month_style = _month_style(request)
    context = {
        "entity": entity,
        "page_obj": page_obj,
        "total": sum(n for _, n in months),
        "months": months,
        # Drawn only when the page's body is rendered, not when its remembered HTML is reused ({% fragment %}).
        "chart": functools.cache(lambda: coverage_chart(months, entity.canonical, month_style)),
        "neighbours": neighbours,
        "network": network,
        "timeline": timeline,
        "photo": functools.cache(lambda: entity.photo.get_rendition(PHOTO_RENDITION) if entity.photo else None),
    }
    return render(request, "dossiers/entity.html", context)


def _active_entity(slug):
    return (Entity.objects.filter(active=True, slug=slug).prefetch_related(_photo_renditions(get_image_model()))
            .first())


def _aggregates(entity):
    """Coverage by month, co-mentioned entities, the network drawing and the timeline: aggregates over every link of
    the entity, so computed once per content generation (miftah.news.state), not on every view."""
    months = queries.coverage_by_month(entity)
    neighbours = queries.co_mentions(entity, limit=NEIGHBOURS)
    total = sum(n for _, n in months)
    edges = queries.pair_counts([e.pk for e, _ in neighbours])
    edges.update({tuple(sorted((entity.pk, e.pk))): n for e, n in neighbours})
    network = network_svg(
        [(entity, total)] + neighbours, edges, centre=entity,
        title=gettext("شبكة %(name)s") % {"name": entity.canonical},
        desc=gettext("%(name)s في الوسط، وحوله %(most)s ذكراً معه؛ سماكة الخط بعدد المقالات المشتركة، "
                     "وحجم الدائرة بعدد المقالات.") % {"name": entity.canonical, "most": _most(len(neighbours))},
    ) if neighbours else ""
    return months, neighbours, network, queries.timeline(entity)


def _photo_renditions(Image):
    from django.db.models import Prefetch

    return Prefetch("photo", queryset=Image.objects.prefetch_renditions(PHOTO_RENDITION))


def dossier_network(request):
    mark_cacheable(request)
    tag_response(request, DOSSIERS_TAG)
    top = queries.coverage_counts(limit=NETWORK_SIZE)
    nodes = [(e, e.n_articles) for e in top]
    edges = queries.pair_counts([e.pk for e in top])
    by_id = {e.pk: e for e in top}
    strongest = sorted(((n, a, b) for (a, b), n in edges.items()), reverse=True)[:40]
    network = network_svg(
        nodes, edges, title=gettext("شبكة الفاعلين في المنطقة"),
        desc=gettext("%(most)s تغطيةً على دائرة، يصل خط بين كل اثنين ذُكرا في المقالات نفسها؛ "
                     "سماكة الخط بعدد المقالات المشتركة، وحجم الدائرة بعدد المقالات.") % {"most": _most(len(nodes))},
    )
    pairs = [(by_id[a], by_id[b], n) for n, a, b in strongest]
    return render(request, "dossiers/network.html", {"nodes": nodes, "pairs": pairs, "network": network})
