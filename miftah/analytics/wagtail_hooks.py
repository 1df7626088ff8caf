"""Admin: the readers' dashboard under Reports («القراءات»), and its permission in the group editor."""

from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views


@hooks.register("register_admin_urls")
def analytics_urls():
    return [path("analytics/", admin_views.dashboard, name="miftah_analytics")]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_reports_menu_item")
def analytics_menu_item():
    return AnalyticsMenuItem(admin_views.TITLE, reverse("miftah_analytics"), name="analytics", icon_name="view",
                             order=100)


@hooks.register("register_permissions")
def analytics_permissions():
    return Permission.objects.filter(content_type__app_label="analytics", codename="view_dailyviews")
