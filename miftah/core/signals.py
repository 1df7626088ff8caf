"""Retire the cached pages a change shows on: an article's own tags when it is published, everything when the menu,
settings or the tree's shape change. Unpublishing and deleting retire *hard*: the copies are gone from every process's
cache (and announced to the proxy) before the admin's response is sent."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import retire
from .cache_tags import SITE_TAG, tags_retired_by
from .models import SiteSettings


@receiver(page_published)
def retire_cached_pages_on_publish(sender, instance=None, **kwargs):
    if instance is not None:
        retire(tags_retired_by(instance), urls=_url_of(instance))


@receiver(page_unpublished)
def retire_cached_pages_on_unpublish(sender, instance=None, **kwargs):
    if instance is not None:
        retire(tags_retired_by(instance), hard=True, urls=_url_of(instance))


@receiver(post_page_move)
def retire_cached_pages_on_move(sender, instance=None, **kwargs):
    # Addresses change under the moved page and every listing it was in: rare enough to retire everything.
    retire({SITE_TAG}, hard=True, urls=_url_of(instance) if instance is not None else ())


@receiver(post_delete)
def retire_cached_pages_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page) and type(instance) is not Page:  # once, for the specific row
        retire(tags_retired_by(instance), hard=True)


@receiver(post_save, sender=SiteSettings)
def retire_cached_pages_on_settings_change(sender, **kwargs):
    retire({SITE_TAG})


def _url_of(page):
    try:
        url = page.get_url()
    except Exception:  # a page outside any site, or a tree being moved
        return ()
    return (url,) if url else ()
