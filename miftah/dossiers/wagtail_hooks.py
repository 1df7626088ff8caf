"""Admin: entities as a snippet with Arabic labels, and the article's entity review view and its buttons."""

from django.utils.translation import gettext_lazy
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from miftah.news.models import ArticlePage

from .admin_views import article_entities_view
from .models import Entity

REVIEW_LABEL = gettext_lazy("الكيانات المقترحة")


class EntityViewSet(SnippetViewSet):
    model = Entity
    icon = "group"
    menu_label = gettext_lazy("الكيانات")
    menu_name = "entities"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["canonical", "type", "english", "ambiguous", "active"]
    list_filter = ["type", "ambiguous", "active"]
    search_fields = ["canonical", "aliases", "english"]
    ordering = ["canonical"]


register_snippet(EntityViewSet)


@hooks.register("register_admin_urls")
def register_article_entities_url():
    return [path("dossiers/article/<int:page_id>/", article_entities_view, name="dossiers_article_entities")]


class ReviewEntitiesButton(PageMenuItem):
    label = REVIEW_LABEL
    icon_name = "group"

    @property
    def url(self):
        return reverse("dossiers_article_entities", args=[self.page.pk])

    def is_shown(self, user):
        return self.page.permissions_for_user(user).can_edit()


def _is_article(page):
    return getattr(page, "specific_class", None) is ArticlePage


@hooks.register("register_page_listing_more_buttons")
def article_listing_button(page, user, next_url=None):
    if _is_article(page):
        yield ReviewEntitiesButton(page=page, priority=15)


@hooks.register("register_page_header_buttons")
def article_header_button(page, user, view_name, next_url=None):
    if _is_article(page):
        yield ReviewEntitiesButton(page=page, priority=25)
