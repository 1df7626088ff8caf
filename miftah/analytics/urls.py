"""The beacon's address, included at the site root ("qiraa", قراءة: a name content blockers do not list)."""

from django.urls import path

from .beacon import count_view

app_name = "analytics"

urlpatterns = [path("qiraa/", count_view, name="beacon")]
