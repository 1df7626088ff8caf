"""What live coverage retires, and the small caches of its own.

* Posting, editing or deleting an update retires only the live page: `announce_retired({page:<id>}, urls=(url,))`
  (the contract of miftah.core.cache_tags), never the whole site.
* Starting or ending coverage changes the ticker's live badge on every page, so it retires `site` (rare).
* Bridge until the page cache is tag-based (branch pagecache): today's page cache (miftah.core.cache) keys pages by
  one global generation and does not listen to `cache_tags_retired`. So this app remembers, when it renders a live
  page, which cached copies exist (host and full path) and drops just those when the page's tag is retired. Once
  the page cache has no `_cache_key`/`current_generation` the bridge does nothing and the page cache's own tag
  index takes over.
* Which articles are live now (the ticker badge) is cached briefly; the readers' JSON is cached by coverage version.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import receiver

from miftah.core import cache as page_cache
from miftah.core.cache_tags import SITE_TAG, announce_retired, cache_tags_retired, page_tag

VARIANTS_KEY = "miftah:live:variants:{}"
MAX_VARIANTS = 64
RUNNING_KEY = "miftah:live:running"
RUNNING_SECONDS = 60
JSON_KEY = "miftah:live:json:{}:{}:{}"
JSON_SECONDS = 60


def retire_live_page(article):
    url = article.get_url()
    announce_retired({page_tag(article)}, urls=(url,) if url else ())


def retire_everywhere():
    """Coverage started or ended: the ticker's badge changes on every page."""
    cache.delete(RUNNING_KEY)
    transaction.on_commit(lambda: cache.delete(RUNNING_KEY))
    announce_retired({SITE_TAG})
    bump = getattr(page_cache, "bump_generation", None)  # today's page cache; the tag-based one listens instead
    if bump is not None:
        transaction.on_commit(bump)


def remember_rendered(request, article_id):
    """Note the cached copy that this render of a live page may become (bridge, see the module docstring)."""
    if request is None or not settings.MIFTAH_PAGE_CACHE:
        return
    key = VARIANTS_KEY.format(article_id)
    variant = (request.get_host(), request.get_full_path())
    variants = cache.get(key) or []
    if variant not in variants:
        cache.set(key, (variants + [variant])[-MAX_VARIANTS:], settings.MIFTAH_PAGE_CACHE_SECONDS + 60)


class _Address:
    def __init__(self, host, path):
        self.host, self.path = host, path

    def get_host(self):
        return self.host

    def get_full_path(self):
        return self.path


@receiver(cache_tags_retired)
def drop_cached_live_pages(sender, tags, urls=(), **kwargs):
    key_of = getattr(page_cache, "_cache_key", None)
    generation_of = getattr(page_cache, "current_generation", None)
    if key_of is None or generation_of is None:
        return
    pages = [tag.removeprefix("page:") for tag in tags if tag.startswith("page:")]
    variants = [v for page_id in pages for v in cache.get(VARIANTS_KEY.format(page_id)) or ()]
    if variants:
        generation = generation_of()
        cache.delete_many([key_of(_Address(host, path), generation) for host, path in variants])


def running_article_ids():
    """Ids of the articles whose coverage is live now (for the ticker's badge): one small query a minute at most."""
    from .models import LiveCoverage

    ids = cache.get(RUNNING_KEY)
    if ids is None:
        ids = frozenset(LiveCoverage.objects.running().values_list("article_id", flat=True))
        cache.set(RUNNING_KEY, ids, RUNNING_SECONDS)
    return ids
