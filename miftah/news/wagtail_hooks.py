"""Admin registration: authors and tags as snippets editors manage in Arabic."""

from django.utils.translation import gettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author, NewsTag


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    menu_label = gettext_lazy("الكتّاب")
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "role", "slug"]
    search_fields = ["name"]


class NewsTagViewSet(SnippetViewSet):
    model = NewsTag
    icon = "tag"
    menu_label = gettext_lazy("الوسوم")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "slug", "too_broad_for_related"]
    list_filter = ["too_broad_for_related"]
    search_fields = ["name"]


register_snippet(AuthorViewSet)
register_snippet(NewsTagViewSet)
