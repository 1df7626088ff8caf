"""`{% syndication_head %}` (feed links, OpenGraph, Twitter card, JSON-LD) and `{% share_links %}` for articles.

The head tag runs on every page, so it only reads what the page already has (the page, its cached authors, the
context's breadcrumbs and tags, the request's cached site and settings). The one page-specific cost is the hero's
three renditions, fetched with one `get_renditions` call and cached by Wagtail after the first request.
"""

from django.utils.translation import gettext, gettext_lazy
from urllib.parse import quote, unquote

from django import template
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page, Site

from miftah.core.models import SiteSettings
from miftah.news.models import ArticlePage, Correction, HomePage, SectionPage

from .. import structured
from ..feeds import feed_path
from ..links import rendition_data

from miftah.editions.languages import active_edition, url_prefix  # noqa: E402

OG_LOCALES = {"ar": "ar_AR", "en": "en_GB"}

register = template.Library()

OG_IMAGE_SPECS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
LOGO_SPEC = "max-600x600"
DESCRIPTION_CHARS = 160


def _description(*candidates):
    for text in candidates:
        text = " ".join(strip_tags(text or "").split())
        if text:
            return Truncator(text).chars(DESCRIPTION_CHARS)
    return ""


def _section_key(section, request):
    """The section's path below the edition's home: the key of its feed URL (/en/feed/section/economy/, not …/en/economy/)."""
    from miftah.editions.languages import active_edition, url_prefix

    path, prefix = unquote(section.get_url_parts(request)[2]), url_prefix(active_edition())
    return (path.removeprefix(prefix) if prefix and path.startswith(prefix + "/") else path).strip("/")


def _logo(site_settings, base):
    if site_settings.logo_id:
        rendition = site_settings.logo.get_rendition(LOGO_SPEC)
        return structured.image_object(base + rendition.url if rendition.url.startswith("/") else rendition.url,
                                       rendition.width, rendition.height)
    return structured.image_object(base + static("miftah/favicon.svg"), 512, 512)


def _same_as(site_settings):
    return [url for _label, url in site_settings.social_links]


def _twitter_handle(site_settings):
    url = (site_settings.twitter_url or "").rstrip("/")
    handle = url.rsplit("/", 1)[-1] if url else ""
    return f"@{handle}" if handle and "." not in handle else ""


def _absolute(base, url):
    return url if url.startswith(("http://", "https://")) else base + url


def _standards_urls(site_settings, request, base):
    """(publishingPrinciples, correctionsPolicy): the standards pages chosen in the site settings, in the page's
    edition when they are translated; the corrections policy falls back to the standards page."""
    urls = []
    for page in (site_settings.standards_page, site_settings.corrections_policy_page or site_settings.standards_page):
        url = page.localized.get_url(request) if page is not None and page.live else None
        urls.append(_absolute(base, url) if url else "")
    return tuple(urls)


def _dossier_entity(context):
    from django.apps import apps

    if not apps.is_installed("miftah.dossiers") or "entity" not in context:
        return None
    from ..dossiers import entity_from_context

    return entity_from_context(context)


