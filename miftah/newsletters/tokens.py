"""The signed links a reader gets by e-mail — no account needed: confirm (expires), preferences and unsubscribe
(valid until the reader's data is deleted or their secret is rotated)."""

from django.conf import settings
from django.core import signing

CONFIRM_SALT = "miftah.newsletters.confirm"
READER_SALT = "miftah.newsletters.reader"


def confirm_token(subscriber, newsletter_ids):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.secret, "l": sorted(newsletter_ids)}, salt=CONFIRM_SALT,
                         compress=True)


def read_confirm_token(token):
    """(subscriber, newsletter ids) of a valid, unexpired confirmation link, else (None, [])."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=settings.MIFTAH_NEWSLETTER_CONFIRM_HOURS * 3600)
    except signing.BadSignature:
        return None, []
    return _subscriber(data), [int(pk) for pk in data.get("l", [])]


def reader_token(subscriber):
    return signing.dumps({"s": subscriber.pk, "k": subscriber.secret}, salt=READER_SALT, compress=True)


def read_reader_token(token):
    try:
        return _subscriber(signing.loads(token, salt=READER_SALT))
    except signing.BadSignature:
        return None


def _subscriber(data):
    from .models import Subscriber

    if not isinstance(data, dict):
        return None
    return Subscriber.objects.filter(pk=data.get("s"), secret=data.get("k") or "-").first()
