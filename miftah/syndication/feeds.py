"""RSS 2.0 and Atom feeds of the site, each section, each author and each tag, built on django.contrib.syndication.

What a feed is *about* is a table: `FEED_SUBJECTS` maps a kind ("site", "section", "author", "tag") to a resolver
that turns the URL key into a `FeedSubject` (title, link, description and the articles it lists). Another app adds a
kind with `register_feed_subject("dossier", resolver)`; the URLs (/feed/<kind>/<key>/ and /feed/atom/<kind>/<key>/)
and the discovery links then work for it without touching this module.

Items carry the dek as summary (the full body too when the site settings ask for it: `content:encoded` in RSS,
`content` in Atom), every author, the section and tags as categories, and the hero image as an enclosure plus a
Media RSS `media:content`. A feed costs a fixed number of queries however many items it lists.

What goes out is safe for a feed reader that renders HTML: plain-text fields (dek, summary, bio, section intro) are
HTML-escaped before they go into an element readers take as HTML (RSS <title> and <description>, media:description,
Atom <summary type="html">), so the reader shows them as text; the body is sanitised with nh3 before it goes into
content:encoded / <content type="html">; the XML writer then escapes everything once more for XML. Atom titles and
subtitles (text constructs), names and categories go as they are. A control character that slipped into an item (XML 1.0 cannot carry it) is removed and logged, never a 500.
"""

from django.utils.translation import gettext
import logging
import mimetypes
import re
from dataclasses import dataclass, field
from typing import Callable

import nh3
from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape

from miftah.core.cache import mark_cacheable
from miftah.core.cache_tags import FEEDS_TAG, tag_response
from miftah.core.control_characters import strip_control_characters
from miftah.core.models import SiteSettings
from miftah.news.models import ArticleAuthor, ArticlePage, Author, NewsTag, SectionPage, article_cards
from miftah.news.text import stream_plain_text

from .links import absolute_url, site_for

logger = logging.getLogger(__name__)

FEED_SIZE = 30
SUMMARY_FALLBACK_CHARS = 300

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"


@dataclass
class FeedSubject:
    """What one feed lists: its own title, link and description, and the live public articles under it."""

    kind: str
    key: str
    title: str
    link: str
    description: str
    articles: object  # an ArticlePage queryset, newest first is applied by the feed
    extra_categories: list = field(default_factory=list)


def _live_articles(site):
    return ArticlePage.objects.live().public().descendant_of(site.root_page)


def site_subject(request, key=""):
    site = site_for(request)
    site_settings = SiteSettings.for_request(request)
    return FeedSubject(
        kind="site", key="", title=site_settings.publisher_name, link=site.root_page.get_full_url(request),
        description=site_settings.tagline or gettext("آخر أخبار %(publisher)s") % {"publisher": site_settings.publisher_name}, articles=_live_articles(site),
    )


def section_subject(request, key):
    site = site_for(request)
    url_path = f"{site.root_page.url_path}{key.strip('/')}/"
    section = get_object_or_404(SectionPage.objects.live().public(), url_path=url_path)
    publisher = SiteSettings.for_request(request).publisher_name
    return FeedSubject(
        kind="section", key=key.strip("/"), title=f"{section.title} | {publisher}", link=section.get_full_url(request),
        description=section.intro or gettext("آخر مقالات قسم %(section)s") % {"section": section.title},
        articles=ArticlePage.objects.live().public().descendant_of(section), extra_categories=[section.title],
    )


def author_subject(request, key):
    site = site_for(request)
    author = get_object_or_404(Author, slug=key)
    publisher = SiteSettings.for_request(request).publisher_name
    return FeedSubject(
        kind="author", key=author.slug, title=f"{author.name} | {publisher}",
        link=site.root_url + author.get_url(), description=author.bio or gettext("مقالات %(author)s") % {"author": author.name},
        articles=_live_articles(site).filter(article_authors__author=author),
    )


def tag_subject(request, key):
    site = site_for(request)
    tag = get_object_or_404(NewsTag, slug=key)
    publisher = SiteSettings.for_request(request).publisher_name
    return FeedSubject(
        kind="tag", key=tag.slug, title=gettext("وسم: %(tag)s | %(publisher)s") % {"tag": tag.name, "publisher": publisher}, link=site.root_url + tag.get_url(),
        description=gettext("مقالات موسومة بـ«%(tag)s»") % {"tag": tag.name}, articles=_live_articles(site).filter(tagged_items__tag=tag),
        extra_categories=[tag.name],
    )


