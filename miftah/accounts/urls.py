"""The two-factor screens under /admin/accounts/ (registered through Wagtail's register_admin_urls hook)."""

from django.urls import path

from . import views

app_name = "miftah_accounts"
urlpatterns = [
    path("verify/", views.VerifyView.as_view(), name="verify"),
    path("enrol/", views.EnrolView.as_view(), name="enrol"),
    path("security/", views.SecurityView.as_view(), name="security"),
    path("security/recovery-codes/", views.RegenerateCodesView.as_view(), name="regenerate_codes"),
    path("security/devices/<int:pk>/remove/", views.RemoveDeviceView.as_view(), name="remove_device"),
    path("users/<str:user_id>/reset-two-factor/", views.ResetUserView.as_view(), name="reset_user"),
]
