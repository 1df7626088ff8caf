"""robots.txt, the sitemap views (cached like pages) and the short share link /s/<id>."""

from django.utils.translation import gettext
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import views as wagtail_sitemap_views

from miftah.core.cache import mark_cacheable
from miftah.core.cache_tags import SITEMAPS_TAG, tag_response
from miftah.news.models import ArticlePage

from .links import page_url, site_for
from .sitemaps import SITEMAPS, NewsSitemap

# Crawlers have no business in the admin, search results (infinite and thin) or the session-bound preview URLs.
ROBOTS_DISALLOW = ("/admin/", "/search/", "/documents/")


@require_GET
def robots_txt(request):
    mark_cacheable(request)
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines += [f"Sitemap: {request.build_absolute_uri(path)}" for path in ("/sitemap.xml", "/news-sitemap.xml")]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap_index(request):
    mark_cacheable(request)
    tag_response(request, SITEMAPS_TAG)
    return wagtail_sitemap_views.index(request, SITEMAPS, sitemap_url_name="syndication:sitemap_section")


def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404(gettext("لا توجد خريطة بهذا الاسم"))
    mark_cacheable(request)
    tag_response(request, SITEMAPS_TAG)
    return wagtail_sitemap_views.sitemap(
        request, {section: SITEMAPS[section]}, section=section, template_name="syndication/sitemap.xml"
    )


def news_sitemap(request):
    mark_cacheable(request)
    tag_response(request, SITEMAPS_TAG)
    return wagtail_sitemap_views.sitemap(request, {"news": NewsSitemap}, template_name="syndication/news_sitemap.xml")


def short_link(request, pk):
    """/s/<id>: a permanent redirect to the article's canonical URL; drafts and private articles are not found."""
    article = ArticlePage.objects.live().public().filter(pk=pk).first()
    if article is None:
        raise Http404(gettext("لا يوجد مقال بهذا الرقم"))
    return HttpResponsePermanentRedirect(page_url(article, request, site_for(request).root_url))


