"""Ends sessions that "log out everywhere" or the idle limit have made stale (see miftah.audit.sessions).

Placed after AuthenticationMiddleware; anonymous requests (every reader) cost nothing: only a session that carries a
logged-in user is checked, with one indexed query.
"""

from django.utils.translation import gettext_lazy
from django.contrib import messages

from .sessions import end_session, session_is_stale

MESSAGES = {
    "epoch": gettext_lazy("انتهت جلستك لأنها أُنهيت على كل الأجهزة. ادخل من جديد."),
    "idle": gettext_lazy("انتهت جلستك بعد مدة بلا نشاط. ادخل من جديد."),
    "expired": gettext_lazy("انتهت مدة جلستك. ادخل من جديد."),
}


class SessionEpochMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            reason = session_is_stale(request)
            if reason:
                end_session(request)
                messages.warning(request, MESSAGES[reason])
        return self.get_response(request)