@register.simple_tag(takes_context=True)
def syndication_head(context):
    """The head tags of the page shown. A Wagtail page's (article, section, home, standard page) only change when
    something is published, so they are rendered once per content generation, host and edition and reused (a fifth
    of an uncached article's render, a third of a section's); a preview renders its own, and the archives served by
    a page's own routes (author, tag, corrections: their head follows the request's path) theirs."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from miftah.news.state import remember_fragment

    request, page = context.get("request"), context.get("page")
    render = lambda: render_to_string("syndication/head_tags.html", head_context(context))  # noqa: E731
    reusable = (isinstance(page, Page) and page.pk and request is not None
                and not getattr(request, "is_preview", False) and not getattr(request, "miftah_subroute", False))
    return mark_safe(remember_fragment(request, f"head:{page.pk}", render) if reusable else render())


def head_context(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return {"enabled": False}
    site_settings = SiteSettings.for_request(request)
    base = site.root_url
    page = context.get("page")
    author, tag = context.get("author"), context.get("tag")
    publisher_name = site_settings.publisher_name

    feeds = [("rss", f"{publisher_name}", feed_path("site")), ("atom", f"{publisher_name} (Atom)", feed_path("site", atom=True))]
    meta = {"site_name": publisher_name, "type": "website", "title": "", "description": "", "url": "", "image": None,
            "article": None, "twitter_site": _twitter_handle(site_settings)}
    json_ld = []

    principles, corrections_policy = _standards_urls(site_settings, request, base)

    def publisher():
        return structured.organization(publisher_name, base + "/", logo=_logo(site_settings, base),
                                       publishing_principles=principles, corrections_policy=corrections_policy)

    if isinstance(page, HomePage) and (author is not None or tag is not None):
        subject, kind, key = (author, "author", author.slug) if author is not None else (tag, "tag", tag.slug)
        feeds += [("rss", subject.name, feed_path(kind, key)), ("atom", f"{subject.name} (Atom)", feed_path(kind, key, atom=True))]
        meta.update(title=subject.name, url=base + request.path,
                    description=_description(getattr(subject, "bio", ""), site_settings.tagline))
    elif isinstance(page, HomePage) and getattr(request, "miftah_subroute", False):  # the corrections archive
        meta.update(title=context.get("archive_title", ""), url=base + request.path, description=site_settings.tagline)
    elif _dossier_entity(context) is not None:
        entity = _dossier_entity(context)
        feeds += [("rss", gettext("ملف: %(name)s") % {"name": entity.canonical}, feed_path("dossier", entity.slug)),
                  ("atom", gettext("ملف: %(name)s (Atom)") % {"name": entity.canonical}, feed_path("dossier", entity.slug, atom=True))]
        meta.update(title=entity.canonical, url=base + request.path,
                    description=_description(entity.description, site_settings.tagline))
    elif isinstance(page, ArticlePage):
        _article_head(context, page, request, base, site_settings, meta, json_ld, publisher)
    elif isinstance(page, SectionPage):
        key = _section_key(page, request)
        feeds += [("rss", page.title, feed_path("section", key)), ("atom", f"{page.title} (Atom)", feed_path("section", key, atom=True))]
        meta.update(title=page.seo_title or page.title, url=page.get_full_url(request),
                    description=_description(page.search_description, page.intro, site_settings.tagline))
        crumbs = [(p.title, _absolute(base, p.get_url(request))) for p in page.get_ancestors().filter(depth__gt=1)]
        json_ld.append(structured.breadcrumb_list(crumbs + [(page.title, meta["url"])]))
    elif isinstance(page, HomePage):
        meta.update(title=publisher_name, url=base + url_prefix(active_edition()) + "/",
                    description=_description(page.search_description, page.intro, site_settings.tagline))
        organization = structured.organization(
            publisher_name, base + "/", logo=_logo(site_settings, base), same_as=_same_as(site_settings),
            description=site_settings.about_publisher, publishing_principles=principles,
            corrections_policy=corrections_policy,
        )
        edition_base = base + url_prefix(active_edition())
        json_ld.append(structured.website(publisher_name, edition_base + "/", edition_base + "/search/?q={search_term_string}",
                                          {"@type": "NewsMediaOrganization", "name": publisher_name, "url": base + "/"},
                                          language=active_edition()))
        json_ld.append({"@context": "https://schema.org", **organization})
    elif page is not None and hasattr(page, "get_full_url"):
        meta.update(title=page.seo_title or page.title, url=page.get_full_url(request),
                    description=_description(page.search_description, site_settings.tagline))

    if meta["image"] is None and site_settings.logo_id and meta["url"]:
        logo = _logo(site_settings, base)
        meta["image"] = {"url": logo["url"], "width": logo["width"], "height": logo["height"], "alt": publisher_name}

    return {
        "enabled": True,
        "og_locale": OG_LOCALES.get(active_edition(), "ar_AR"),  # the edition's (docs/editions.md)
        "feeds": feeds,
        "meta": meta if meta["url"] else None,
        "json_ld": [structured.to_script(data) for data in json_ld],
    }


def _article_head(context, article, request, base, site_settings, meta, json_ld, publisher):
    url = article.get_full_url(request)
    section = article.section
    tags = context.get("article_tags")
    if tags is None:
        tags = list(article.tags.all())
    tag_names = [t.name for t in tags]
    description = _description(article.search_description, article.dek)
    published = article.first_published_at or article.published_at
    modified = max(d for d in (article.updated_at, article.last_published_at, published) if d)

    images = []
    if article.hero_image_id:
        renditions = rendition_data(article.hero_image, OG_IMAGE_SPECS)
        images = [structured.image_object(_absolute(base, url), width, height)
                  for url, width, height in (renditions[spec] for spec in OG_IMAGE_SPECS)]
        wide = images[0]
        meta["image"] = {"url": wide["url"], "width": wide["width"], "height": wide["height"],
                         "alt": article.hero_alt or article.hero_caption or article.title}

    if article.authors:
        authors = [{"@type": "Person", "name": a.name, "url": base + a.get_url()} for a in article.authors]
    else:
        authors = [{"@type": "Organization", "name": article.desk_byline or site_settings.publisher_name,
                    "url": base + "/"}]

    meta.update(
        type="article", title=article.seo_title or article.title, description=description, url=url,
        article={"published_time": published.isoformat(), "modified_time": modified.isoformat(),
                 "section": section.title if isinstance(section, SectionPage) else "", "tags": tag_names,
                 "authors": [a["url"] for a in authors if a["@type"] == "Person"]},
    )
    data = structured.news_article(
        title=article.title, description=description, url=url, published=published, modified=modified,
        authors=authors, publisher=publisher(), images=images,
        section=section.title if isinstance(section, SectionPage) else "", keywords=tag_names,
        corrections=[(c.text, c.date) for c in article.corrections.all() if c.kind == Correction.CORRECTION],
        language=active_edition(),
    )
    json_ld.append(structured.enrich_article(article, data, request))

    crumbs = context.get("breadcrumbs")
    if crumbs is None:
        crumbs = article.get_ancestors().live().filter(depth__gt=1)
    items = [(p.title, _absolute(base, p.get_url(request))) for p in crumbs]
    json_ld.append(structured.breadcrumb_list(items + [(article.title, url)]))


SHARE_TARGETS = (
    # (key, visible label, label for screen readers, URL template: {url} and {text} are percent-encoded)
    ("whatsapp", gettext_lazy("واتساب"), gettext_lazy("شارك عبر واتساب"), "https://wa.me/?text={text}%20{url}"),
    ("telegram", gettext_lazy("تيليغرام"), gettext_lazy("شارك عبر تيليغرام"), "https://t.me/share/url?url={url}&text={text}"),
    ("x", gettext_lazy("إكس"), gettext_lazy("شارك على إكس"), "https://x.com/intent/post?url={url}&text={text}"),
    ("facebook", gettext_lazy("فيسبوك"), gettext_lazy("شارك على فيسبوك"), "https://www.facebook.com/sharer/sharer.php?u={url}"),
    ("email", gettext_lazy("البريد"), gettext_lazy("أرسل عبر البريد الإلكتروني"), "mailto:?subject={text}&body={text}%0A{url}"),
)


def share_targets(url, text):
    encoded_url, encoded_text = quote(url, safe=""), quote(text, safe="")
    return [
        {"key": key, "label": label, "aria_label": aria, "href": template_.format(url=encoded_url, text=encoded_text)}
        for key, label, aria, template_ in SHARE_TARGETS
    ]


@register.inclusion_tag("syndication/share_links.html", takes_context=True)
def share_links(context, article=None):
    article = article or context.get("page")
    request = context.get("request")
    if not isinstance(article, ArticlePage) or request is None or not article.pk:
        return {"enabled": False}
    site = Site.find_for_request(request)
    base = site.root_url if site else request.build_absolute_uri("/").rstrip("/")
    short_url = f"{base}/s/{article.pk}"
    return {"enabled": True, "short_url": short_url, "title": article.title,
            "targets": share_targets(short_url, article.title)}
