"""Template tags of the reader theme: Arabic dates, the latest-news ticker, the sections menu."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from miftah.arabic.dates import to_arabic_digits
from miftah.core.dates import format_date, format_hijri, format_relative
from miftah.core.i18n import arabic_active

register = template.Library()


def _site_settings(context):
    from miftah.core.models import SiteSettings

    request = context.get("request")
    if "miftah_site_settings" not in context.dicts[0]:
        context.dicts[0]["miftah_site_settings"] = SiteSettings.for_request(request) if request else None
    return context.dicts[0]["miftah_site_settings"]


@register.simple_tag(takes_context=True)
def arabic_date(context, value, relative=False, weekday=False, hijri=None, time=False):
    """<time datetime> with the date as the site prints it: relative for recent items, Hijri beside when enabled."""
    if not value:
        return ""
    site = _site_settings(context)
    style = site.date_style if site else "dual"
    digits = site.arabic_digits if site else False
    show_hijri = (site.show_hijri if site else False) if hijri is None else hijri
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    absolute = format_date(local, style, weekday=weekday, arabic_digits=digits, with_time=time)
    label = format_relative(value, timezone.now(), arabic_digits=digits) if relative else None
    text = label or absolute
    if show_hijri and not label:
        hijri_text = format_hijri(local, arabic_digits=digits)
        if hijri_text:
            return format_html(
                '<time datetime="{}" title="{}">{}</time> <span class="hijri">({})</span>',
                value.isoformat(), absolute, text, hijri_text,
            )
    return format_html('<time datetime="{}" title="{}">{}</time>', value.isoformat(), absolute, text)


@register.simple_tag(takes_context=True)
def today(context):
    site = _site_settings(context)
    now = timezone.localtime()
    style = site.date_style if site else "dual"
    digits = site.arabic_digits if site else False
    text = format_date(now, style, weekday=True, arabic_digits=digits)
    hijri = format_hijri(now, arabic_digits=digits) if site and site.show_hijri else ""
    return format_html('<time datetime="{}">{}</time>{}', now.date().isoformat(), text,
                       format_html(' — <span class="hijri">{}</span>', hijri) if hijri else "")


BRACKETS = {"(": ")", "[": "]", "«": "»", "{": "}"}


@register.filter
def unbracket(value):
    """A credit without the brackets an editor typed around it, so the template's own never nest: «(رويترز)» → «رويترز»."""
    text = str(value or "").strip()
    while len(text) >= 2 and BRACKETS.get(text[0]) == text[-1]:
        inner = text[1:-1]
        # "(أ) و(ب)" is two bracketed parts, not one: strip only a pair that encloses the whole text.
        depth = 0
        for char in inner:
            depth += (char == text[0]) - (char == text[-1])
            if depth < 0:
                return text
        text = inner.strip()
    return text


@register.simple_tag
def avif_supported():
    """Whether templates may offer AVIF renditions (the image library on this server can write them)."""
    from miftah.news.models import AVIF_SUPPORTED

    return AVIF_SUPPORTED


@register.filter
def digits(value, context_settings=None):
    return to_arabic_digits(str(value))


@register.simple_tag(takes_context=True)
def number(context, value):
    site = _site_settings(context)
    return to_arabic_digits(str(value)) if site and site.arabic_digits and arabic_active() else str(value)


def _breaking_hours(context):
    from miftah.news.models import BREAKING_LIFETIME_HOURS

    site = _site_settings(context)
    return getattr(site, "breaking_lifetime_hours", None) or BREAKING_LIFETIME_HOURS


@register.simple_tag(takes_context=True)
def breaking_now(context, article):
    """Whether «عاجل» still shows on an article: its flag ages out after the site's breaking lifetime."""
    return bool(article) and article.is_breaking_now(_breaking_hours(context))


@register.simple_tag(takes_context=True)
def ticker(context):
    """The latest-news ticker. A page rendered for the page cache gets a marker instead, and the current ticker is
    spliced in when the page is served (miftah.core.cache), so a publish need not retire every page for it."""
    from django.template.loader import render_to_string

    from miftah.core.cache import SPLICE_ATTR, SPLICED_ATTR, TICKER_MARKER

    request = context.get("request")
    if request is not None and getattr(request, SPLICE_ATTR, False):
        setattr(request, SPLICED_ATTR, True)
        return mark_safe(TICKER_MARKER)
    from django.conf import settings

    from miftah.news.state import remember_fragment

    # Every page shows it and only a publish or the clock («عاجل» ageing out) changes it: rendered once per content
    # generation and MIFTAH_TICKER_SECONDS, as the page cache's own ticker fragment lives.
    site = _site_settings(context)
    return mark_safe(remember_fragment(request, "ticker", lambda: render_to_string(
        "includes/ticker.html", ticker_context(request, site)), settings.MIFTAH_TICKER_SECONDS))


