"""What a cached reader page depends on, and what a change retires: one vocabulary of *cache tags* shared by the
app's own page cache and the caching proxy or CDN in front of it (Varnish BAN by tag, surrogate keys).

A reader view says what it shows with `tag_response(request, *tags)`; the page cache records the tags beside the
stored page and sends them to the proxy in the `X-Miftah-Tags` header. A change (publish, unpublish, move, delete,
settings) is turned into the set of tags it retires by `tags_retired_by(page)`, and announced once with the
`cache_tags_retired` signal: the page cache drops its copies, the frontend-cache purge (run by the worker) bans the
proxy's. `SITE_TAG` is on every page: retiring it retires everything (settings, menus, a template change).

Tag names are short ASCII strings: `site`, `home`, `feeds`, `sitemaps`, `ticker`, `search`, `dossiers`, `page:<id>`,
`tag:<id>`, `author:<id>`, `dossier:<id>`. Every listing of articles tags the articles it shows (`page:<id>`), so a
change to an article (a correction, a takedown) retires every page that shows it, and a new article retires the
listings it will appear in (its sections and their ancestors, home, its tags, authors and dossiers).

A retirement is *hard* when the old copies must never be shown again (a takedown, a deletion, a move): the page cache
then drops them at once, even while a new copy is being rendered; a *soft* one (a publish) lets a copy be served
again only if rendering the new one fails.
"""

from django.dispatch import Signal

TAGS_HEADER = "X-Miftah-Tags"
TAGS_ATTR = "_miftah_cache_tags"
SITE_TAG = "site"
HOME_TAG = "home"
FEEDS_TAG = "feeds"
SITEMAPS_TAG = "sitemaps"
TICKER_TAG = "ticker"
SEARCH_TAG = "search"
DOSSIERS_TAG = "dossiers"

# Sent with `tags` (a frozenset of tag names), `urls` (absolute paths known to change, for URL purges) and `hard`
# (True for a takedown: old copies must not be served, even stale) after the transaction that made the change commits.
cache_tags_retired = Signal()


def page_tag(page_or_id):
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


def tag_of(kind, obj_or_id):
    return f"{kind}:{getattr(obj_or_id, 'pk', obj_or_id)}"


def tag_response(request, *tags):
    """Record that the response being built for `request` shows what `tags` name (adds to what is already there)."""
    current = getattr(request, TAGS_ATTR, None)
    if current is None:
        current = {SITE_TAG}
        setattr(request, TAGS_ATTR, current)
    current.update(t for t in tags if t)


def tags_of(request):
    return frozenset(getattr(request, TAGS_ATTR, None) or {SITE_TAG})


def tags_header_value(tags):
    """The header value: tags separated by spaces, wrapped in spaces so a proxy can ban with ` tag ` substrings."""
    return " " + " ".join(sorted(tags)) + " "


def tags_retired_by(page):
    """The tags a publish, unpublish, move or delete of `page` retires.

    An article: itself and every listing showing it (`page:<id>`), its sections and their ancestors, home, its tags,
    authors and dossiers, the ticker, feeds, sitemaps and search. Any other page (home, a section, a standard page)
    is in the menu or the footer of every page: `SITE_TAG`.
    """
    from miftah.news.models import ArticlePage

    if not isinstance(page.specific_deferred, ArticlePage):
        return frozenset({SITE_TAG})
    return article_tags(page.pk, ancestor_ids=page.get_ancestors().filter(depth__gt=1).values_list("pk", flat=True))


def article_tags(article_id, ancestor_ids=()):
    """What a change to one article retires (see tags_retired_by); three small queries for its tags, authors and
    dossiers."""
    from miftah.dossiers.models import ArticleEntity
    from miftah.news.models import ArticleAuthor, ArticleTag

    tags = {page_tag(article_id), HOME_TAG, TICKER_TAG, FEEDS_TAG, SITEMAPS_TAG, SEARCH_TAG, DOSSIERS_TAG}
    tags.update(page_tag(pk) for pk in ancestor_ids)
    tags.update(tag_of("tag", pk) for pk in ArticleTag.objects.filter(content_object_id=article_id)
                .values_list("tag_id", flat=True))
    tags.update(tag_of("author", pk) for pk in ArticleAuthor.objects.filter(page_id=article_id)
                .values_list("author_id", flat=True))
    tags.update(tag_of("dossier", pk) for pk in ArticleEntity.objects.filter(article_id=article_id)
                .values_list("entity_id", flat=True))
    return frozenset(tags)


def tags_of_article_work(article_ids):
    """What the background work after a publish changes (miftah.news.pipeline): the articles' own pages and every
    listing of them (related articles), the dossiers they mention, search results."""
    from miftah.dossiers.models import ArticleEntity

    tags = {SEARCH_TAG, DOSSIERS_TAG, *map(page_tag, article_ids)}
    tags.update(tag_of("dossier", pk) for pk in ArticleEntity.objects.filter(article_id__in=list(article_ids))
                .values_list("entity_id", flat=True).distinct())
    return frozenset(tags)


def announce_retired(tags, urls=(), hard=False):
    """Send `cache_tags_retired` once the current transaction commits (at once outside a transaction)."""
    from django.db import transaction

    tags, urls, hard = frozenset(tags), tuple(urls), bool(hard)
    transaction.on_commit(lambda: cache_tags_retired.send(sender=None, tags=tags, urls=urls, hard=hard))
