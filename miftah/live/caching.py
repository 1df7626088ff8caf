"""What live coverage retires, and the small caches of its own.

* Posting, editing or deleting an update retires only the live page: `announce_retired({page:<id>}, urls=(url,))`
  (the contract of miftah.core.cache_tags), never the whole site.
* Starting or ending coverage changes the ticker's live badge, which every page shows: it retires the ticker (spliced
  into cached pages when served) and the article itself, not the other pages.
* Which articles are live now (the ticker badge) is cached briefly; the readers' JSON is cached by coverage version.
"""

from django.core.cache import cache
from django.db import transaction

from miftah.core.cache import retire
from miftah.core.cache_tags import TICKER_TAG, page_tag

RUNNING_KEY = "miftah:live:running"
RUNNING_SECONDS = 60
JSON_KEY = "miftah:live:json:{}:{}:{}"
JSON_SECONDS = 60


def retire_live_page(article):
    url = article.get_url()
    retire({page_tag(article)}, urls=(url,) if url else ())


def retire_everywhere(article):
    """Coverage started or ended: the ticker's badge changes on every page, and the article's own page."""
    cache.delete(RUNNING_KEY)
    transaction.on_commit(lambda: cache.delete(RUNNING_KEY))
    url = article.get_url()
    retire({TICKER_TAG, page_tag(article)}, urls=(url,) if url else ())


def running_article_ids():
    """Ids of the articles whose coverage is live now (for the ticker's badge): one small query a minute at most."""
    from .models import LiveCoverage

    ids = cache.get(RUNNING_KEY)
    if ids is None:
        ids = frozenset(LiveCoverage.objects.running().values_list("article_id", flat=True))
        cache.set(RUNNING_KEY, ids, RUNNING_SECONDS)
    return ids
