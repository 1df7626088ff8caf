"""What follows a change to articles, in one place and one order: mentions → related → search index → page cache.

Every way an article comes to be or to change — the admin's save and publish, the WordPress import, the corpus
loader, the demo — ends by calling `article_changed(ids)`. It queues `process_articles` for after the current
transaction commits (one task per chunk of ids, the ids of one transaction gathered into one set), so a publish
request only writes its page and queues a row; the worker does the rest. Nothing else computes mentions, related
articles or an article's search entry.

A task that fails is retried with back-off (`RETRY_DELAYS`) and logged; the article stays as it was published.
`ArticleWork` keeps, per article, whether follow-up work is pending or has failed, for the editor's edit view.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

CHUNK = 100
RETRY_DELAYS = (10, 60, 300, 1800)  # seconds before the 2nd, 3rd, 4th and 5th attempt
STEPS = ("mentions", "related", "search", "cache")


def article_changed(ids, *, skip=()):
    """Queue the follow-up work for these ArticlePage ids once the current transaction commits.

    `skip` names steps the caller has already done for exactly these rows (the WordPress import writes search
    entries with its pages, analysed in its conversion process); any other step still runs here.
    """
    ids = {int(pk) for pk in ids}
    if not ids:
        return
    skip = tuple(sorted(set(skip)))
    unknown = set(skip) - set(STEPS)
    if unknown:
        raise ValueError(f"unknown pipeline steps: {sorted(unknown)}")
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for _savepoints, callback, _robust in connection.run_on_commit:
            if isinstance(callback, _QueueOnCommit) and callback.skip == skip and not callback.queued:
                callback.ids |= ids
                return
        # robust: the change is committed whatever happens here; a failure to queue is logged, not raised into the
        # command or request that made the change (which would then report its committed work as failed).
        transaction.on_commit(_QueueOnCommit(ids, skip), robust=True)
    else:
        _QueueOnCommit(ids, skip)()


class _QueueOnCommit:
    """The ids one transaction changed, queued together when it commits (a rolled-back transaction drops it)."""

    def __init__(self, ids, skip):
        self.ids = set(ids)
        self.skip = skip
        self.queued = False

    def __call__(self):
        from .models import ArticleWork

        self.queued = True
        ordered = sorted(self.ids)
        ArticleWork.mark_pending(ordered)
        for start in range(0, len(ordered), CHUNK):
            chunk = ordered[start:start + CHUNK]
            if not _already_queued(chunk, list(self.skip)):
                process_articles_task.enqueue(chunk, list(self.skip))


def _already_queued(ids, skip):
    """True when the database queue holds the same work not yet started (an admin save then publish queues twice)."""
    from django_tasks import task_backends

    if not type(task_backends["default"]).__module__.startswith("django_tasks_db"):
        return False
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=process_articles_task.module_path,
        args_kwargs={"args": [ids, skip], "kwargs": {}},
    ).exists()


@task()
def process_articles_task(ids, skip=(), attempt=1):
    """The queued form of `process_articles`, retried with back-off when it fails."""
    from .models import ArticleWork

    try:
        process_articles(ids, skip=skip)
    except Exception as error:
        if attempt <= len(RETRY_DELAYS):
            delay = RETRY_DELAYS[attempt - 1]
            logger.warning("article pipeline failed for %s (attempt %s), retrying in %ss: %r", ids, attempt, delay, error)
            ArticleWork.mark_retrying(ids, attempt, error)
            process_articles_task.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(
                ids, list(skip), attempt + 1
            )
        else:
            logger.error("article pipeline failed for %s after %s attempts: %r", ids, attempt, error)
            ArticleWork.mark_failed(ids, attempt, error)
        raise
    ArticleWork.mark_done(ids)


def process_articles(ids, *, skip=()):
    """Mentions, related articles, search entries, then the page cache, for these articles (live or not)."""
    from miftah.core.cache import retire
    from miftah.core.cache_tags import tags_of_article_work
    from miftah.dossiers.indexing import index_articles as store_mentions
    from miftah.search.indexer import index_articles as store_search_entries

    from .models import ArticlePage, ArticleRelation
    from .related import compute_related

    ids = sorted({int(pk) for pk in ids})
    articles = list(ArticlePage.objects.filter(pk__in=ids).order_by("pk"))
    live = [article for article in articles if article.live]
    if "mentions" not in skip:
        store_mentions(live)
    if "related" not in skip:
        for article in live:
            compute_related(article)
        ArticleRelation.objects.filter(article_id__in=[a.pk for a in articles if not a.live]).delete()
    if "search" not in skip:
        store_search_entries([article.pk for article in articles])
    if "cache" not in skip:
        retire(tags_of_article_work(ids))
    return len(articles)
