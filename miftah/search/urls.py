"""Search URLs: the results page and the search box's suggestions."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("search/suggest/", views.suggest, name="search_suggest"),
]
