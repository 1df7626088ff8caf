"""Hands every request the site state of its content generation (miftah.news.state): Wagtail's site lookup and the
site settings then cost no query, on reader pages and the admin alike."""

from miftah.core.models import SiteSettings

from miftah.core.cache import current_generation

from .state import request_generation, site_state


class SiteStateMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.settings_attr = SiteSettings.get_cache_attr_name()

    def __call__(self, request):
        if request.path.startswith(("/static/", "/media/")):
            return self.get_response(request)
        # A reader request changes nothing, so it can read the generation once; a POST may retire and read after.
        token = request_generation.set(current_generation()) if request.method in ("GET", "HEAD") else None
        try:
            state = site_state(request)
            if state is not None:
                request._wagtail_site = state.site
                setattr(request, self.settings_attr, state.settings)
            return self.get_response(request)
        finally:
            if token is not None:
                request_generation.reset(token)
