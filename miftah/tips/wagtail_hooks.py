"""Admin: the «المعلومات الواردة» menu item and views, shown only to holders of tips.view_tip, and the tip
permissions in the group editor so an admin can give them to a few editors rather than to all."""

from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

tips_admin_urls = ([
    path("", admin_views.tip_index, name="index"),
    path("<int:tip_id>/", admin_views.tip_detail, name="detail"),
    path("<int:tip_id>/status/", admin_views.tip_status, name="status"),
    path("<int:tip_id>/reply/", admin_views.tip_reply, name="reply"),
    path("<int:tip_id>/delete/", admin_views.tip_delete, name="delete"),
], "tips_admin")


@hooks.register("register_admin_urls")
def register_tips_urls():
    return [path("tips/", include(tips_admin_urls))]


class TipsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("tips.view_tip")


@hooks.register("register_admin_menu_item")
def register_tips_menu_item():
    return TipsMenuItem(admin_views.LIST_TITLE, reverse("tips_admin:index"), name="tips", icon_name="mail", order=250)


@hooks.register("register_permissions")
def register_tips_permissions():
    return Permission.objects.filter(content_type__app_label="tips",
                                     codename__in=["view_tip", "change_tip", "delete_tip"])
