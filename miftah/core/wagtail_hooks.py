"""Admin registration for the core app: the CSP violation report (miftah.core.csp_reports) under Reports, and
text fields that follow the direction of their text."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from miftah.core.csp_reports import CSPReportsView


@hooks.register("register_admin_urls")
def csp_report_urls():
    return [
        path("reports/csp/", CSPReportsView.as_view(), name="miftah_csp_reports"),
        path("reports/csp/results/", CSPReportsView.as_view(results_only=True), name="miftah_csp_reports_results"),
    ]


class CSPReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("core.view_cspreport")


@hooks.register("register_reports_menu_item")
def csp_reports_menu_item():
    return CSPReportsMenuItem(gettext_lazy("انتهاكات سياسة أمان المحتوى"), reverse("miftah_csp_reports"), name="csp-reports",
                              icon_name="warning", order=900)


# Mixed text (docs/i18n.md): the admin's text inputs and textareas follow the direction of what is typed in them.
@hooks.register("insert_global_admin_js")
def text_fields_follow_their_text_direction():
    return format_html('<script src="{}" defer></script>', static("miftah/js/admin_dir_auto.js"))
