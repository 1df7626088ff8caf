"""What a cached reader page depends on, and what a change retires: one vocabulary of *cache tags* shared by the
app's own page cache and the caching proxy or CDN in front of it (Varnish BAN by tag, surrogate keys).

A reader view says what it shows with `tag_response(request, *tags)`; the page cache records the tags beside the
stored page and sends them to the proxy in the `X-Miftah-Tags` header. A change (publish, unpublish, move, delete,
settings) is turned into the set of tags it retires by `tags_retired_by(page)`, and announced once with the
`cache_tags_retired` signal: the page cache drops its copies, the frontend-cache purge (run by the worker) bans the
proxy's. `SITE_TAG` is on every page: retiring it retires everything (settings, menus, a template change).

Tag names are short ASCII strings: `site`, `home`, `feeds`, `sitemaps`, `page:<id>`, `tag:<id>`, `author:<id>`,
`dossier:<id>`.
"""

from django.dispatch import Signal

TAGS_HEADER = "X-Miftah-Tags"
TAGS_ATTR = "_miftah_cache_tags"
SITE_TAG = "site"
HOME_TAG = "home"
FEEDS_TAG = "feeds"
SITEMAPS_TAG = "sitemaps"

# Sent with `tags` (a frozenset of tag names) and `urls` (absolute paths known to change, for URL purges) after the
# transaction that made the change commits.
cache_tags_retired = Signal()


def page_tag(page_or_id):
    return f"page:{getattr(page_or_id, 'pk', page_or_id)}"


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

    Today: everything (`SITE_TAG`), as the page cache's single generation always did; the page cache narrows this to
    the page, its sections and their ancestors, home, its tags, authors and dossiers, feeds and sitemaps.
    """
    return frozenset({SITE_TAG})


def announce_retired(tags, urls=()):
    """Send `cache_tags_retired` once the current transaction commits (at once outside a transaction)."""
    from django.db import transaction

    tags, urls = frozenset(tags), tuple(urls)
    transaction.on_commit(lambda: cache_tags_retired.send(sender=None, tags=tags, urls=urls))
