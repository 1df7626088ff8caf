"""Purge the caching proxy / CDN when a change retires cache tags (miftah.core.cache_tags).

`cache_tags_retired` arrives after the change commits, in the request (or command) that made it. The receiver only
queues `purge_task` on its own queue, `edge` (settings.MIFTAH_PURGE_QUEUE), so a purge never
waits behind the article pipeline: deployments run a worker for it (`miftah worker --queue edge --interval 0.1`,
deploy/systemd/miftah-worker-edge.service). The worker sends, to every backend of WAGTAILFRONTENDCACHE (Wagtail's
frontend-cache setting, built from the environment in settings.py), a PURGE of each URL the change touched and a BAN
of each tag it retired. A purge the proxy did not confirm is retried a few times, then the task fails (logged).
"""

import logging
import time
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.dispatch import receiver
from django_tasks import task
from wagtail.contrib.frontend_cache.utils import get_backends

from miftah.core.cache_tags import cache_tags_retired

from .backends import PurgeFailed

logger = logging.getLogger("miftah.edge")

ATTEMPT_DELAYS = (0.2, 1, 3)


def absolute_urls(paths):
    base = settings.MIFTAH_BASE_URL or settings.WAGTAILADMIN_BASE_URL
    return sorted({urljoin(base, path) for path in paths})


@receiver(cache_tags_retired)
def queue_proxy_purge(sender, tags=frozenset(), urls=(), **kwargs):
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    purge_task.enqueue(sorted(tags), absolute_urls(urls))


@task(queue_name=settings.MIFTAH_PURGE_QUEUE)
def purge_task(tags, urls):
    return purge_everywhere(tags, urls)


def purge_everywhere(tags, urls):
    """PURGE `urls` and BAN `tags` on every configured backend; returns what was done, per backend."""
    done, failed = {}, []
    for name, backend in get_backends().items():
        for delay in (*ATTEMPT_DELAYS, None):
            try:
                urls_here = [url for url in urls if backend.invalidates_hostname(urlsplit(url).hostname or "")]
                if urls_here:
                    backend.purge_batch(urls_here)
                if tags and hasattr(backend, "ban_tags"):
                    backend.ban_tags(tags)
                done[name] = {"urls": len(urls_here), "tags": len(tags)}
                break
            except PurgeFailed as error:
                if delay is None:
                    logger.error("purge on %s failed: %s", name, error)
                    failed.append(f"{name}: {error}")
                    break
                logger.warning("purge on %s failed (%s); again in %ss", name, error, delay)
                time.sleep(delay)
    if failed:  # the other backends were purged all the same; the task is marked failed for the operator
        raise PurgeFailed("; ".join(failed))
    return done
