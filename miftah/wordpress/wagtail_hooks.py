"""Old WordPress query links (``/?p=123``, ``/?page_id=7``, ``/?cat=3``...) answered with a 301.

Wagtail's RedirectMiddleware only looks at requests that end in a 404, but ``/?p=123`` is the home page with a
query string: it answers 200. This hook runs before a page is served and, when the request carries one of
WordPress' id parameters, looks the normalised ``path?key=value`` up in Wagtail's redirects (an indexed lookup on
``old_path``, the same rows the importer wrote); other query parameters (utm_…) are ignored.
"""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from wagtail import hooks
from wagtail.contrib.redirects.middleware import get_redirect
from wagtail.contrib.redirects.models import Redirect

LEGACY_QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author")


@hooks.register("before_serve_page")
def redirect_wordpress_query_links(page, request, serve_args, serve_kwargs):
    key = next((k for k in LEGACY_QUERY_KEYS if request.GET.get(k)), None)
    if key is None:
        return None
    from urllib.parse import urlencode

    path = Redirect.normalise_path(f"{request.path}?{urlencode({key: request.GET[key]})}", decode_unicode=False)
    redirect = get_redirect(request, path)
    if redirect is None or redirect.link is None:
        return None
    response_class = HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
    return response_class(redirect.link)
