"""Absolute URLs for things shown away from the site (feeds, sitemaps, JSON-LD, share links).

They are made against the Wagtail site's root URL, the host canonical links already use, so a feed, a sitemap and
an article's structured data never disagree about where the article lives.
"""

from django.utils.translation import gettext
import hashlib

from django.http import Http404
from django.utils.encoding import iri_to_uri
from wagtail.models import Site


def site_for(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404(gettext("لا يوجد موقع لهذا العنوان"))
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


def rendition_data(image, specs):
    """{spec: (url, width, height)} for `image`, remembered in the cache so a warm page spends no query on it.

    Wagtail caches rendition objects too, but the article page reads its hero through a prefetch that goes to the
    database every time; this keeps the structured-data renditions off the query count. The key carries the file
    name and focal point, so replacing the file or moving the focal point yields fresh renditions.
    """
    from django.core.cache import cache

    focal = (image.focal_point_x, image.focal_point_y, image.focal_point_width, image.focal_point_height)
    digest = hashlib.sha1(repr((image.file.name, focal, tuple(specs))).encode()).hexdigest()
    key = f"miftah:renditions:{image.pk}:{digest}"
    data = cache.get(key)
    if data is None:
        renditions = image.get_renditions(*specs)
        data = {spec: (renditions[spec].url, renditions[spec].width, renditions[spec].height) for spec in specs}
        cache.set(key, data, timeout=None)
    return data
