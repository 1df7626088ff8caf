"""Feeds, sitemaps, robots.txt, short share links and the public API (mounted at the site root)."""

from django.urls import include, path

from . import views
from .api import api_router
from .feeds import ArticleFeed, AtomArticleFeed

app_name = "syndication"

rss = ArticleFeed()
atom = AtomArticleFeed()

urlpatterns = [
    path("feed/", rss, {"kind": "site"}, name="feed"),
    path("feed/atom/", atom, {"kind": "site"}, name="feed_atom"),
    path("feed/atom/<str:kind>/<path:key>/", atom, name="feed_atom_subject"),
    path("feed/<str:kind>/<path:key>/", rss, name="feed_subject"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", views.sitemap_index, name="sitemap"),
    path("sitemap-<str:section>.xml", views.sitemap_section, name="sitemap_section"),
    path("news-sitemap.xml", views.news_sitemap, name="news_sitemap"),
    path("s/<dbid:pk>", views.short_link, name="short_link"),
    path("api/v2/", include((api_router.get_urlpatterns(), "api"), namespace="api")),
]