def ticker_context(request, site=None):
    from miftah.core.models import SiteSettings
    from miftah.news.models import BREAKING_LIFETIME_HOURS, ArticlePage

    if site is None and request is not None:
        site = SiteSettings.for_request(request)
    from django.utils import translation

    from miftah.editions.languages import locale_id
    from miftah.news.state import remember

    size = site.ticker_size if site else 8
    # The rows only change with the content generation; the labels below follow the clock, so the fragment can be
    # re-rendered each MIFTAH_TICKER_SECONDS without a query.
    items = remember(f"ticker-items:{size}:{translation.get_language()}", lambda: list(
        ArticlePage.objects.live().public().filter(locale_id=locale_id()).order_by("-first_published_at")
        .only("id", "title", "url_path", "is_breaking", "first_published_at")[:size]
    ))
    hours = getattr(site, "breaking_lifetime_hours", None) or BREAKING_LIFETIME_HOURS
    for item in items:
        item.show_breaking = item.is_breaking_now(hours)
    return {"items": items, "request": request}


@register.inclusion_tag("includes/breaking_strip.html", takes_context=True)
def breaking_strip(context, limit=5):
    """The live breaking items, newest first, for the strip on the home page (nothing when there are none)."""
    from datetime import timedelta

    from miftah.news.models import ArticlePage

    from miftah.news.models import visible
    from miftah.editions.languages import locale_id

    since = timezone.now() - timedelta(hours=_breaking_hours(context))
    items = list(
        visible(ArticlePage.objects.live()).filter(is_breaking=True, first_published_at__gt=since, locale_id=locale_id())
        .order_by("-first_published_at").only("id", "title", "url_path", "first_published_at")[:limit]
    )
    return {"items": items, "request": context.get("request"), "miftah_site_settings": _site_settings(context)}


@register.inclusion_tag("includes/main_nav.html", takes_context=True)
def main_nav(context):
    """The top-level sections in the menu, from the site state (miftah.news.state): no query."""
    from miftah.news.state import site_state

    request = context.get("request")
    state = site_state(request) if request else None
    sections = state.menu() if state else []
    return {"sections": sections, "current_path": request.path if request else ""}


@register.simple_tag(takes_context=True)
def footer_pages(context):
    """(title, url) of the standard pages right under the edition's home marked «Show in menus» (an About page, the
    editorial standards), from the site state: no query. A new install has none, so the footer links to nothing
    that is not there."""
    from miftah.news.state import site_state

    request = context.get("request")
    state = site_state(request) if request else None
    return state.footer_pages if state else []


@register.simple_tag(takes_context=True)
def card(context, article, show_section=False, compact=False):
    """includes/card.html for `article`, rendered once per article, content generation, host, language and
    MIFTAH_TICKER_SECONDS (its relative date and «عاجل» badge follow the clock within that) and reused by every
    listing that shows it."""
    from django.conf import settings
    from django.template.loader import render_to_string

    from miftah.news.state import remember_fragment

    request = context.get("request")
    site = _site_settings(context)
    return mark_safe(remember_fragment(request, f"card:{article.pk}:{int(bool(show_section))}{int(bool(compact))}",
                                       lambda: render_to_string("includes/card.html", {
                                           "article": article, "show_section": show_section, "compact": compact,
                                           "request": request, "miftah_site_settings": site}),
                                       settings.MIFTAH_TICKER_SECONDS))


@register.simple_tag(takes_context=True)
def canonical_url(context, path=None):
    """The page's canonical address against the site's base URL (the Wagtail Site, which follows MIFTAH_BASE_URL),
    like `page.full_url`, feeds and sitemaps: `path` (default: the request's path, without its query string)."""
    from django.utils.encoding import escape_uri_path, iri_to_uri
    from wagtail.models import Site

    request = context.get("request")
    if request is None:
        return ""
    site = Site.find_for_request(request)
    base = site.root_url if site else f"{request.scheme}://{request.get_host()}"
    return base + (iri_to_uri(path) if path else escape_uri_path(request.path))


class FragmentNode(template.Node):
    def __init__(self, nodelist, key_parts, clock):
        self.nodelist, self.key_parts, self.clock = nodelist, key_parts, clock

    def render(self, context):
        from django.conf import settings

        from miftah.news.state import remember_shown

        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        name = "part:" + ":".join(str(part.resolve(context)) for part in self.key_parts)
        # str(): the cache keeps the HTML, not the SafeString; what the part says it shows (its cache tags) is kept
        # with it and said again whenever it is reused.
        return mark_safe(remember_shown(request, name, lambda: str(self.nodelist.render(context)),
                                        settings.MIFTAH_TICKER_SECONDS if self.clock else None))


@register.tag
def fragment(parser, token):
    """{% fragment "name" key … [clock] %}…{% endfragment %}: the enclosed part of a reader page rendered once per
    content generation, host, edition and key, then reused by every request until a publish moves the generation on
    (with `clock`, also once per MIFTAH_TICKER_SECONDS, for relative dates and «عاجل» badges). Only for parts that
    depend on nothing of the request but its host and edition; previews always render their own."""
    bits = token.split_contents()[1:]
    clock = bool(bits) and bits[-1] == "clock"
    if clock:
        bits = bits[:-1]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits], clock)
