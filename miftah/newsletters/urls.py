"""Reader URLs of the newsletters (included at the site root), and the ESP webhooks (bounces, complaints) which
answer only once ANYMAIL_WEBHOOK_SECRET is set: anymail would otherwise take unauthenticated reports."""

from functools import wraps

from anymail import urls as anymail_urls
from django.conf import settings
from django.http import Http404
from django.urls import URLPattern, include, path

from . import views

app_name = "newsletters"


def _needs_webhook_secret(view):
    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET"):
            raise Http404
        return view(request, *args, **kwargs)
    return guarded


webhooks = ([URLPattern(p.pattern, _needs_webhook_secret(p.callback), p.default_args, p.name)
             for p in anymail_urls.urlpatterns], "anymail")

urlpatterns = [
    path("newsletters/", views.index, name="index"),
    path("newsletters/subscribe/", views.signup, name="signup"),
    path("newsletters/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletters/unsubscribe/<str:slug>/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletters/preferences/<str:token>/", views.preferences, name="preferences"),
    path("newsletters/preferences/<str:token>/export/", views.export, name="export"),
    path("newsletters/preferences/<str:token>/delete/", views.forget, name="forget"),
    path("newsletters/esp/", include(webhooks)),
]
