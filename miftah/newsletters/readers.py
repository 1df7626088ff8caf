"""What a reader can do, without an account: sign up (double opt-in), confirm, unsubscribe, change lists, take
their data away or have it deleted. The views call these; so do the ESP webhooks (bounces, complaints)."""

import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from miftah.core.ratelimit import hit

from .models import NewsletterList, Subscriber, Subscription


def subscribe(email, newsletters):
    """Pending subscriptions to `newsletters` and one confirmation mail, queued; already confirmed ones stay as they
    are. Returns the subscriber, or None when this address has had its share of confirmation mails today."""
    email = email.strip().lower()
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        asked = []
        for newsletter in newsletters:
            subscription, created = Subscription.objects.get_or_create(subscriber=subscriber, newsletter=newsletter)
            if subscription.status != Subscription.CONFIRMED:
                if not created:
                    Subscription.objects.filter(pk=subscription.pk).update(status=Subscription.PENDING)
                asked.append(newsletter.pk)
    if not asked:
        return subscriber
    # Nobody can make us mail-bomb an address: a few confirmation mails a day, whoever asks.
    if hit(f"miftah:newsletters:confirm-mails:{subscriber.pk}", 24 * 3600) > settings.MIFTAH_NEWSLETTER_CONFIRMS_PER_DAY:
        return None
    transaction.on_commit(lambda: send_confirmation.enqueue(subscriber.pk, asked), robust=True)
    return subscriber


@task()
def send_confirmation(subscriber_id, newsletter_ids):
    from .mail import confirmation_message

    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is None:
        return 0
    newsletters = list(NewsletterList.objects.filter(pk__in=newsletter_ids))
    return confirmation_message(subscriber, newsletters).send()


def confirm(subscriber, newsletter_ids):
    """Confirm the pending subscriptions the link named; returns the lists now confirmed."""
    now = timezone.now()
    Subscription.objects.filter(subscriber=subscriber, newsletter_id__in=newsletter_ids,
                                status=Subscription.PENDING).update(status=Subscription.CONFIRMED, confirmed_at=now)
    return list(NewsletterList.objects.filter(subscriptions__subscriber=subscriber, pk__in=newsletter_ids,
                                              subscriptions__status=Subscription.CONFIRMED))


def unsubscribe(subscriber, newsletter=None):
    """Leave one list, or all of them (newsletter=None); returns how many subscriptions ended."""
    subscriptions = Subscription.objects.filter(subscriber=subscriber).exclude(status=Subscription.UNSUBSCRIBED)
    if newsletter is not None:
        subscriptions = subscriptions.filter(newsletter=newsletter)
    return subscriptions.update(status=Subscription.UNSUBSCRIBED, unsubscribed_at=timezone.now())


def set_lists(subscriber, wanted_ids):
    """The preferences page: exactly these lists. Reached by a signed link, so a list added here needs no new
    confirmation (the link proves the mailbox)."""
    wanted = set(NewsletterList.objects.filter(pk__in=wanted_ids, active=True).values_list("pk", flat=True))
    now = timezone.now()
    with transaction.atomic():
        for pk in wanted:
            subscription, _ = Subscription.objects.get_or_create(subscriber=subscriber, newsletter_id=pk)
            if subscription.status != Subscription.CONFIRMED:
                Subscription.objects.filter(pk=subscription.pk).update(status=Subscription.CONFIRMED, confirmed_at=now)
        Subscription.objects.filter(subscriber=subscriber).exclude(newsletter_id__in=wanted).exclude(
            status=Subscription.UNSUBSCRIBED).update(status=Subscription.UNSUBSCRIBED, unsubscribed_at=now)
    return wanted


def mark(email, status, note=""):
    """A bounce or complaint the ESP reported: the address gets no more mail (a complaint also ends every list)."""
    subscriber = Subscriber.objects.filter(email=email.strip().lower()).first()
    if subscriber is None:
        return None
    Subscriber.objects.filter(pk=subscriber.pk).update(status=status, status_changed_at=timezone.now(),
                                                       status_note=note[:300])
    if status == Subscriber.COMPLAINED:
        unsubscribe(subscriber)
    return subscriber


def export(subscriber):
    """Everything stored about this reader, as JSON (a data request)."""
    def moment(value):
        return value.isoformat() if value else None

    data = {
        "email": subscriber.email, "status": subscriber.status, "status_note": subscriber.status_note,
        "created_at": moment(subscriber.created_at), "status_changed_at": moment(subscriber.status_changed_at),
        "subscriptions": [
            {"newsletter": s.newsletter.name, "slug": s.newsletter.slug, "status": s.status,
             "created_at": moment(s.created_at), "confirmed_at": moment(s.confirmed_at),
             "unsubscribed_at": moment(s.unsubscribed_at)}
            for s in subscriber.subscriptions.select_related("newsletter").order_by("pk")],
        "deliveries": [
            {"issue": d.issue.subject, "status": d.status, "sent_at": moment(d.sent_at)}
            for d in subscriber.deliveries.select_related("issue").order_by("pk")],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def forget(subscriber):
    """Delete the reader and everything linked to them (subscriptions, deliveries); their links stop working."""
    subscriber.delete()
