"""Sending an issue through the worker: one Delivery row per reader, written before anything is sent; batches of
them queued as tasks; each message claimed just before it goes out and marked sent just after.

Why that order: a worker that dies mid-batch has its task put back in the queue (miftah/worker/housekeeping.py).
The rerun sends what is still PENDING and never what was CLAIMED — that one message may or may not have left, so it
is recorded as UNCERTAIN rather than sent twice. A server that answers with an error (4xx, or a dropped connection
before it accepted the message) leaves the rest of the batch PENDING, and the batch is tried again with back-off.
"""

from django.utils.translation import gettext
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from .mail import render_issue
from .models import Delivery, Issue, Subscriber, Subscription

logger = logging.getLogger(__name__)

RETRY_DELAYS = (30, 120, 600, 1800)  # seconds before a batch's 2nd … 5th attempt
INSERT_CHUNK = 1000


def recipients(newsletter_id):
    return Subscription.objects.filter(newsletter_id=newsletter_id, status=Subscription.CONFIRMED,
                                       subscriber__status=Subscriber.ACTIVE).values_list("subscriber_id", flat=True)


def start_sending(issue):
    """Freeze the issue's recipients and queue its batches (after commit); False when it was already sending or sent."""
    now = timezone.now()
    with transaction.atomic():
        if not Issue.objects.filter(pk=issue.pk, status__in=[Issue.DRAFT, Issue.SCHEDULED]).update(
                status=Issue.SENDING, sending_started_at=now):
            return False
        ids = list(recipients(issue.newsletter_id).order_by("subscriber_id"))
        for start in range(0, len(ids), INSERT_CHUNK):
            Delivery.objects.bulk_create([Delivery(issue_id=issue.pk, subscriber_id=pk)
                                          for pk in ids[start:start + INSERT_CHUNK]], ignore_conflicts=True)
        transaction.on_commit(lambda: queue_batches(issue.pk), robust=True)
    issue.status, issue.sending_started_at = Issue.SENDING, now
    return True


def queue_batches(issue_id):
    ids = list(Delivery.objects.filter(issue_id=issue_id, status=Delivery.PENDING).order_by("pk")
               .values_list("pk", flat=True))
    size = settings.MIFTAH_NEWSLETTER_BATCH
    for start in range(0, len(ids), size):
        send_batch.enqueue(issue_id, ids[start:start + size])
    finish_if_done(issue_id)
    return len(ids)


def finish_if_done(issue_id):
    if Delivery.objects.filter(issue_id=issue_id, status__in=[Delivery.PENDING, Delivery.CLAIMED]).exists():
        return False
    return bool(Issue.objects.filter(pk=issue_id, status=Issue.SENDING).update(status=Issue.SENT, sent_at=timezone.now()))


def _permanent(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


@task()
def send_batch(issue_id, delivery_ids, attempt=1):
    """Send these deliveries of one issue over one connection; returns how many were sent."""
    # Left CLAIMED by a run of this batch that died mid-send (only one worker holds a task): never sent again.
    lost = Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.CLAIMED).update(
        status=Delivery.UNCERTAIN, error=gettext("انقطع الإرسال أثناء هذه الرسالة؛ لم يُعَد إرسالها تفادياً للتكرار."))
    if lost:
        logger.warning("newsletter issue %s: %d message(s) in flight when a worker stopped, not resent", issue_id, lost)
    issue = Issue.objects.select_related("newsletter").get(pk=issue_id)
    pending = list(Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.PENDING).select_related("subscriber")
                   .order_by("pk"))
    wanted = set(recipients(issue.newsletter_id).filter(subscriber_id__in=[d.subscriber_id for d in pending]))
    skipped = [d.pk for d in pending if d.subscriber_id not in wanted]  # unsubscribed or bounced since the start
    Delivery.objects.filter(pk__in=skipped).update(status=Delivery.SKIPPED)
    pending = [d for d in pending if d.subscriber_id in wanted]
    sent, transient = 0, None
    if pending:
        rendered = render_issue(issue)
        connection = get_connection(fail_silently=False)
        try:
            connection.open()
            for delivery in pending:
                if not Delivery.objects.filter(pk=delivery.pk, status=Delivery.PENDING).update(
                        status=Delivery.CLAIMED, attempts=F("attempts") + 1):
                    continue
                try:
                    connection.send_messages([rendered.message(delivery.subscriber, connection)])
                except Exception as error:  # noqa: BLE001 - any transport's error: sorted into permanent or not
                    if _permanent(error):
                        Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.FAILED, error=repr(error)[:500])
                        continue
                    Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.PENDING, error=repr(error)[:500])
                    transient = error
                    break
                Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.SENT, sent_at=timezone.now(), error="")
                sent += 1
        except Exception as error:  # noqa: BLE001 - could not connect: nothing was claimed, all stays PENDING
            transient = error
        finally:
            try:
                connection.close()
            except Exception:  # noqa: BLE001 - a connection that already broke
                pass
    if transient is not None:
        _retry_later(issue_id, delivery_ids, attempt, transient)
    finish_if_done(issue_id)
    return sent


def _retry_later(issue_id, delivery_ids, attempt, error):
    if attempt <= len(RETRY_DELAYS):
        delay = RETRY_DELAYS[attempt - 1]
        logger.warning("newsletter issue %s: batch stopped (attempt %s), retrying in %ss: %r", issue_id, attempt, delay,
                       error)
        send_batch.using(run_after=timezone.now() + timedelta(seconds=delay)).enqueue(issue_id, delivery_ids, attempt + 1)
        return
    logger.error("newsletter issue %s: batch gave up after %s attempts: %r", issue_id, attempt, error)
    Delivery.objects.filter(pk__in=delivery_ids, status=Delivery.PENDING).update(
        status=Delivery.FAILED, error=f"تعذّر الإرسال بعد {attempt} محاولات: {error!r}"[:500])  # i18n: not interface text (stored on the delivery record)
