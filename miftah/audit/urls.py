"""Admin URLs of the audit app (mounted under /admin/ by wagtail_hooks, so Wagtail's admin login protects them)."""

from django.urls import path

from . import views

urlpatterns = [
    path("audit/lockouts/", views.lockouts, name="miftah_audit_lockouts"),
    path("audit/logout-everywhere/", views.logout_everywhere_self, name="miftah_audit_logout_everywhere"),
    path("audit/users/<int:user_id>/logout-everywhere/", views.logout_everywhere_user,
         name="miftah_audit_logout_user_everywhere"),
]
