"""The live coverage block under an article (`{% live_coverage page %}`, from live/article.html) and the ticker's
live badge (`live_ids`). A page without coverage costs one query; with coverage a fixed number whatever the count
(the newest PAGE_UPDATES are shown, `?updates=all` shows every one)."""

import json

from django import template
from django.utils.safestring import mark_safe

from miftah.core.cache_tags import tag_response

from ..caching import live_tag, running_article_ids
from ..coverage import JSON_LD_UPDATES, coverage_of, page_updates
from ..text import plain_text

register = template.Library()


def json_ld_script_text(data):
    """JSON for a <script type="application/ld+json">, with <, > and & escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def live_blog_posting(page, coverage, updates):
    url = page.full_url or ""
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "@id": f"{url}#live",
        "url": url,
        "headline": page.title,
        "coverageStartTime": coverage.started_at.isoformat(),
        "dateModified": max(filter(None, (coverage.changed_at, page.last_published_at))).isoformat(),
        "liveBlogUpdate": [],
    }
    if page.dek:
        data["description"] = page.dek
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.isoformat()
    if coverage.ended_at:
        data["coverageEndTime"] = coverage.ended_at.isoformat()
    for update in sorted(updates, key=lambda u: (u.posted_at, u.pk), reverse=True)[:JSON_LD_UPDATES]:
        text = plain_text(update.body)
        entry = {"@type": "BlogPosting", "headline": update.headline or text[:110], "url": f"{url}#{update.anchor}",
                 "datePublished": update.posted_at.isoformat(), "articleBody": text}
        if update.author_name:
            entry["author"] = {"@type": "Person", "name": update.author_name}
        data["liveBlogUpdate"].append(entry)
    return data


@register.inclusion_tag("live/coverage.html", takes_context=True)
def live_coverage(context, page):
    request = context.get("request")
    coverage = coverage_of(page)
    if coverage is None:
        return {"coverage": None}
    if request is not None:
        tag_response(request, live_tag(page.pk))
    show_all = request is not None and request.GET.get("updates") == "all"
    shown = page_updates(coverage, show_all=show_all)
    return {
        "request": request, "page": page, "coverage": coverage, "is_live": coverage.is_live, **shown,
        "json_ld": json_ld_script_text(live_blog_posting(page, coverage, shown["pinned"] + shown["updates"])),
    }


@register.simple_tag
def live_ids():
    """Ids of the articles covered live right now (cached briefly, see miftah.live.caching)."""
    return running_article_ids()
