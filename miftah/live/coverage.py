"""What editors do to live coverage (start, post, edit, delete, end) and what readers' pages fetch of it.

Every change moves the coverage's `changed_at` (the version polls and cached JSON are keyed by) and retires only the
live page (miftah.live.caching); starting and ending also change the ticker badge everywhere.
"""

from django.utils.translation import gettext_lazy
import logging

from django.db import transaction
from django.db.models import Count, Max, Prefetch
from django.utils import timezone
from django_tasks import task
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.log_actions import log

from .caching import retire_everywhere, retire_live_page
from .models import LiveCoverage, LiveUpdate

logger = logging.getLogger(__name__)

# Entries of the article's history (Wagtail's audit log): action -> (label, message).
LOG_ACTIONS = {
    "miftah.live.start": (gettext_lazy("بدء تغطية مباشرة"), gettext_lazy("بدأت التغطية المباشرة")),
    "miftah.live.end": (gettext_lazy("إنهاء تغطية مباشرة"), gettext_lazy("انتهت التغطية المباشرة")),
    "miftah.live.post": (gettext_lazy("نشر تحديث مباشر"), gettext_lazy("نُشر تحديث مباشر")),
    "miftah.live.edit": (gettext_lazy("تعديل تحديث مباشر"), gettext_lazy("عُدِّل تحديث مباشر")),
    "miftah.live.delete": (gettext_lazy("حذف تحديث مباشر"), gettext_lazy("حُذف تحديث مباشر")),
}
IMAGE_SPECS = ("width-800|format-webp", "width-480|format-webp")
PAGE_UPDATES = 50  # shown on the article page besides the pinned ones; ?updates=all shows every one
JSON_LD_UPDATES = 50  # the newest updates listed in liveBlogUpdate


def _log(article, action, user, **data):
    log(instance=article, action=action, user=user, data=data)


def start_coverage(article, user=None):
    coverage, created = LiveCoverage.objects.get_or_create(article=article)
    _log(article, "miftah.live.start", user)
    if not created:
        coverage.ended_at = None
        coverage.changed_at = timezone.now()
        coverage.save(update_fields=["ended_at", "changed_at"])
    retire_everywhere(article)
    return coverage


def end_coverage(coverage, user=None):
    coverage.ended_at = coverage.changed_at = timezone.now()
    coverage.save(update_fields=["ended_at", "changed_at"])
    _log(coverage.article, "miftah.live.end", user)
    retire_everywhere(coverage.article)


def _touch(coverage):
    coverage.changed_at = timezone.now()
    LiveCoverage.objects.filter(pk=coverage.pk).update(changed_at=coverage.changed_at)
    retire_live_page(coverage.article)


@transaction.atomic
def save_update(update, user=None):
    """Store a new or edited update; fetch its embed (oEmbed) in the background once it is stored."""
    action = "miftah.live.edit" if update.pk else "miftah.live.post"
    update.save()
    _touch(update.coverage)
    _log(update.coverage.article, action, user, update=update.pk)
    if update.embed_url and not Embed.objects.filter(hash=get_embed_hash(update.embed_url)).exists():
        url = update.embed_url
        transaction.on_commit(lambda: fetch_embed_task.enqueue(update.coverage_id, url))
    return update


@transaction.atomic
def delete_update(update, user=None):
    coverage, pk = update.coverage, update.pk
    update.delete()
    _touch(coverage)
    _log(coverage.article, "miftah.live.delete", user, update=pk)


@task()
def fetch_embed_task(coverage_id, url):
    """Ask the provider for the embed's HTML (stored by Wagtail), then retire the live page so readers get it."""
    from wagtail.embeds.embeds import get_embed
    from wagtail.embeds.exceptions import EmbedException

    try:
        get_embed(url)
    except EmbedException as error:  # unknown provider or not reachable: the update shows a plain link
        logger.info("no embed for %s: %r", url, error)
        return
    coverage = LiveCoverage.objects.select_related("article").filter(pk=coverage_id).first()
    if coverage is not None:
        _touch(coverage)


def coverage_of(article):
    """The article's coverage, or None; the ids of covered articles are kept until something is retired (starting
    coverage retires the article's page), so an ordinary article costs no query here."""
    from miftah.news.state import remember

    covered = remember("live-covered-article-ids", lambda: frozenset(
        LiveCoverage.objects.values_list("article_id", flat=True)))
    if article.pk not in covered:
        return None
    return LiveCoverage.objects.filter(article_id=article.pk).first()


def updates_of(coverage, after=None, *, pinned=None, limit=None):
    """The coverage's updates for display, pinned first then newest first, in a fixed number of queries: authors,
    images with their renditions, and stored embeds come in bulk."""
    images = get_image_model().objects.prefetch_renditions(*IMAGE_SPECS)
    queryset = (coverage.updates.select_related("author__author")
                .prefetch_related(Prefetch("image", queryset=images)).order_by("-is_pinned", "-posted_at", "-id"))
    if after is not None:
        queryset = queryset.filter(pk__gt=after)
    if pinned is not None:
        queryset = queryset.filter(is_pinned=pinned)
    updates = list(queryset[:limit] if limit else queryset)
    urls = {u.embed_url for u in updates if u.embed_url}
    embeds = {}
    if urls:
        by_hash = {get_embed_hash(url): url for url in urls}
        embeds = {by_hash[e.hash]: e.html for e in Embed.objects.filter(hash__in=by_hash) if e.html}
    for update in updates:
        update.embed_html = embeds.get(update.embed_url, "")
        profile = getattr(update.author, "author", None) if update.author else None
        update.author_name = (profile.name if profile else (update.author.get_full_name() or update.author.get_username())
                              if update.author else "")
    return updates


def page_updates(coverage, show_all=False):
    """What the article page shows: the pinned updates, the newest PAGE_UPDATES others (all of them with
    `show_all`), the key events (for their list of links), how many there are and the newest id (where polls start)."""
    pinned = updates_of(coverage, pinned=True)
    recent = updates_of(coverage, pinned=False, limit=None if show_all else PAGE_UPDATES)
    totals = coverage.updates.aggregate(count=Count("pk"), latest=Max("pk"))
    shown = {u.pk for u in pinned} | {u.pk for u in recent}
    key_events = list(coverage.updates.filter(is_key_event=True).order_by("posted_at", "id")
                      .only("id", "coverage_id", "posted_at", "headline", "body"))
    for event in key_events:
        event.href = f"#{event.anchor}" if event.pk in shown else f"?updates=all#{event.anchor}"
    return {"pinned": pinned, "updates": recent, "key_events": key_events, "count": totals["count"],
            "latest_id": totals["latest"] or 0, "hidden": totals["count"] - len(shown)}
