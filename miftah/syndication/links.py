"""Absolute URLs for things shown away from the site (feeds, sitemaps, JSON-LD, share links).

They are made against the Wagtail site's root URL, the host canonical links already use, so a feed, a sitemap and
an article's structured data never disagree about where the article lives.
"""

from django.http import Http404
from django.utils.encoding import iri_to_uri
from wagtail.models import Site


def site_for(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("لا يوجد موقع لهذا العنوان")
    return site


def absolute_url(base, url):
    """`url` made absolute against `base`, unless it already is (a CDN media URL, a page on another site)."""
    if not url or url.startswith(("http://", "https://")):
        return url
    return base + url


def page_url(page, request, base):
    return absolute_url(base, page.get_url(request))


def sitemap_url(url):
    """Sitemaps want URLs percent-encoded (RFC 3986), not the IRIs that Arabic slugs make."""
    return iri_to_uri(url)
