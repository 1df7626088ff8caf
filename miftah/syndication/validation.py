"""Offline check of a page's JSON-LD against what Google reads: extruct extracts the blocks as a crawler would, and a
JSON Schema per type (Google's required and recommended fields for NewsArticle, LiveBlogPosting, BreadcrumbList,
plus the WebSite search box and the publisher) says what each must hold.

`problems(html, url)` lists what is wrong (empty when the page is valid); the test suite runs it on every page type,
and `python -m miftah.syndication.validation URL…` runs it on a live site. The schemas are stricter than Google
where the project promises more (a publisher logo, time zones on every date, `isAccessibleForFree`).
"""

import sys

import extruct
from jsonschema import Draft202012Validator, FormatChecker

# ISO 8601 date-time with a time zone (Google asks for one; a naive time would be read in the crawler's zone).
DATE_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$"}
URL = {"type": "string", "pattern": r"^https?://[^\s]+$"}
TEXT = {"type": "string", "minLength": 1}
LANGUAGE = {"type": "string", "pattern": r"^[a-z]{2}(-[A-Z]{2})?$"}

IMAGE = {"type": "object", "required": ["@type", "url"],
         "properties": {"@type": {"const": "ImageObject"}, "url": URL,
                        "width": {"type": "integer", "minimum": 1}, "height": {"type": "integer", "minimum": 1}}}
LOGO = {"anyOf": [URL, IMAGE]}
PUBLISHER = {
    "type": "object", "required": ["@type", "name", "url", "logo"],
    "properties": {
        "@type": {"enum": ["NewsMediaOrganization", "Organization"]}, "name": TEXT, "url": URL, "logo": LOGO,
        "sameAs": {"type": "array", "items": URL}, "publishingPrinciples": URL, "correctionsPolicy": URL,
    },
}
AUTHOR = {"type": "object", "required": ["@type", "name"],
          "properties": {"@type": {"enum": ["Person", "Organization"]}, "name": TEXT, "url": URL}}
CORRECTION = {"type": "object", "required": ["@type", "text", "datePublished"],
              "properties": {"@type": {"const": "CorrectionComment"}, "text": TEXT, "datePublished": DATE_TIME}}

# Google's Article documentation: no property is strictly required, but headline (≤110 characters), image (several
# ratios, ≥1200 px wide for large previews), datePublished, dateModified and author (name, url) are recommended;
# Miftah requires them all, and the publisher.
NEWS_ARTICLE = {
    "type": "object",
    "required": ["headline", "datePublished", "dateModified", "author", "publisher", "mainEntityOfPage", "url",
                 "inLanguage", "isAccessibleForFree"],
    "properties": {
        "headline": {"type": "string", "minLength": 1, "maxLength": 110},
        "description": {"type": "string"},
        "url": URL,
        "mainEntityOfPage": {"type": "object", "required": ["@id"], "properties": {"@id": URL}},
        "datePublished": DATE_TIME, "dateModified": DATE_TIME,
        "author": {"type": "array", "minItems": 1, "items": AUTHOR},
        "publisher": PUBLISHER,
        "image": {"type": "array", "minItems": 1, "items": IMAGE},
        "inLanguage": LANGUAGE,
        "isAccessibleForFree": {"const": True},
        "correction": {"type": "array", "items": CORRECTION},
        "publishingPrinciples": URL,
        "articleSection": {"type": "string"},
        "keywords": {"type": "array", "items": {"type": "string"}},
    },
}
# Google's live blog: coverageStartTime, coverageEndTime, headline and liveBlogUpdate (each with headline and
# datePublished; articleBody recommended) are required.
LIVE_BLOG_POSTING = {
    "type": "object",
    "required": ["headline", "coverageStartTime", "coverageEndTime", "liveBlogUpdate", "url"],
    "properties": {
        "headline": {"type": "string", "minLength": 1, "maxLength": 110},
        "url": URL, "coverageStartTime": DATE_TIME, "coverageEndTime": DATE_TIME,
        "datePublished": DATE_TIME, "dateModified": DATE_TIME, "publisher": PUBLISHER,
        "liveBlogUpdate": {"type": "array", "items": {
            "type": "object", "required": ["@type", "headline", "datePublished"],
            "properties": {"@type": {"const": "BlogPosting"}, "headline": TEXT, "datePublished": DATE_TIME,
                           "articleBody": {"type": "string"}, "url": URL},
        }},
        "correction": {"type": "array", "items": CORRECTION},
    },
}
# Google's breadcrumb: at least two ListItems, each with position and name; item (the URL) except on the last one.
BREADCRUMB_LIST = {
    "type": "object", "required": ["itemListElement"],
    "properties": {"itemListElement": {"type": "array", "minItems": 2, "items": {
        "type": "object", "required": ["@type", "position", "name"],
        "properties": {"@type": {"const": "ListItem"}, "position": {"type": "integer", "minimum": 1},
                       "name": TEXT, "item": URL},
    }}},
}
WEBSITE = {
    "type": "object", "required": ["name", "url", "potentialAction"],
    "properties": {
        "name": TEXT, "url": URL, "inLanguage": LANGUAGE,
        "potentialAction": {"type": "object", "required": ["@type", "target", "query-input"], "properties": {
            "@type": {"const": "SearchAction"},
            "target": {"type": "object", "required": ["urlTemplate"],
                       "properties": {"urlTemplate": {"type": "string", "pattern": r"^https?://.*\{search_term_string\}"}}},
            "query-input": {"const": "required name=search_term_string"},
        }},
    },
}

SCHEMAS = {
    "NewsArticle": NEWS_ARTICLE,
    "LiveBlogPosting": LIVE_BLOG_POSTING,
    "BreadcrumbList": BREADCRUMB_LIST,
    "WebSite": WEBSITE,
    "NewsMediaOrganization": PUBLISHER,
}
_validators = {name: Draft202012Validator(schema, format_checker=FormatChecker()) for name, schema in SCHEMAS.items()}


def json_ld(html, url):
    """The page's JSON-LD blocks, as extruct (a crawler's parser) reads them."""
    return extruct.extract(html, base_url=url, syntaxes=["json-ld"], uniform=True)["json-ld"]


def check(item):
    """What is wrong with one JSON-LD item: its context, and its fields against its type's schema, if it has one."""
    type_name = item.get("@type")
    found = []
    if item.get("@context") not in ("https://schema.org", "http://schema.org"):
        found.append(f"{type_name}: @context is {item.get('@context')!r}, not https://schema.org")
    validator = _validators.get(type_name)
    if validator is not None:
        for error in sorted(validator.iter_errors(item), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(part) for part in error.absolute_path) or "(top)"
            found.append(f"{type_name} {where}: {error.message}")
    return found


def problems(html, url):
    """Every problem of the page's JSON-LD; an empty list means valid."""
    found = []
    for item in json_ld(html, url):
        found += check(item)
    return found


def main(urls):
    import urllib.request

    failed = False
    for url in urls:
        with urllib.request.urlopen(url) as response:  # noqa: S310 — an operator's own URLs, from the command line
            html = response.read().decode()
        items, found = json_ld(html, url), problems(html, url)
        print(f"{url}: {', '.join(str(i.get('@type')) for i in items) or 'no JSON-LD'}: {'OK' if not found else ''}")
        for line in found:
            print("  " + line)
        failed |= bool(found)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
