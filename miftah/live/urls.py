"""Reader URLs of live coverage: the polling endpoint."""

from django.urls import path

from .views import updates_json

urlpatterns = [
    path("live/<int:article_id>/updates.json", updates_json, name="live_updates_json"),
]
