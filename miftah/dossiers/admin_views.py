"""The editor's view of an article's entities: /admin/dossiers/article/<page id>/ ("الكيانات المقترحة").

Shows what the matcher finds in the latest revision (ambiguous names too, flagged), what is already
stored for the article, and the trigger-based suggestions of new actors. The editor accepts or
rejects each entity (accepted ones are what the article page lists), adds one by name, turns a
suggestion into a new entity (accepted on the article), or dismisses a suggestion for good.

On a live article those changes reach readers at once, with no review, so they need publish rights; a writer
sees the screen read-only there (and decides freely on an article that is not live yet).
"""

from django.utils.translation import gettext, gettext_lazy
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from miftah.arabic.normalize import normalize
from miftah.news.models import ArticlePage
from miftah.news.text import article_text

from .indexing import index_articles
from .kb import get_matcher
from .models import ENTITY_TYPE_CHOICES, TYPE_LABELS, ArticleEntity, Entity, RejectedSuggestion
from .triggers import suggest_entities

ACTIONS = {"accept", "reject", "reset", "accept_all", "add", "create", "dismiss"}


def detected_entities(text, matcher):
    """[{entity_id, canonical, type, count, surface, ambiguous}] for every entity the matcher sees."""
    found = {}
    for mention in matcher.find(text, include_ambiguous=True):
        row = found.setdefault(mention.entity_id, {
            "entity_id": mention.entity_id, "canonical": mention.canonical, "type": mention.type,
            "count": 0, "surface": mention.surface, "ambiguous": True, "start": mention.start,
        })
        row["count"] += 1
        row["ambiguous"] = row["ambiguous"] and mention.ambiguous
    return sorted(found.values(), key=lambda row: row["start"])


def open_suggestions(text, matcher):
    rejected = set(RejectedSuggestion.objects.values_list("key", flat=True))
    return [s for s in suggest_entities(text, matcher) if normalize(s.name) not in rejected]


READ_ONLY_REASON = (gettext_lazy("هذا المقال منشور، وأي تغيير في كياناته يظهر للقرّاء فوراً دون مراجعة؛ لذلك يقتصر تأكيد الكيانات "
                    "ورفضها والتراجع عنها على من يملك صلاحية النشر. تستطيع الاطلاع على الاقتراحات هنا، واطلب من "
                    "محرر اعتمادها."))


def may_decide(page, permissions):
    """Whether this user may change the article's entities: publish rights on a live article, edit rights otherwise."""
    return permissions.can_publish() if page.live else permissions.can_edit()


def _set_status(page, entity_id, status, count=0):
    link, created = ArticleEntity.objects.get_or_create(
        article_id=page.pk, entity_id=entity_id, defaults={"status": status, "count": count}
    )
    if not created and link.status != status:
        link.status = status
        link.save(update_fields=["status"])
    return link


