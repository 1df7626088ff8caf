"""Bounces and complaints reported by the ESP (django-anymail's tracking webhooks, any ESP it supports): the address
gets no more mail. Webhook URLs: /newsletters/esp/<esp>/tracking/ (docs/newsletters.md)."""

import logging

from anymail.signals import tracking
from django.dispatch import receiver

logger = logging.getLogger(__name__)

STATUS_FOR_EVENT = {"bounced": "bounced", "rejected": "bounced", "complained": "complained"}


@receiver(tracking, dispatch_uid="miftah.newsletters.tracking")
def esp_event(sender, event, esp_name, **kwargs):
    from . import readers
    from .models import Subscriber

    if not event.recipient:
        return
    if event.event_type == "unsubscribed":
        subscriber = Subscriber.objects.filter(email=event.recipient.strip().lower()).first()
        if subscriber:
            readers.unsubscribe(subscriber)
        return
    status = STATUS_FOR_EVENT.get(event.event_type)
    if status is None:
        return
    note = f"{esp_name}: {event.event_type} {event.reject_reason or ''} {event.description or ''}".strip()
    if readers.mark(event.recipient, status, note):
        logger.warning("newsletter address marked %s by %s", status, esp_name)
