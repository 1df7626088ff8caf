"""Retire the page cache whenever something a reader page shows changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from .cache import bump_generation
from .cache_tags import SITE_TAG, announce_retired, tags_retired_by
from .models import SiteSettings


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def retire_cached_pages_on_page_change(sender, instance=None, **kwargs):
    bump_generation()
    if instance is not None:
        announce_retired(tags_retired_by(instance), urls=_url_of(instance))


@receiver(post_delete)
def retire_cached_pages_on_page_delete(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        bump_generation()
        announce_retired(tags_retired_by(instance))


@receiver(post_save, sender=SiteSettings)
def retire_cached_pages_on_settings_change(sender, **kwargs):
    bump_generation()
    announce_retired({SITE_TAG})


def _url_of(page):
    try:
        url = page.get_url()
    except Exception:  # a page outside any site, or a tree being moved
        return ()
    return (url,) if url else ()
