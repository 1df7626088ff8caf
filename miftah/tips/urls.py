"""Source-facing URLs of the tip line (included at the site root; "tips" is a reserved root slug)."""

from django.urls import path

from . import views

app_name = "tips"

urlpatterns = [
    path("tips/", views.submit_tip, name="submit"),
    path("tips/reply/", views.read_reply, name="reply"),
]
