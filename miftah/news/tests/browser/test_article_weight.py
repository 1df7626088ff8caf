"""The article page's weight over the wire, measured in a real browser: HTML + CSS + JS + fonts, photos excluded,
compressed as the server sends them (text gzipped, as ReaderGZipMiddleware and whitenoise's compressed copies do;
woff2 is compressed already) stays within 60 KB."""

import gzip

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET = 60 * 1024
TEXT_TYPES = ("text/html", "text/css", "javascript", "application/json")


def wire_size(response):
    body = response.body()
    kind = response.headers.get("content-type", "")
    if response.headers.get("content-encoding") or not any(t in kind for t in TEXT_TYPES):
        return len(body) if not response.headers.get("content-encoding") else response.request.sizes()["responseBodySize"]
    return len(gzip.compress(body, compresslevel=9))


def test_an_article_page_weighs_at_most_60_kb_without_its_photos(live_newsroom, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="ar")
    page = context.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(live_newsroom["url"] + live_newsroom["long"].url)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready.then(() => true)")
    weights = {}
    for response in responses:
        if response.request.resource_type in ("image", "media") or response.status != 200:
            continue
        weights[response.url.removeprefix(live_newsroom["url"])] = wire_size(response)
    context.close()
    total = sum(weights.values())
    print("article page over the wire (bytes):", weights, "total", total)
    assert any(url.endswith(".woff2") for url in weights), "no web font loaded: the measurement would be meaningless"
    assert any("text/css" in r.headers.get("content-type", "") for r in responses)
    assert total <= BUDGET, f"article page weighs {total:,} bytes without photos (budget {BUDGET:,}): {weights}"
