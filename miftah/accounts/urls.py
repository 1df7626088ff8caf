"""The two-factor screens under /admin/accounts/ (registered through Wagtail's register_admin_urls hook)."""

from django.urls import path, re_path

from . import views

app_name = "miftah_accounts"
urlpatterns = [
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("enrol/", views.EnrolView.as_view(), name="enrol"),
    path("security/", views.SecurityView.as_view(), name="security"),
    path("security/recovery-codes/", views.RegenerateCodesView.as_view(), name="regenerate_codes"),
    # Ids of at most 18 digits: a longer number is a 404 here, not an overflow in the database.
    re_path(r"^security/devices/(?P<pk>[0-9]{1,18})/remove/$", views.RemoveDeviceView.as_view(), name="remove_device"),
    re_path(r"^users/(?P<user_id>[0-9]{1,18})/reset-two-factor/$", views.ResetUserView.as_view(), name="reset_user"),
]
