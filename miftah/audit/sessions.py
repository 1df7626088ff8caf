"""Session lifetime and "log out everywhere".

Each user has a session epoch (models.SessionEpoch). A session stores the epoch it was opened under; the middleware
ends it when the user's epoch has moved on. Ending every session of a user is therefore one UPDATE, and it works with
any session backend (database, cache, signed cookies) because nothing has to find the sessions themselves.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.db.models import F

from . import events
from .models import SessionEpoch

EPOCH_KEY = "miftah_session_epoch"
SEEN_KEY = "miftah_last_seen"
LOGIN_KEY = "miftah_logged_in_at"


def current_epoch(user_id):
    return SessionEpoch.objects.filter(user_id=user_id).values_list("epoch", flat=True).first() or 0


def remember_epoch(request, user):
    if request is not None and hasattr(request, "session"):
        request.session[EPOCH_KEY] = current_epoch(user.pk)
        request.session[SEEN_KEY] = request.session[LOGIN_KEY] = int(time.time())


def logout_everywhere(user, *, by=None, request=None):
    """End every session of ``user`` on every device; ``by`` is who asked (the user themself or an admin)."""
    epoch, created = SessionEpoch.objects.get_or_create(user=user, defaults={"epoch": 1})
    if not created:
        SessionEpoch.objects.filter(pk=epoch.pk).update(epoch=F("epoch") + 1)
    events.record_account(events.LOGOUT_EVERYWHERE, user.get_username(), user=by or user, request=request)


def session_is_stale(request):
    """Why this request's session must end, or None: its epoch is old, it was idle too long, or it is older than
    SESSION_COOKIE_AGE."""
    session = request.session
    user_id = session.get("_auth_user_id")
    if user_id is None:
        return None
    if session.get(EPOCH_KEY, 0) != current_epoch(user_id):
        return "epoch"
    now = int(time.time())
    # Touching the session (below) pushes Django's own expiry forward; the absolute limit counts from the login.
    if now - session.get(LOGIN_KEY, now) > settings.SESSION_COOKIE_AGE:
        return "expired"
    last_seen = session.get(SEEN_KEY)
    if last_seen is not None and now - last_seen > settings.MIFTAH_SESSION_IDLE_SECONDS:
        return "idle"
    if last_seen is None or now - last_seen > 300:  # write the session at most every five minutes, not on every request
        session[SEEN_KEY] = now
    return None


def end_session(request):
    # logout() also sends user_logged_out; the log entry then says «خروج» for the account, which is what happened.
    logout(request)
