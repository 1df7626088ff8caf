"""Bulk (re)indexing: articles in batches with their tags, authors and section fetched once per batch.

Used by ``miftah load-corpus`` after writing the pages and by ``miftah reindex``. Other indexed models go
through the backend's ``add_items`` in chunks, as Wagtail's ``update_index`` does.
"""

from django.db import transaction
from modelsearch.index import get_indexed_models
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from miftah.news.tree import parent_pages

BATCH = 500


def _article_batch(ids):
    from miftah.news.models import ArticlePage

    articles = list(
        ArticlePage.objects.filter(pk__in=ids).prefetch_related("tags", "article_authors__author").order_by("pk")
    )
    sections = parent_pages(articles, Page.objects.only("id", "title", "path"))
    for article in articles:
        article.__dict__["authors"] = [link.author for link in article.article_authors.all()]
        article.__dict__["section"] = sections.get(article.path)
    return articles


def index_articles(ids, progress=None, backend=None):
    """Index the ArticlePages with these ids (a list), BATCH at a time."""
    from miftah.news.models import ArticlePage

    backend = backend or get_search_backend()
    index = backend.get_index_for_model(ArticlePage)
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        with transaction.atomic():
            index.add_items(ArticlePage, _article_batch(batch))
        if progress:
            progress.advance(len(batch))


def indexed_models():
    from miftah.news.models import ArticlePage

    return [model for model in get_indexed_models() if model is not ArticlePage]


def reindex_all(progress_factory):
    """Rebuild the whole index: stale entries removed, articles fast, every other model in chunks."""
    from miftah.news.models import ArticlePage

    backend = get_search_backend()
    counts = {}
    index = backend.get_index_for_model(ArticlePage)
    if hasattr(index, "delete_stale_entries"):
        index.delete_stale_entries()
    ids = list(ArticlePage.get_indexed_objects().order_by("pk").values_list("pk", flat=True))
    progress = progress_factory(len(ids), "articles")
    index_articles(ids, progress, backend)
    progress.close()
    counts["news.ArticlePage"] = len(ids)
    for model in indexed_models():
        queryset = model.get_indexed_objects().order_by("pk")
        total = queryset.count()
        if not total:
            continue
        model_index = backend.get_index_for_model(model)
        progress = progress_factory(total, model._meta.label)
        for start in range(0, total, BATCH):
            chunk = list(queryset[start : start + BATCH])
            with transaction.atomic():
                model_index.add_items(model, chunk)
            progress.advance(len(chunk))
        progress.close()
        counts[model._meta.label] = total
    if hasattr(index, "_refresh_title_norms"):
        index._refresh_title_norms(full=True)
    return counts
