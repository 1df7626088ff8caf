"""Template tags of the editions: hreflang alternates in the head, the language switcher, edition-relative links."""

from django import template
from django.conf import settings
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language_info

from ..alternates import request_alternates, switch_targets
from ..languages import active_edition, url_prefix

register = template.Library()


def _base(request):
    from wagtail.models import Site

    site = Site.find_for_request(request)
    return site.root_url if site else f"{request.scheme}://{request.get_host()}"


@register.inclusion_tag("editions/alternates.html", takes_context=True)
def hreflang_links(context):
    """`<link rel="alternate" hreflang>` for every edition of this page, and x-default (the Arabic one)."""
    request = context.get("request")
    urls = request_alternates(request, context.get("page")) if request is not None else {}
    base = _base(request) if urls else ""
    links = [(code, base + iri_to_uri(url)) for code, url in urls.items()]
    default = urls.get(settings.LANGUAGE_CODE)
    return {"links": links, "x_default": base + iri_to_uri(default) if default else ""}


@register.inclusion_tag("editions/switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    targets = switch_targets(request, context.get("page")) if request is not None else []
    return {"targets": [{"code": code, "name": name, "url": url, "bidi": get_language_info(code)["bidi"]}
                        for code, name, url in targets]}


@register.simple_tag
def edition_url(path):
    """`path` ("/feed/") in the edition being rendered ("/en/feed/" in English)."""
    return url_prefix(active_edition()) + path


@register.simple_tag
def edition_dir():
    return "rtl" if get_language_info(active_edition())["bidi"] else "ltr"


@register.simple_tag
def edition_lang():
    return active_edition()


@register.filter
def entity_name(entity, mode="html"):
    """A dossier entity's name for the edition being rendered: its English name in the English edition when the
    knowledge base has one, else the Arabic name (isolated in <bdi lang="ar"> inside non-Arabic text, so it does
    not reorder what is around it). `mode="text"`: no markup (titles, attributes)."""
    from django.utils.html import format_html

    language = active_edition()
    if language == "en" and getattr(entity, "english", ""):
        return entity.english
    name = entity.canonical
    if mode == "text" or language == settings.LANGUAGE_CODE:
        return name
    return format_html('<bdi lang="ar" dir="rtl">{}</bdi>', name)