FEED_SUBJECTS: dict[str, Callable] = {
    "site": site_subject,
    "section": section_subject,
    "author": author_subject,
    "tag": tag_subject,
}


def register_feed_subject(kind, resolver):
    """Add a kind of feed: `resolver(request, key)` returns a FeedSubject or raises Http404 (e.g. dossiers)."""
    FEED_SUBJECTS[kind] = resolver


def feed_path(kind, key="", atom=False):
    """The path of a feed, percent-encoded: /feed/, /feed/atom/, /feed/section/economy/, /feed/atom/tag/%D8%A3…/."""
    from miftah.editions.languages import active_edition, url_prefix

    prefix = url_prefix(active_edition()) + ("/feed/atom/" if atom else "/feed/")  # the edition's feed (/en/feed/)
    if kind == "site":
        return prefix
    return iri_to_uri(f"{prefix}{kind}/{key.strip('/')}/")


_RELATIVE_URL = re.compile(r'(\s(?:href|src)=")(/[^/"][^"]*|/)"')


def absolutize_urls(html, base):
    """Feed readers show content away from the site, so root-relative links and images must carry the host."""
    return _RELATIVE_URL.sub(lambda m: f'{m.group(1)}{base}{m.group(2)}"', html)


def _xml_safe(value):
    """(value without the characters XML 1.0 cannot carry, whether any were removed), through lists and dicts."""
    if isinstance(value, str):
        cleaned = strip_control_characters(value, multi_line=True)
        return cleaned, cleaned != value
    if isinstance(value, (list, tuple)):
        parts = [_xml_safe(item) for item in value]
        return type(value)(part for part, _ in parts), any(changed for _, changed in parts)
    if isinstance(value, dict):
        parts = {key: _xml_safe(item) for key, item in value.items()}
        return {key: part for key, (part, _) in parts.items()}, any(changed for _, changed in parts.values())
    return value, False


class MiftahRssFeed(Rss201rev2Feed):
    """RSS 2.0 with one dc:creator per author, content:encoded for full text and media:content for the hero."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS, "xmlns:dc": DC_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, _uri in item.get("authors", ()):
            handler.addQuickElement("dc:creator", name)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        media = item.get("media")
        if media:
            handler.startElement("media:content", media["attrs"])
            if media.get("description"):
                # Read as HTML by common readers (feedparser treats it as the item's description): escaped text.
                handler.addQuickElement("media:description", escape(media["description"]), {"type": "html"})
            handler.endElement("media:content")


class MiftahAtomFeed(Atom1Feed):
    """Atom (RFC 4287) with one author element per author, full content when asked, and the hero as media."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, uri in item.get("authors", ()):
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            if uri:
                handler.addQuickElement("uri", uri)
            handler.endElement("author")
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        media = item.get("media")
        if media:
            handler.addQuickElement("media:content", "", media["attrs"])


