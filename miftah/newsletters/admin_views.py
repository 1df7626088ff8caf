"""Editors' actions beyond the snippet forms: send an issue now, and prepare a list's next issue (built from what
was published, to reorder and introduce before the schedule sends it). Permissions are checked here, server-side."""

from django.utils.translation import gettext
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from .issues import prepare_issue
from .models import Delivery, Issue, NewsletterList
from .sending import recipients, start_sending


def _require(request, permission):
    if not request.user.has_perm(f"newsletters.{permission}"):
        raise PermissionDenied


def send_issue(request, pk):
    _require(request, "change_issue")
    issue = get_object_or_404(Issue.objects.select_related("newsletter"), pk=pk)
    if request.method == "POST":
        if start_sending(issue):
            messages.success(request, gettext("بدأ إرسال «%(subject)s» في الخلفية.") % {"subject": issue.subject})
        else:
            messages.warning(request, gettext("«%(subject)s» قيد الإرسال أو أُرسل من قبل.") % {"subject": issue.subject})
        return redirect(reverse("wagtailsnippets_newsletters_issue:list"))
    counts = dict(_status_counts(issue))
    return TemplateResponse(request, "newsletters/admin/send.html", {
        "issue": issue, "page_title": gettext("إرسال «%(subject)s»") % {"subject": issue.subject}, "header_icon": "mail",
        "recipient_count": recipients(issue.newsletter_id).count(), "counts": counts,
        "items": issue.items.select_related("article").order_by("sort_order")})


def _status_counts(issue):
    labels = dict(Delivery.STATUSES)
    from django.db.models import Count

    for row in issue.deliveries.values("status").annotate(n=Count("pk")).order_by("status"):
        yield labels.get(row["status"], row["status"]), row["n"]


def prepare_next(request, pk):
    _require(request, "add_issue")
    newsletter = get_object_or_404(NewsletterList, pk=pk)
    if request.method != "POST":
        return TemplateResponse(request, "newsletters/admin/prepare.html", {
            "newsletter": newsletter, "page_title": gettext("العدد التالي من «%(newsletter)s»") % {"newsletter": newsletter.name}, "header_icon": "doc-full"})
    issue = prepare_issue(newsletter)
    messages.success(request, gettext("جُهّز العدد التالي من «%(newsletter)s»: رتّب مقالاته وأضف مقدمة، ثم احفظ.") % {"newsletter": newsletter.name})
    return redirect(reverse("wagtailsnippets_newsletters_issue:edit", args=[issue.pk]))
