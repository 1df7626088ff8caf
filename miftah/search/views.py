"""The site search page (/search/) and the search box's autocomplete (/search/suggest/).

Any input is safe: the query is cut to MAX_QUERY_CHARS, analysed into quoted terms (never passed to the
database as syntax), and filters that do not parse are ignored rather than failing.

Both read the reader's edition only (``miftah.search.editions``: the active language's locale), analyse the query
with that edition's analysis, and highlight and suggest in its language.
"""

from __future__ import annotations

import hashlib
import math
from datetime import date, timedelta

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from wagtail.models import Page

from miftah.core.cache import current_generation, mark_cacheable
from miftah.core.cache_tags import SEARCH_TAG, tag_response
from miftah.core.converters import bounded_int
from miftah.news.models import ArticlePage, Author, SectionPage, reader_cards, visible
from miftah.news.state import remember, site_state
from miftah.news.text import lead_text

from . import engine
from .editions import current_edition, search_tips
from .highlight import MAX_SNIPPET_SOURCE, highlight, query_terms, snippet
from .text import MAX_QUERY_CHARS

RESULTS_PER_PAGE = 10
MAX_PAGE = 100
SUGGESTIONS = 8


def _query(request):
    return " ".join(request.GET.get("q", "")[:MAX_QUERY_CHARS].split())


