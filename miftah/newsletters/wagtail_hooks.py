"""The newsletters in Wagtail's admin, in Arabic: lists, issues (with «أرسل الآن») and subscribers, in one menu."""

from django.utils.translation import gettext_lazy
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import Issue, NewsletterList, Subscriber


class NewsletterListViewSet(SnippetViewSet):
    model = NewsletterList
    icon = "mail"
    menu_label = gettext_lazy("النشرات")
    list_display = ["name", "source", "frequency", "active", "in_signup_box"]
    list_filter = ["frequency", "active"]
    search_fields = ["name"]


class IssueViewSet(SnippetViewSet):
    model = Issue
    icon = "doc-full"
    menu_label = gettext_lazy("الأعداد")
    list_display = ["subject", "newsletter", "status", "send_at", "sent_at"]
    list_filter = ["newsletter", "status"]
    search_fields = ["subject"]


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    icon = "user"
    menu_label = gettext_lazy("المشتركون")
    list_display = ["email", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    inspect_view_enabled = True


class NewslettersGroup(SnippetViewSetGroup):
    items = (NewsletterListViewSet, IssueViewSet, SubscriberViewSet)
    menu_icon = "mail"
    menu_label = gettext_lazy("النشرات البريدية")
    menu_name = "newsletters"
    menu_order = 230


register_snippet(NewslettersGroup)


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    return [
        path("newsletters/issue/<int:pk>/send/", admin_views.send_issue, name="newsletters_send_issue"),
        path("newsletters/list/<int:pk>/prepare/", admin_views.prepare_next, name="newsletters_prepare_next"),
    ]


@hooks.register("register_snippet_listing_buttons")
def newsletter_buttons(snippet, user, next_url=None):
    if isinstance(snippet, Issue) and user.has_perm("newsletters.change_issue"):
        label = gettext_lazy("أرسل الآن") if snippet.status in (Issue.DRAFT, Issue.SCHEDULED) else gettext_lazy("حالة الإرسال")
        yield ListingButton(label, reverse("newsletters_send_issue", args=[snippet.pk]), icon_name="mail", priority=5)
    if isinstance(snippet, NewsletterList) and user.has_perm("newsletters.add_issue"):
        yield ListingButton(gettext_lazy("جهّز العدد التالي"), reverse("newsletters_prepare_next", args=[snippet.pk]),
                            icon_name="doc-full", priority=5)
