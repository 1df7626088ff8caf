"""What live coverage retires, and the small caches of its own.

* Posting, editing or deleting an update retires only the live page (its `live:<id>` tag, see `live_tag`), never the
  listings that show the article as a card, nor the whole site.
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


def live_tag(article_id):
    """The tag of a covered article's own page (listings showing the article as a card don't carry it: an update
    changes the page, not the card)."""
    return f"live:{article_id}"


def retire_live_page(article):
    url = article.get_url()
    retire({live_tag(article.pk)}, urls=(url,) if url else ())


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
