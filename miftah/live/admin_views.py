"""The editor's live desk for one article: /admin/live/<page id>/ («التغطية المباشرة»).

Start the coverage, post an update in a few seconds (text, optional image or embed, key-event and pinned flags),
edit or delete one, end the coverage. Posting needs no revision or publish: the update is a row, readers' pages
poll for it. Whoever may edit the article may do all of this (checked here, on every request).
"""

from django.utils.translation import gettext
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from miftah.news.models import ArticlePage

from .coverage import coverage_of, delete_update, end_coverage, save_update, start_coverage
from .forms import LiveUpdateForm
from .models import LiveUpdate

DESK_UPDATES = 50


def editable_article(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if page.specific_class is not ArticlePage:
        raise Http404(gettext("ليست صفحة مقال"))
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page.specific


def desk_url(page):
    return reverse("live_desk", args=[page.pk])


@require_http_methods(["GET", "POST"])
def desk_view(request, page_id):
    article = editable_article(request, page_id)
    coverage = coverage_of(article)
    form = LiveUpdateForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            start_coverage(article, request.user)
            messages.success(request, gettext("بدأت التغطية المباشرة: يظهر المقال بشارة «مباشر» وتصل التحديثات إلى القرّاء تلقائياً."))
            return redirect(desk_url(article))
        if action == "end" and coverage is not None and coverage.is_live:
            end_coverage(coverage, request.user)
            messages.success(request, gettext("انتهت التغطية المباشرة: صار المقال مقالاً عادياً وبقيت التحديثات سجلاً للأحداث."))
            return redirect(desk_url(article))
        if action == "post" and coverage is not None:
            form = LiveUpdateForm(request.POST)
            if form.is_valid():
                update = form.save(commit=False)
                update.coverage, update.author = coverage, request.user
                save_update(update, request.user)
                messages.success(request, gettext("نُشر التحديث."))
                return redirect(desk_url(article))
        elif action not in {"start", "end", "post"}:
            messages.error(request, gettext("إجراء غير معروف."))
    return _render_desk(request, article, coverage, form, title=gettext("التغطية المباشرة"))


@require_http_methods(["GET", "POST"])
def edit_update_view(request, update_id):
    update = get_object_or_404(LiveUpdate.objects.select_related("coverage"), pk=update_id)
    article = editable_article(request, update.coverage.article_id)
    form = LiveUpdateForm(request.POST or None, instance=update)
    if request.method == "POST" and form.is_valid():
        save_update(form.save(commit=False), request.user)
        messages.success(request, gettext("حُفظ التعديل."))
        return redirect(desk_url(article))
    return _render_desk(request, article, update.coverage, form, title=gettext("تعديل تحديث"), editing=update)


@require_POST
def delete_update_view(request, update_id):
    update = get_object_or_404(LiveUpdate.objects.select_related("coverage"), pk=update_id)
    article = editable_article(request, update.coverage.article_id)
    delete_update(update, request.user)
    messages.success(request, gettext("حُذف التحديث."))
    return redirect(desk_url(article))


def _render_desk(request, article, coverage, form, *, title, editing=None):
    updates = list(coverage.updates.select_related("author")[:DESK_UPDATES]) if coverage else []
    context = {
        "page": article, "page_title": title, "page_subtitle": article.get_admin_display_title(),
        "header_icon": "time", "coverage": coverage, "form": form, "updates": updates, "editing": editing,
        "edit_url": reverse("wagtailadmin_pages:edit", args=[article.pk]), "desk_url": desk_url(article),
        "page_url": article.get_url(request) if article.live else "",
    }
    return TemplateResponse(request, "live/admin/desk.html", context, status=400 if form.errors else 200)
