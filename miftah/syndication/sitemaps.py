"""Sitemaps for search engines: pages, articles (with their hero images), authors and tags, plus a Google News sitemap.

Built on Wagtail's sitemap (itself django.contrib.sitemaps), so the index, the 50,000-URL split (`?p=2`) and the
`Last-Modified` header come from Django. Every location is absolute against the Wagtail site's root URL, the same
host canonical links use. Each sitemap page costs a fixed number of queries.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max, Q
from django.utils import timezone
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from miftah.core.models import SiteSettings
from miftah.news.models import ArticlePage, Author, NewsTag

from miftah.editions.languages import active_edition, locale_id

from .links import absolute_url, page_url, sitemap_url

SITEMAP_LIMIT = 50_000
NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1_000


def _latest(*dates):
    dates = [d for d in dates if d]
    return max(dates) if dates else None


class EditionAlternates:
    """Each page's entry lists the page in every edition (`xhtml:link rel="alternate" hreflang`, itself included, and
    x-default for the Arabic one), read for the whole sitemap page in one query (miftah.editions.alternates)."""

    def _urls(self, page, protocol, domain):
        return self.with_alternates(super()._urls(page, protocol, domain), page)

    def with_alternates(self, urls, page):
        from miftah.editions.alternates import alternates_for_keys

        keys = {item.translation_key for item in self.paginator.page(page).object_list if hasattr(item, "translation_key")}
        if not keys:
            return urls
        base = self.get_wagtail_site().root_url
        by_location = {}
        for editions in alternates_for_keys(keys).values():
            links = [{"lang": code, "location": sitemap_url(absolute_url(base, url))} for code, url in editions.items()]
            if settings.LANGUAGE_CODE in editions:
                links.append({"lang": "x-default", "location": sitemap_url(absolute_url(base, editions[settings.LANGUAGE_CODE]))})
            for url in editions.values():
                by_location[sitemap_url(absolute_url(base, url))] = links
        for url in urls:
            url["alternates"] = by_location.get(sitemap_url(url["location"]), [])
        return urls


class SiteSitemap(EditionAlternates, WagtailSitemap):
    """A Wagtail sitemap whose entries are built by `entry(item, base)`, so subclasses can add images or news."""

    limit = SITEMAP_LIMIT

    def entry(self, item, base):
        raise NotImplementedError

    def get_latest_lastmod(self):
        # Django's default walks every item; archives have no date of their own.
        return None

    def _urls(self, page, protocol, domain):
        base = self.get_wagtail_site().root_url
        urls = [self.entry(item, base) for item in self.paginator.page(page).object_list]
        last_mods = [url.get("lastmod") for url in urls]
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return self.with_alternates(urls, page)


class PagesSitemap(EditionAlternates, WagtailSitemap):
    """Home, sections and standard pages: Wagtail's own sitemap without the articles, which have their own."""

    limit = SITEMAP_LIMIT

    def items(self):
        return super().items().not_type(ArticlePage)


class ArticlesSitemap(SiteSitemap):
    """Every live public article, oldest first so earlier sitemap pages stay stable, with its hero image."""

    def items(self):
        return (
            ArticlePage.objects.live().public().descendant_of(self.get_wagtail_site().root_page)
            .select_related("hero_image").defer_streamfields().order_by("first_published_at", "pk")
        )

    def get_latest_lastmod(self):
        dates = self.items().aggregate(published=Max("last_published_at"), updated=Max("updated_at"))
        return _latest(dates["published"], dates["updated"])

    def entry(self, article, base):
        images = []
        if article.hero_image is not None:
            images.append({"loc": sitemap_url(absolute_url(base, article.hero_image.file.url)),
                           "caption": article.hero_caption or article.hero_alt})
        return {"location": sitemap_url(page_url(article, self.request, base)),
                "lastmod": _latest(article.updated_at, article.last_published_at, article.first_published_at),
                "images": images}


class AuthorsSitemap(SiteSitemap):
    """Author archives of authors with at least one live article in this edition."""

    def items(self):
        live = Q(article_links__page__live=True, article_links__page__locale_id=locale_id())
        return Author.objects.annotate(live_count=Count("article_links", filter=live)).filter(live_count__gt=0).order_by("pk")

    def entry(self, author, base):
        return {"location": sitemap_url(base + author.get_url()), "lastmod": None}


class TagsSitemap(SiteSitemap):
    """Tag archives of tags on at least one live article in this edition."""

    def items(self):
        live = Q(tagged_articles__content_object__live=True, tagged_articles__content_object__locale_id=locale_id())
        return NewsTag.objects.annotate(live_count=Count("tagged_articles", filter=live)).filter(live_count__gt=0).order_by("pk")

    def entry(self, tag, base):
        return {"location": sitemap_url(base + tag.get_url()), "lastmod": None}


class NewsSitemap(SiteSitemap):
    """Google News: articles first published in the last 48 hours, newest first, at most 1,000."""

    limit = NEWS_LIMIT

    def items(self):
        since = timezone.now() - NEWS_WINDOW
        return list(
            ArticlePage.objects.live().public().descendant_of(self.get_wagtail_site().root_page)
            .filter(first_published_at__gte=since).defer_streamfields().order_by("-first_published_at")[:NEWS_LIMIT]
        )

    def entry(self, article, base):
        if not hasattr(self, "_publication_name"):
            self._publication_name = (SiteSettings.for_request(self.request) if self.request is not None  # the edition's
                                      else SiteSettings.for_site(self.get_wagtail_site())).publisher_name
        return {"location": sitemap_url(page_url(article, self.request, base)), "lastmod": None,
                "news": {"publication_name": self._publication_name, "language": active_edition(),
                         "publication_date": article.first_published_at, "title": article.title}}


SITEMAPS = {"pages": PagesSitemap, "articles": ArticlesSitemap, "authors": AuthorsSitemap, "tags": TagsSitemap}
