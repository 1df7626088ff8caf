"""Tag articles when they are published; retire cached reader pages when the knowledge base changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from miftah.core.cache import bump_generation
from miftah.news.models import ArticlePage

from .indexing import index_article_safely
from .models import ArticleEntity, Entity


@receiver(page_published, sender=ArticlePage)
def index_published_article(sender, instance, **kwargs):
    index_article_safely(instance)


@receiver(post_save, sender=Entity)
@receiver(post_delete, sender=Entity)
@receiver(post_save, sender=ArticleEntity)
def retire_cached_pages(sender, **kwargs):
    bump_generation()
