"""Recompute stored related articles on publish; retire cached pages when authors or tags change."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from miftah.core.cache import bump_generation

from .models import ArticlePage, Author, NewsTag
from .tasks import compute_related_task


@receiver(page_published, sender=ArticlePage)
def queue_related_articles(sender, instance, **kwargs):
    transaction.on_commit(lambda: compute_related_task.enqueue(instance.pk))


@receiver(post_save, sender=Author)
@receiver(post_save, sender=NewsTag)
def retire_cached_pages(sender, **kwargs):
    bump_generation()
