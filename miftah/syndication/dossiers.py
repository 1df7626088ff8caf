"""What syndication takes from the dossiers app: a feed per dossier, and `about`/`mentions` in an article's JSON-LD.

Kept here, behind the two extension points (`register_feed_subject`, `register_article_enricher`), so neither the
feed nor the structured-data code needs to know dossiers exist. An entity an editor *accepted* for an article is
what the article is `about`; entities only detected by the matcher are `mentions`; rejected ones are left out.
"""

from django.utils.translation import gettext
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import get_object_or_404

from miftah.core.cache import current_generation

from miftah.core.models import SiteSettings

from .feeds import FeedSubject, register_feed_subject
from .links import site_for
from .structured import register_article_enricher

SCHEMA_TYPES = {"person": "Person", "organisation": "Organization", "place": "Place", "event": "Event"}


def dossier_subject(request, key):
    from miftah.dossiers import queries
    from miftah.dossiers.models import Entity
    from miftah.news.models import ArticlePage

    site = site_for(request)
    entity = get_object_or_404(Entity.objects.filter(active=True), slug=key)
    publisher = SiteSettings.for_request(request).publisher_name
    return FeedSubject(
        kind="dossier", key=entity.slug, title=gettext("ملف: %(name)s | %(publisher)s") % {"name": entity.canonical, "publisher": publisher},
        link=site.root_url + entity.get_url(), description=entity.description or gettext("كل ما نشر عن %(name)s") % {"name": entity.canonical},
        articles=ArticlePage.objects.live().public().descendant_of(site.root_page)
        .filter(pk__in=queries.article_ids_for_entity(entity)),
        extra_categories=[entity.canonical],
    )


def entity_thing(entity, base):
    thing = {"@type": SCHEMA_TYPES.get(entity.type, "Thing"), "name": entity.canonical, "url": base + entity.get_url()}
    if entity.wikidata:
        thing["sameAs"] = f"https://www.wikidata.org/wiki/{entity.wikidata}"
    return thing


def add_dossier_entities(article, data, request):
    """The article's entities, accepted ones as `about`, detected ones as `mentions`.

    One query, remembered for the page-cache generation: the JSON-LD is as fresh as the cached page around it, and a
    page rendered again (a logged-in reader, an expired entry) spends no query on it.
    """
    base = site_for(request).root_url
    key = f"miftah:jsonld-entities:{current_generation()}:{article.pk}:{base}"
    found = cache.get(key)
    if found is None:
        found = _entity_things(article, base)
        cache.set(key, found, timeout=settings.MIFTAH_PAGE_CACHE_SECONDS)
    about, mentions = found
    if about:
        data["about"] = about
    if mentions:
        data["mentions"] = mentions


def _entity_things(article, base):
    from miftah.dossiers.models import ArticleEntity

    links = list(
        ArticleEntity.objects.filter(article_id=article.pk, entity__active=True)
        .exclude(status=ArticleEntity.REJECTED).select_related("entity").order_by("first_offset", "entity__canonical")
    )
    about = [entity_thing(link.entity, base) for link in links if link.status == ArticleEntity.ACCEPTED]
    mentions = [entity_thing(link.entity, base) for link in links if link.status != ArticleEntity.ACCEPTED]
    return about, mentions


def entity_from_context(context):
    """The dossier a page shows, if it is a dossier page (its view puts the entity in the context)."""
    from miftah.dossiers.models import Entity

    entity = context.get("entity")
    return entity if isinstance(entity, Entity) else None


def install():
    register_feed_subject("dossier", dossier_subject)
    register_article_enricher(add_dossier_entities)


