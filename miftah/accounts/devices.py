"""A staff member's second factors: authenticator apps (TOTP) and single-use recovery codes (django-otp static
tokens), and the audit log entries their changes leave in «سجل الموقع»."""

from django.utils.translation import gettext, gettext_lazy
import math
from base64 import b32encode

import segno
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django.utils.functional import LazyObject, empty

from miftah.audit.events import record_account

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = gettext_lazy("رموز الاسترداد")
# Arabic-Indic and Persian digits, as phones with an Arabic keyboard type them.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def audit(user, action, by, data):
    """An entry in Wagtail's audit log («سجل الموقع») about this user's second factors, logged against the account
    like every security event (miftah.audit), so editors can read it without permissions on users."""
    record_account(action, concrete(user).get_username(), user=concrete(by), **(data or {}))


def concrete(user):
    """The User behind request.user: the audit log looks up the logger by the instance's type, and the auth and
    django-otp middlewares each wrap the user in a lazy object."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def normalise_code(value):
    """A code as typed (spaces, hyphens, Arabic digits, capitals) in the form the devices store."""
    return "".join(value.translate(_DIGITS).split()).replace("-", "").lower()


def is_totp_code(code):
    return code.isascii() and code.isdigit() and len(code) in (6, 8)


def authenticator_apps(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("created_at")


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_authenticator(user):
    """The unconfirmed app the enrolment page shows (one per user, so reloading the page keeps the same secret)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=gettext("تطبيق المصادقة"), confirmed=False)


def secret_for_display(device):
    """The base32 secret in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_svg(device):
    """The otpauth:// address as an inline SVG element (no script, no style attribute: it passes a strict CSP)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, border=2, dark="#000", light="#fff", title=gettext("رمز QR لإعداد تطبيق المصادقة"), svgclass="otp-qr")


def issue_recovery_codes(user):
    """Replace the user's recovery codes with new ones and return them (the only time they are shown)."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def confirm_authenticator(user, device, code, name):
    """Confirm a pending app with a code it shows; on success it counts as a second factor from now on."""
    if not is_totp_code(code) or not device.verify_token(code):
        return False
    device.confirmed, device.name = True, name
    device.save(update_fields=["confirmed", "name"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit(user, "miftah.otp.enrolled", by=user, data={"device": name})
    return True


def seconds_to_wait(device):
    allowed, details = device.verify_is_allowed()
    if allowed or not details or not details.get("locked_until"):
        return 0
    return max(1, math.ceil((details["locked_until"] - timezone.now()).total_seconds()))


def check_code(user, code):
    """(the device that accepts this code, None) — an app code or a recovery code — or (None, seconds to wait).

    Throttled by django-otp on each device: after a wrong code the next attempt waits 1, 2, 4… seconds
    (OTP_TOTP_THROTTLE_FACTOR / OTP_STATIC_THROTTLE_FACTOR); a throttled device refuses even a right code, and the
    answer is then "wait", never "wrong" or "right".
    """
    candidates = list(authenticator_apps(user) if is_totp_code(code) else StaticDevice.objects.devices_for_user(user))
    waits = [seconds_to_wait(device) for device in candidates]
    if candidates and all(waits):
        return None, min(waits)
    for device in candidates:
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            if isinstance(verified, StaticDevice):
                audit(user, "miftah.otp.recovery_used", by=user, data={"remaining": verified.token_set.count()})
            return verified, 0
    audit(user, "miftah.otp.failed", by=user, data={})
    return None, 0


def remove_authenticator(user, device, by):
    """Remove one app; with the last one go the recovery codes too (they only stand in for an app)."""
    with transaction.atomic():
        device.delete()
        last = not authenticator_apps(user).exists()
        if last:
            StaticDevice.objects.filter(user=user).delete()
    audit(user, "miftah.otp.removed", by=by, data={"device": device.name, "last": last})
    return last


def reset_all(user, by):
    """An admin's reset: every device and recovery code of the user goes; they enrol again at their next login."""
    with transaction.atomic():
        names = [device.name for device in devices_for_user(user, confirmed=None)]
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    audit(user, "miftah.otp.reset_by_admin", by=by, data={"devices": names})
    return names
