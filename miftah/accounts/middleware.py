"""Keeps a password-only session out of the admin until its second factor is given (or set up, when required).

Runs after django-otp's OTPMiddleware, which tells whether this session was verified with a device. For a signed-in
user who has a device, or whom SecuritySettings requires to have one, and whose session is not verified:
admin requests go to the verify step (or to enrolment), and everywhere else the request counts as anonymous, so a
stolen password alone opens no restricted page, document or preview.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.urls import reverse
from django_otp import user_has_device

from .models import SecuritySettings

VERIFY, ENROL = "verify", "enrol"
# What the step pages themselves load from the admin (icons, translations), and the way out.
ALWAYS_OPEN = SimpleLazyObject(lambda: {reverse(name) for name in (
    "wagtailadmin_logout", "wagtailadmin_sprite", "wagtailadmin_javascript_catalog")})


def pending_step(user):
    """What this signed-in user still owes: VERIFY, ENROL or None."""
    if not user.is_authenticated or user.is_verified():
        return None
    if user_has_device(user):
        return VERIFY
    if SecuritySettings.required_for(user):
        return ENROL
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)  # no session, nobody signed in: readers' requests stay untouched
        step = pending_step(request.user)
        if step is None:
            return self.get_response(request)
        step_url = reverse(f"miftah_accounts:{step}")
        if request.path == step_url or request.path in ALWAYS_OPEN:
            return self.get_response(request)
        if request.path.startswith(reverse("wagtailadmin_home")):
            return redirect(f"{step_url}?{urlencode({'next': request.get_full_path()})}")
        request.user = AnonymousUser()
        request.auser = _anonymous
        return self.get_response(request)


async def _anonymous():
    return AnonymousUser()
