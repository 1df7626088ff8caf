"""Retire cached reader pages when the knowledge base changes (mentions are stored by miftah.news.pipeline)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from miftah.core.cache import bump_generation

from .models import ArticleEntity, Entity


@receiver(post_save, sender=Entity)
@receiver(post_delete, sender=Entity)
@receiver(post_save, sender=ArticleEntity)
def retire_cached_pages(sender, **kwargs):
    bump_generation()
