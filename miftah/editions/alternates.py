"""A page's addresses in every edition, for `<link rel="alternate" hreflang>`, sitemaps' `xhtml:link` and the
language switcher.

A Wagtail page's alternates are its live public translations (same translation_key), remembered per content
generation, so a reader page spends no query on them. A view outside the page tree that every edition serves (search,
dossiers, newsletters, author and tag archives) has the same path under each edition's prefix (Django's
translate_url). A page without a translation has no alternates.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.urls import resolve, translate_url

from .languages import edition_language, locale_ids


def alternates_for_keys(translation_keys):
    """{translation_key: {language: relative URL}} of the live public pages with these keys (one query)."""
    from wagtail.models import Locale, Page

    languages = {pk: code for code, pk in locale_ids().items()} or dict(Locale.objects.values_list("id", "language_code"))
    found = {}
    for page in Page.objects.live().public().filter(translation_key__in=list(translation_keys)).order_by("path"):
        url = page.get_url()
        if url:
            found.setdefault(page.translation_key, {}).setdefault(languages.get(page.locale_id), url)
    return {key: urls for key, urls in found.items() if len(urls) > 1}


def page_alternates(page):
    from miftah.news.state import remember

    key = page.translation_key
    return remember(f"alternates:{key}", lambda: alternates_for_keys([key]).get(key, {}))


def _path_alternates(request):
    known = locale_ids()
    urls = {}
    for code, _ in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code in known:
            urls[code] = translate_url(request.path, code)
    return urls if len(set(urls.values())) > 1 else {}


def request_alternates(request, page=None):
    """{language: relative URL} of what `request` shows, in every edition that has it (empty: no translation)."""
    cached = getattr(request, "_miftah_alternates", None)
    if cached is not None:
        return cached
    if page is not None and getattr(page, "translation_key", None) and not getattr(request, "miftah_subroute", False):
        urls = page_alternates(page) if page.pk else {}
    else:
        try:
            match = resolve(request.path_info)
        except Http404:  # Resolver404, or a number no row can have (miftah.core.converters) on a 404 page
            match = None
        in_tree = match is not None and match.url_name == "wagtail_serve" and not getattr(request, "miftah_subroute", False)
        urls = {} if match is None or in_tree else _path_alternates(request)
    request._miftah_alternates = urls
    return urls


def edition_home_url(language):
    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"


def switch_targets(request, page=None):
    """[(language, name, URL)] for the other editions: the translation of what is shown, else that edition's home."""
    current = edition_language(request)
    known = locale_ids()
    urls = request_alternates(request, page)
    query = request.GET.get("q", "").strip()
    keep = f"?{urlencode({'q': query})}" if query else ""  # a search switches edition with its words
    return [(code, name, urls[code] + keep if code in urls else edition_home_url(code))
            for code, name in settings.WAGTAIL_CONTENT_LANGUAGES if code != current and code in known]
