"""Building issues from what was published, and the schedule that sends them.

An automatic issue gathers the articles a list covers (all, breaking only, a section and its sub-sections, or a
dossier) published after the list's `covered_until`. The open automatic issue is a draft editors may reorder and
give an intro; when the schedule comes round it is topped up with what was published since and sent.
"""

from django.db import transaction
from django.utils import timezone

from miftah.news.models import ArticlePage

from .models import Issue, IssueItem, NewsletterList


def new_articles(newsletter, since, exclude_ids=()):
    """Live, public articles of this list first published after `since`, oldest first (one query). Lists are the
    source (Arabic) edition's: another edition's articles are not in them (docs/editions.md)."""
    from django.conf import settings

    articles = (ArticlePage.objects.live().public().filter(first_published_at__gt=since)
                .filter(locale__language_code=settings.LANGUAGE_CODE))
    if newsletter.source == NewsletterList.BREAKING:
        articles = articles.filter(is_breaking=True)
    elif newsletter.source == NewsletterList.SECTION:
        if newsletter.section is None:
            return []
        articles = articles.descendant_of(newsletter.section)
    elif newsletter.source == NewsletterList.DOSSIER:
        if newsletter.dossier is None:
            return []
        from miftah.dossiers.queries import article_ids_for_entity

        articles = articles.filter(pk__in=article_ids_for_entity(newsletter.dossier))
    articles = articles.exclude(pk__in=list(exclude_ids)).order_by("-first_published_at")
    return list(articles.only("id", "first_published_at")[: newsletter.max_items])[::-1]


def default_subject(newsletter, now=None):
    from miftah.arabic.dates import format_date

    return f"{newsletter.name} — {format_date(timezone.localtime(now or timezone.now()).date())}"


@transaction.atomic
def prepare_issue(newsletter, now=None):
    """The list's open automatic issue (a draft), topped up with what was published since; created if need be."""
    now = now or timezone.now()
    issue = (Issue.objects.select_for_update().filter(newsletter=newsletter, automatic=True, status=Issue.DRAFT)
             .order_by("pk").first())
    if issue is None:
        issue = Issue.objects.create(newsletter=newsletter, automatic=True, subject=default_subject(newsletter, now))
    present = list(issue.items.values_list("article_id", flat=True))
    room = max(0, newsletter.max_items - len(present))
    last = issue.items.order_by("-sort_order").values_list("sort_order", flat=True).first()
    start = (last if last is not None else -1) + 1
    fresh = new_articles(newsletter, newsletter.covered_until, exclude_ids=present)[:room] if room else []
    IssueItem.objects.bulk_create(
        [IssueItem(issue=issue, article=article, sort_order=start + n) for n, article in enumerate(fresh)])
    NewsletterList.objects.filter(pk=newsletter.pk).update(covered_until=now)
    newsletter.covered_until = now
    return issue


def run_schedule(now=None):
    """What the periodic job does each minute: send the lists that are due and the issues whose time has come.
    Returns the issues it started sending."""
    from .sending import recipients, start_sending

    now = now or timezone.now()
    started = []
    for newsletter in NewsletterList.objects.filter(active=True).exclude(frequency=NewsletterList.MANUAL):
        if not newsletter.is_due(now):
            continue
        # Claim this period's run: another worker ticking at the same moment updates nothing and moves on.
        if not NewsletterList.objects.filter(pk=newsletter.pk, last_run_at=newsletter.last_run_at).update(last_run_at=now):
            continue
        if not recipients(newsletter.pk).exists():  # nobody to send to: no empty "sent" issue, start afresh later
            NewsletterList.objects.filter(pk=newsletter.pk).update(covered_until=now)
            continue
        issue = prepare_issue(newsletter, now)
        if issue.send_at is None and (issue.items.exists() or issue.intro.strip()):
            if start_sending(issue):
                started.append(issue)
    for issue in Issue.objects.filter(status__in=[Issue.DRAFT, Issue.SCHEDULED], send_at__lte=now):
        if start_sending(issue):
            started.append(issue)
    return started