def _date(value, end=False):
    """A filter date as typed: ISO (old links, 2025-03-15), day/month/year in either digits (١٥/٣/٢٠٢٥) or an Arabic
    date («15 آذار 2025», «آذار 2025», «2025»): a month or a year alone means its first day, or its last for `end`."""
    text = (value or "").strip()[:40]
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    from miftah.arabic.dates import find_dates

    found = find_dates(text)
    if len(found) != 1:
        return None
    parts = [int(part) for part in found[0].iso.split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        year, month = parts
        return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1) if end else date(year, month, 1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def _int(value, default=None):
    return bounded_int(value, default)


def _filters(request):
    """Parsed filters plus the objects they name (for the form), ignoring what does not parse."""
    section = author = entity = None
    filters = engine.SearchFilters()
    section_id = _int(request.GET.get("section"))
    if section_id:
        section = SectionPage.objects.live().filter(pk=section_id).first()
        if section:
            filters.section_path = section.path
    author_slug = (request.GET.get("author") or "")[:120]
    if author_slug:
        author = Author.objects.filter(slug=author_slug).first()
        if author:
            filters.author_id = author.pk
    entity_slug = (request.GET.get("entity") or "")[:200]
    if entity_slug:
        from miftah.dossiers.models import Entity
        from miftah.dossiers.queries import article_ids_for_entity

        entity = Entity.objects.filter(slug=entity_slug, active=True).first()
        if entity:
            filters.extra_page_ids = list(article_ids_for_entity(entity))
    filters.date_from = _date(request.GET.get("from"))
    filters.date_to = _date(request.GET.get("to"), end=True)
    return filters, section, author, entity


def entity_choices():
    """The most covered dossiers for the filter: an aggregate over every entity link, so kept until the next publish."""
    from miftah.dossiers.queries import coverage_counts

    return cache.get_or_set(f"miftah:search:entities:{current_generation()}", lambda: coverage_counts(limit=80), 3600)


def search_page(request):
    mark_cacheable(request)
    tag_response(request, SEARCH_TAG)
    query = _query(request)
    sort = request.GET.get("sort") if request.GET.get("sort") in engine.SORTS else "relevance"
    page_number = min(max(_int(request.GET.get("page"), 1), 1), MAX_PAGE)
    filters, section, author, entity = _filters(request)
    edition = current_edition()
    filters.locale_id = edition.locale_id
    context = {
        "query": query, "sort": sort, "section": section, "author": author, "entity": entity, "filters": filters,
        # The filters' choices are read only when their options are rendered ({% fragment %} keeps those).
        "entities": entity_choices, "edition": edition, "tips": search_tips(edition.language),
        "sections": lambda: remember(f"search:sections:{edition.locale_id}", lambda: list(
            _in_edition(SectionPage.objects.live(), edition).order_by("path").only("id", "title", "depth"))),
        "authors": lambda: remember("search:authors", lambda: list(
            Author.objects.order_by("name").only("name", "slug")[:300])),
        "results": [], "total": 0, "capped": False, "operator": "and",
    }
    if query:
        # Like a search engine's request cache: the same search gives the same page until something is published
        # (the content generation moves on with every change to the index), so a query readers repeat — the names
        # in the news — runs the engine once per publish. A new query pays the engine.
        asked = (query, sort, page_number, section and section.pk, author and author.pk, entity and entity.pk,
                 filters.date_from, filters.date_to, edition.locale_id, edition.language)
        found = remember(f"search:{hashlib.sha1(repr(asked).encode()).hexdigest()}",
                         lambda: _results(request, query, filters, sort, page_number, edition))
        num_pages = found.pop("num_pages")
        context.update(found, page_number=page_number, num_pages=num_pages,
                       previous_url=_page_url(request, page_number - 1) if page_number > 1 else None,
                       next_url=_page_url(request, page_number + 1) if page_number < num_pages else None)
    if not context["results"]:
        context["latest"] = reader_cards(
            _in_edition(visible(ArticlePage.objects.live()), edition).order_by("-first_published_at")[:6],
            site_state(request)
        )
    return render(request, "search/search_page.html", context, status=200)


def _results(request, query, filters, sort, page_number, edition):
    """One page of results: the articles as cards with the reader's words marked in their headline and snippet."""
    result = engine.search(query, filters, sort=sort, offset=(page_number - 1) * RESULTS_PER_PAGE,
                           limit=RESULTS_PER_PAGE, edition=edition)
    terms = query_terms(query, edition.language)
    ids = [pk for pk, _ in result.hits]
    state = site_state(request)
    cards = {card.pk: card for card in reader_cards(ArticlePage.objects.filter(pk__in=ids), state)}
    texts = _snippet_sources(ids)
    results = []
    for pk, score in result.hits:
        card = cards.get(pk)
        if card is None:
            continue
        dek, body = texts.get(pk, ("", None))
        text = " ".join(part for part in (dek, lead_text(body, MAX_SNIPPET_SOURCE) if body is not None else "") if part)
        results.append({"article": card, "score": score, "title": highlight(card.title, terms, edition.language),
                        "snippet": snippet(text, terms, language=edition.language)})
    return {"results": results, "total": result.total, "capped": result.capped, "operator": result.operator,
            "num_pages": min(max(1, math.ceil(result.total / RESULTS_PER_PAGE)), MAX_PAGE)}


def _snippet_sources(ids):
    """{page id: (dek, body)} for the snippets, in one query. Cards leave the body out; it is read here as stored
    (JSON), which `lead_text` reads without making a StreamValue of each (a fifth of a new search's time)."""
    if not ids:
        return {}
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {q('page_ptr_id')}, {q('dek')}, {q('body')} FROM {q(ArticlePage._meta.db_table)} "  # noqa: S608
                       f"WHERE {q('page_ptr_id')} IN ({', '.join(['%s'] * len(ids))})", list(ids))
        return {pk: (dek, body) for pk, dek, body in cursor.fetchall()}


def _in_edition(queryset, edition):
    """The pages of the reader's edition (all of them when the site has no locale to tell)."""
    return queryset if edition.locale_id is None else queryset.filter(locale_id=edition.locale_id)


def _page_url(request, number):
    params = request.GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


def suggest(request):
    """Headlines matching what was typed: JSON for the search box, a plain list of links without JavaScript."""
    mark_cacheable(request)
    tag_response(request, SEARCH_TAG)
    query = _query(request)
    rows = engine.suggest(query, limit=SUGGESTIONS) if query else []
    urls = _urls([pk for pk, _ in rows])
    items = [{"title": title, "url": urls.get(pk, "")} for pk, title in rows]
    if request.GET.get("format") == "json" or "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"query": query, "suggestions": items}, json_dumps_params={"ensure_ascii": False})
    return render(request, "search/suggest.html", {"query": query, "suggestions": items,
                                                   "search_url": reverse("search") + "?" + urlencode({"q": query})})


def _urls(page_ids):
    """Relative URLs of pages from their url_path in one query (the site root is the home page)."""
    if not page_ids:
        return {}
    pages = Page.objects.filter(pk__in=page_ids).only("id", "url_path", "path", "depth")
    return {page.pk: page.get_url() for page in pages}