@require_http_methods(["GET", "POST"])
def article_entities_view(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if page.specific_class is not ArticlePage:
        raise Http404(gettext("ليست صفحة مقال"))
    permissions = page.permissions_for_user(request.user)
    if not permissions.can_edit():
        raise PermissionDenied
    can_decide = may_decide(page, permissions)
    draft = page.specific.get_latest_revision_as_object()
    text = article_text(draft)
    matcher = get_matcher()

    status = 200
    if request.method == "POST" and can_decide:
        _handle_post(request, page, text, matcher)
        return redirect(reverse("dossiers_article_entities", args=[page.pk]))
    if request.method == "POST":
        # Refused, and said why on the same screen (Wagtail would turn PermissionDenied into a bare redirect).
        messages.error(request, READ_ONLY_REASON)
        status = 403

    detected = detected_entities(text, matcher)
    stored = {link.entity_id: link for link in ArticleEntity.objects.filter(article_id=page.pk).select_related("entity")}
    rows = []
    for row in detected:
        link = stored.get(row["entity_id"])
        rows.append({**row, "type_label": TYPE_LABELS.get(row["type"]), "status": link.status if link else None})
    for entity_id, link in stored.items():
        if entity_id not in {row["entity_id"] for row in detected}:
            rows.append({"entity_id": entity_id, "canonical": link.entity.canonical, "type": link.entity.type,
                         "type_label": link.entity.type_label, "count": 0, "surface": "", "ambiguous": False,
                         "status": link.status})
    context = {
        "page": page,
        "page_title": gettext("الكيانات المقترحة"),
        "page_subtitle": page.get_admin_display_title(),
        "header_icon": "group",
        "rows": rows,
        "suggestions": open_suggestions(text, matcher),
        "type_choices": [choice for choice in ENTITY_TYPE_CHOICES if choice[0] != "event"],
        "has_accepted": any(row["status"] == ArticleEntity.ACCEPTED for row in rows),
        "edit_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
        "can_decide": can_decide,
        "read_only_reason": READ_ONLY_REASON,
    }
    return TemplateResponse(request, "dossiers/admin/article_entities.html", context, status=status)


def _handle_post(request, page, text, matcher):
    action = request.POST.get("action")
    if action not in ACTIONS:
        messages.error(request, gettext("إجراء غير معروف."))
        return
    with transaction.atomic():
        if action in {"accept", "reject", "reset"}:
            entity = get_object_or_404(Entity, pk=request.POST.get("entity"))
            count = sum(1 for m in matcher.find(text, include_ambiguous=True) if m.entity_id == entity.pk)
            if action == "reset":
                ArticleEntity.objects.filter(article_id=page.pk, entity=entity).delete()
            else:
                _set_status(page, entity.pk, ArticleEntity.ACCEPTED if action == "accept" else ArticleEntity.REJECTED, count)
            messages.success(request, {"accept": gettext("أُكِّد"), "reject": gettext("رُفض"), "reset": gettext("أُعيد إلى الرصد الآلي")}[action]
                             + f": {entity.canonical}")
        elif action == "accept_all":
            detected = [row for row in detected_entities(text, matcher) if not row["ambiguous"]]
            decided = set(ArticleEntity.objects.filter(article_id=page.pk, status=ArticleEntity.REJECTED)
                          .values_list("entity_id", flat=True))
            for row in detected:
                if row["entity_id"] not in decided:
                    _set_status(page, row["entity_id"], ArticleEntity.ACCEPTED, row["count"])
            messages.success(request, gettext("أُكِّدت الكيانات المرصودة غير الملتبسة."))
        elif action == "add":
            name = request.POST.get("name", "").strip()
            entity = Entity.objects.filter(canonical=name).first()
            if entity is None:
                found = matcher.lookup(name)
                entity = Entity.objects.filter(pk=found[0].id).first() if found else None
            if entity is None:
                messages.error(request, gettext("لا يوجد كيان بهذا الاسم: %(name)s. أنشئه من اقتراح أو من قائمة الكيانات.") % {"name": name})
                return
            _set_status(page, entity.pk, ArticleEntity.ACCEPTED)
            messages.success(request, gettext("أُضيف: %(name)s") % {"name": entity.canonical})
        elif action == "create":
            name = request.POST.get("name", "").strip()
            entity_type = request.POST.get("type")
            if not name or entity_type not in TYPE_LABELS:
                messages.error(request, gettext("الاسم والنوع مطلوبان."))
                return
            entity, created = Entity.objects.get_or_create(canonical=name, defaults={"type": entity_type,
                                                                                      "source": "editor"})
            _set_status(page, entity.pk, ArticleEntity.ACCEPTED)
            messages.success(request, (gettext("أُنشئ وأُكِّد: %(name)s") if created else gettext("موجود وأُكِّد: %(name)s"))
                             % {"name": entity.canonical})
        elif action == "dismiss":
            name = request.POST.get("name", "").strip()
            if name:
                RejectedSuggestion.objects.get_or_create(
                    key=normalize(name), defaults={"name": name, "type": request.POST.get("type") or "person"}
                )
                messages.success(request, gettext("لن يُقترح «%(name)s» بعد الآن.") % {"name": name})
    if action in {"create", "add"} and page.live:
        # Counts and timeline for a live article, with the knowledge base as it is now.
        index_articles([ArticlePage.objects.get(pk=page.pk)])