class ArticleFeed(Feed):
    """One RSS 2.0 feed class for every subject; `AtomArticleFeed` is the same feed as Atom."""

    feed_type = MiftahRssFeed
    atom = False

    @property
    def language(self):
        from miftah.editions.languages import active_edition

        return active_edition()

    def __call__(self, request, *args, **kwargs):
        mark_cacheable(request)  # cached like pages; publishing an article retires the feeds tag
        tag_response(request, FEEDS_TAG)
        return super().__call__(request, *args, **kwargs)

    def get_feed(self, obj, request):
        """The feed, with any character XML cannot carry removed (and logged): one bad item never fails the feed."""
        feed = super().get_feed(obj, request)
        for key, value in feed.feed.items():
            feed.feed[key], changed = _xml_safe(value)
            if changed:
                logger.warning("feed %s: control characters removed from the feed's %s", request.path, key)
        for item in feed.items:
            for key, value in item.items():
                item[key], changed = _xml_safe(value)
                if changed:
                    logger.warning("feed %s: control characters removed from the %s of item %s", request.path, key,
                                   item.get("link"))
        return feed

    def get_object(self, request, kind="site", key=""):
        resolver = FEED_SUBJECTS.get(kind)
        if resolver is None:
            raise Http404(gettext("لا توجد خلاصة من هذا النوع"))
        subject = resolver(request, key)
        subject.request = request
        subject.site_settings = SiteSettings.for_request(request)
        subject.base_url = site_for(request).root_url
        return subject

    def title(self, subject):
        return subject.title if self.atom else escape(subject.title)

    def link(self, subject):
        return subject.link

    def description(self, subject):
        # RSS's channel <description> is read as HTML: plain text goes in escaped.
        return escape(subject.description)

    def subtitle(self, subject):
        # Atom's <subtitle> is a text construct: as it is.
        return subject.description

    def feed_url(self, subject):
        return subject.base_url + feed_path(subject.kind, subject.key, atom=self.atom)

    def feed_guid(self, subject):
        return subject.base_url + feed_path(subject.kind, subject.key, atom=self.atom)

    def author_name(self, subject):
        return subject.site_settings.publisher_name

    def feed_copyright(self, subject):
        return f"© {subject.site_settings.publisher_name}"

    def items(self, subject):
        articles = (
            subject.articles.order_by("-first_published_at")
            .prefetch_related(
                Prefetch("article_authors", queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order")),
                Prefetch("tagged_items", queryset=ArticlePage.tags.through.objects.select_related("tag")),
            )[:FEED_SIZE]
        )
        items = article_cards(articles)
        full = subject.site_settings.feed_full_content
        for article in items:
            article.feed_subject = subject
            article.feed_full_content = full
        return items

    # Items ---------------------------------------------------------------------------------------------------

    def item_title(self, article):
        # RSS titles are guessed to be HTML by common readers (feedparser does when they hold markup): escaped, as
        # WordPress does; an Atom title is a text construct and goes as it is.
        return article.title if self.atom else escape(article.title)

    def item_link(self, article):
        return absolute_url(article.feed_subject.base_url, article.get_url(article.feed_subject.request))

    def item_description(self, article):
        """Plain text, escaped: RSS <description> and Atom <summary type="html"> are read as HTML."""
        if article.dek:
            text = article.dek
        elif article.search_description:
            text = article.search_description
        else:
            text = stream_plain_text(article.body)
            text = text[:SUMMARY_FALLBACK_CHARS] + ("…" if len(text) > SUMMARY_FALLBACK_CHARS else "")
        return escape(text)

    def item_pubdate(self, article):
        return article.first_published_at

    def item_updateddate(self, article):
        dates = [d for d in (article.updated_at, article.last_published_at, article.first_published_at) if d]
        return max(dates) if dates else None

    def item_categories(self, article):
        section = article.__dict__.get("section")
        names = [section.title] if section is not None and isinstance(section, SectionPage) else []
        names += [item.tag.name for item in article.tagged_items.all()]
        return list(dict.fromkeys(names))

    def item_enclosures(self, article):
        image = article.hero_image
        if image is None:
            return []
        return [Enclosure(self._image_url(article, image), str(_image_bytes(image)), _image_mime(image))]

    def item_extra_kwargs(self, article):
        base = article.feed_subject.base_url
        authors = [(link.author.name, base + link.author.get_url()) for link in article.article_authors.all()]
        if not authors:
            authors = [(article.desk_byline or article.feed_subject.site_settings.publisher_name, None)]
        extra = {"authors": authors}
        if article.feed_full_content:
            extra["content_html"] = nh3.clean(absolutize_urls(str(article.body), base))
        image = article.hero_image
        if image is not None:
            extra["media"] = {
                "attrs": {"url": self._image_url(article, image), "medium": "image", "type": _image_mime(image),
                          "width": str(image.width), "height": str(image.height)},
                "description": article.hero_alt or article.hero_caption,
            }
        return extra

    def _image_url(self, article, image):
        return absolute_url(article.feed_subject.base_url, image.file.url)


class AtomArticleFeed(ArticleFeed):
    feed_type = MiftahAtomFeed
    atom = True


def _image_bytes(image):
    """The stored size, else the file's size from storage (a stat, not a query); 0 when unknown, as RSS allows."""
    if image.file_size:
        return image.file_size
    try:
        return image.file.size
    except (OSError, ValueError):
        return 0


def _image_mime(image):
    return mimetypes.guess_type(image.file.name)[0] or "image/jpeg"
