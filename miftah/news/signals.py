"""Hand every change of an article to the pipeline (miftah.news.pipeline); retire cached pages when authors or tags
change; move the content generation when a view restriction or a Site changes (the site state in miftah.news.state
remembers which pages are restricted and which site answers a host). The page cache itself is retired at once on publish and unpublish by miftah.core.signals, so a takedown is
gone before the admin answers; the pipeline retires it again when the related articles and mentions are stored.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from modelsearch import index
from wagtail.signals import page_published, page_unpublished

from miftah.core.cache import bump_generation, retire
from miftah.core.cache_tags import SITE_TAG, tag_of

from .models import ArticlePage, Author, HomeFeatured, NewsTag
from .pipeline import article_changed


@receiver(page_published, sender=ArticlePage)
@receiver(page_unpublished, sender=ArticlePage)
def queue_article_pipeline(sender, instance, **kwargs):
    article_changed([instance.pk])


@receiver(post_save, sender=ArticlePage)
def queue_draft_search_entry(sender, instance, raw=False, **kwargs):
    """A draft's text lives in the page row, and editors search drafts in the admin: index it in the background.

    A live article's row holds the published text, which only changes on publish (handled above)."""
    if not raw and not instance.live:
        article_changed([instance.pk])


@receiver(post_delete, sender=ArticlePage)
def remove_search_entry(sender, instance, **kwargs):
    index.remove_object(instance)


@receiver(post_save, sender=Author)
@receiver(post_save, sender=NewsTag)
@receiver(post_delete, sender=Author)
@receiver(post_delete, sender=NewsTag)
def retire_cached_pages(sender, instance, created=False, **kwargs):
    # A new tag or author (made while saving an article) shows on its archive only; a renamed or deleted one on many
    # pages (and its archive, remembered per content generation, must go).
    retire({tag_of("author" if sender is Author else "tag", instance)} if created else {SITE_TAG})


@receiver(post_save, sender="wagtailcore.PageViewRestriction")
@receiver(post_delete, sender="wagtailcore.PageViewRestriction")
@receiver(post_save, sender="wagtailcore.Site")
@receiver(post_delete, sender="wagtailcore.Site")
@receiver(post_save, sender=HomeFeatured)
@receiver(post_delete, sender=HomeFeatured)
def retire_site_state(sender, **kwargs):
    # After commit: a request between this save and the commit would otherwise store the old state under the new
    # generation, and a page just made private would stay public until the next publish.
    transaction.on_commit(bump_generation)
