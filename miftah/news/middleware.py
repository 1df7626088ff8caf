"""Hands every request the site state of its content generation (miftah.news.state): Wagtail's site lookup and the
site settings then cost no query, on reader pages and the admin alike."""

from miftah.core.models import SiteSettings

from .state import site_state


class SiteStateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.settings_attr = SiteSettings.get_cache_attr_name()

    def __call__(self, request):
        if not request.path.startswith(("/static/", "/media/")):
            state = site_state(request)
            if state is not None:
                request._wagtail_site = state.site
                setattr(request, self.settings_attr, state.settings)
        return self.get_response(request)
