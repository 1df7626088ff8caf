"""Admin screens: the current login lockouts with «إلغاء القفل», and «إنهاء كل الجلسات» for oneself or for a user."""

from django.utils.translation import gettext, gettext_lazy
from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from . import events
from .models import AuditSubject
from .sessions import logout_everywhere

UNLOCK_PERMISSION = "axes.delete_accessattempt"
KINDS = {"ip_address": gettext_lazy("عنوان IP"), "username": gettext_lazy("اسم الدخول")}


def current_lockouts():
    """Each username and each address whose failures within the cool-off reach the limit (axes sums the rows of one
    address across usernames, and of one username across addresses, the same way)."""
    attempts = AccessAttempt.objects.all()
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    rows = []
    for field in ("username", "ip_address"):
        grouped = (attempts.exclude(**{f"{field}__isnull": True}).values(field)
                   .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
                   .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
        for row in grouped:
            until = row["last"] + settings.AXES_COOLOFF_TIME if settings.AXES_COOLOFF_TIME else None
            rows.append({"kind": field, "kind_label": KINDS[field], "value": row[field], "failures": row["failures"],
                         "last": row["last"], "until": until})
    return rows


def lockouts(request):
    if not request.user.has_perm(UNLOCK_PERMISSION):
        raise PermissionDenied
    if request.method == "POST":
        kind, value = request.POST.get("kind"), request.POST.get("value", "")
        if kind not in KINDS or not value:
            messages.error(request, gettext("طلب غير صالح: لم يُحدَّد ما يُلغى قفله."))
        else:
            removed = reset(**{"ip" if kind == "ip_address" else "username": value})
            if kind == "username":
                events.record_account(events.UNLOCK, value, user=request.user, attempts=removed)
            else:  # the trail keeps networks, not addresses (see events)
                events.record(events.UNLOCK, AuditSubject.NETWORK, events.network_of(value), user=request.user,
                              attempts=removed)
            messages.success(request, gettext("أُلغي القفل عن %(kind)s %(value)s.") % {"kind": KINDS[kind], "value": value})
        return redirect("miftah_audit_lockouts")
    cooloff = settings.AXES_COOLOFF_TIME
    return TemplateResponse(request, "audit/lockouts.html", {
        "page_title": gettext("أقفال الدخول"), "header_icon": "lock", "rows": current_lockouts(),
        "limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(cooloff / timedelta(minutes=1)) if cooloff else None,
    })


def logout_everywhere_self(request):
    """GET shows what will happen; POST (with Django's CSRF check) ends every session, this one included."""
    if request.method == "POST":
        logout_everywhere(request.user, request=request)
        return redirect(reverse("wagtailadmin_login"))
    return TemplateResponse(request, "audit/logout_everywhere.html", {
        "page_title": gettext("إنهاء كل الجلسات"), "header_icon": "logout", "target": request.user, "is_self": True,
        "cancel_url": reverse("wagtailadmin_account"),
    })


def logout_everywhere_user(request, user_id):
    target = get_object_or_404(get_user_model(), pk=user_id)
    if not request.user.has_perm("auth.change_user") or (target.is_superuser and not request.user.is_superuser):
        raise PermissionDenied
    if request.method == "POST":
        logout_everywhere(target, by=request.user, request=request)
        messages.success(request, gettext("أُنهيت كل جلسات %(username)s على كل الأجهزة.") % {"username": target.get_username()})
        return redirect(reverse("wagtailusers_users:index"))
    return TemplateResponse(request, "audit/logout_everywhere.html", {
        "page_title": gettext("إنهاء كل الجلسات"), "header_icon": "logout", "target": target, "is_self": False,
        "cancel_url": reverse("wagtailusers_users:index"),
    })

