"""Reader URLs of the dossiers (included at the site root): /dossiers/, /dossiers/network/, /dossiers/<slug>/."""

from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("dossiers/", views.dossier_index, name="index"),
    path("dossiers/network/", views.dossier_network, name="network"),
    path("dossiers/<str:slug>/", views.dossier_page, name="entity"),
]
