"""Schema.org JSON-LD for news pages: NewsArticle, BreadcrumbList, WebSite with SearchAction, NewsMediaOrganization.

Each builder takes plain values already fetched by the caller (the head template tag), so building structured data
never runs a query of its own. `ARTICLE_ENRICHERS` lets another app add fields to an article's NewsArticle: the
dossiers app can append `about`/`mentions` from its entities with `register_article_enricher(fn)`, where
`fn(article, data, request)` changes `data` in place.
"""

import json

HEADLINE_MAX = 110
ARTICLE_ENRICHERS = []

# The characters that would let a string close the <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def register_article_enricher(enricher):
    if enricher not in ARTICLE_ENRICHERS:
        ARTICLE_ENRICHERS.append(enricher)
    return enricher


def headline(title, limit=HEADLINE_MAX):
    """The title cut to Google's 110 characters at a word boundary, with an ellipsis when cut."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip("،,؛;:- ") + "…"


def to_script(data):
    """JSON-LD ready to sit inside <script type="application/ld+json"> (no way out of the element)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)


def image_object(url, width, height):
    return {"@type": "ImageObject", "url": url, "width": width, "height": height}


def organization(name, url, logo=None, same_as=(), description="", publishing_principles="", corrections_policy=""):
    """`publishing_principles` / `corrections_policy`: absolute URLs of the standards pages (site settings)."""
    data = {"@type": "NewsMediaOrganization", "name": name, "url": url}
    if logo:
        data["logo"] = logo
    if publishing_principles:
        data["publishingPrinciples"] = publishing_principles
    if corrections_policy:
        data["correctionsPolicy"] = corrections_policy
    if same_as:
        data["sameAs"] = list(same_as)
    if description:
        data["description"] = description
    return data


def website(name, url, search_url_template, publisher, language="ar"):
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": name,
        "url": url,
        "inLanguage": language,
        "publisher": publisher,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": search_url_template},
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumb_list(crumbs):
    """`crumbs` is a list of (name, absolute URL), from the home page to the current page."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def correction_comment(text, date):
    return {"@type": "CorrectionComment", "text": text, "datePublished": date.isoformat()}


def news_article(*, title, description, url, published, modified, authors, publisher, images, section, keywords,
                 corrections=(), language="ar"):
    """`authors` is a list of dicts already typed Person or Organization; dates are aware datetimes; `corrections`
    are (text, date) pairs, the article's published corrections (not its updates), oldest first."""
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": headline(title),
        "description": description,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": published.isoformat(),
        "dateModified": (modified or published).isoformat(),
        "author": authors,
        "publisher": publisher,
        "inLanguage": language,
        "isAccessibleForFree": True,
    }
    if publisher.get("publishingPrinciples"):
        data["publishingPrinciples"] = publisher["publishingPrinciples"]
    if corrections:
        data["correction"] = [correction_comment(text, date) for text, date in corrections]
    if images:
        data["image"] = images
    if section:
        data["articleSection"] = section
    if keywords:
        data["keywords"] = list(keywords)
    return data


def enrich_article(article, data, request):
    for enricher in ARTICLE_ENRICHERS:
        enricher(article, data, request)
    return data
