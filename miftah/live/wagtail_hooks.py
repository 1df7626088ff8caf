"""Admin: the live desk's URLs, its button on the article's editor header and in page listings, and its entries in
the article's history."""

from django.utils.translation import gettext_lazy
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem

from miftah.news.models import ArticlePage

from .admin_views import delete_update_view, desk_view, edit_update_view
from .coverage import LOG_ACTIONS

DESK_LABEL = gettext_lazy("التغطية المباشرة")


@hooks.register("register_admin_urls")
def register_live_urls():
    return [
        path("live/<int:page_id>/", desk_view, name="live_desk"),
        path("live/update/<int:update_id>/edit/", edit_update_view, name="live_update_edit"),
        path("live/update/<int:update_id>/delete/", delete_update_view, name="live_update_delete"),
    ]


class LiveDeskButton(PageMenuItem):
    label = DESK_LABEL
    icon_name = "time"

    @property
    def url(self):
        return reverse("live_desk", args=[self.page.pk])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


def _is_article(page):
    return getattr(page, "specific_class", None) is ArticlePage


@hooks.register("register_page_listing_more_buttons")
def live_listing_button(page, user, next_url=None):
    if _is_article(page):
        yield LiveDeskButton(page=page, priority=16)


@hooks.register("register_page_header_buttons")
def live_header_button(page, user, view_name, next_url=None):
    if _is_article(page):
        yield LiveDeskButton(page=page, priority=26)


@hooks.register("register_log_actions")
def register_live_actions(actions):
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)
