"""Issue #17: ≥ 100 hostile payloads (miftah/core/tests/xss_payloads.txt) through every field a staff member fills
that reaches a reader, rendered in Chromium on every kind of reader page and in the feeds: nothing runs.

Each payload calls xss() (or alert()) if it ever runs; an init script in every frame counts the calls and a
dialog listener counts dialogs. Injection is also checked without running it: no element on a page may carry an
event-handler attribute or a javascript:/data:text/html URL (so the test does not depend on the page's CSP), and
every JSON-LD block must parse as JSON. Many payloads share a page: one showcase article carries all of them in its
body blocks, tags, authors and corrections; one article per pack of payloads covers the one-value fields (title,
dek, attribution, hero caption/credit/alt, desk byline).
"""

import json
from html import escape
from urllib.parse import urlencode

import feedparser
import pytest

from miftah.core.tests.hostile import load_payloads, packed
from miftah.search.text import MAX_QUERY_CHARS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOADS = load_payloads()

INSTRUMENT = """
window.__xss = 0;
window.xss = function () { window.__xss += 1; };
for (const name of ['alert', 'confirm', 'prompt', 'print']) { window[name] = window.xss; }
"""

# Counted in the page after it has loaded: executions, injected handlers/URLs, JSON-LD blocks that do not parse.
INSPECT = """() => {
  const injected = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (name.startsWith('on') || name === 'srcdoc'
          || (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(name)
              && (value.startsWith('javascript:') || value.startsWith('data:text/html') || value.startsWith('vbscript:')))) {
        injected.push(el.tagName + ' ' + name + '=' + attr.value.slice(0, 40));
      }
    }
  }
  const badJson = [];
  for (const s of document.querySelectorAll('script[type="application/ld+json"]')) {
    try { JSON.parse(s.textContent); } catch (e) { badJson.push(s.textContent.slice(0, 80)); }
  }
  const scripts = [...document.scripts].filter(s => (!s.type || /javascript|module/.test(s.type))
      && (s.textContent || '').includes('xss')).length;
  return {runs: window.__xss, injected, badJson, scripts,
          jsonLd: document.querySelectorAll('script[type="application/ld+json"]').length};
}"""


def _stream(image):
    """Body blocks as the admin stores them: typed text escaped in rich text, plain strings elsewhere."""
    blocks = []
    for n, payload in enumerate(PAYLOADS):
        text = escape(payload)
        blocks += [
            {"type": "paragraph", "value": f"<p>{text}</p>"},
            {"type": "heading", "value": {"text": payload, "level": "2"}},
            {"type": "quote", "value": {"text": payload, "attribution": payload}},
            {"type": "pull_quote", "value": payload},
        ]
        if n % 8 == 0:
            chunk = PAYLOADS[n:n + 8]
            blocks += [
                {"type": "list", "value": {"ordered": False, "items": [f"{escape(p)}" for p in chunk]}},
                {"type": "table", "value": {"data": [chunk[:4], chunk[4:8] or ["-"]], "cell": [], "mergeCells": [],
                                            "first_row_is_table_header": True, "first_col_is_header": False,
                                            "table_caption": " ".join(chunk)}},
                {"type": "image", "value": {"image": image.pk, "caption": " ".join(chunk), "credit": chunk[0],
                                            "alt": " ".join(chunk)}},
                {"type": "sources", "value": [{"title": p, "url": ""} for p in chunk]},
            ]
    return json.dumps(blocks, ensure_ascii=False)


@pytest.fixture
def hostile_site(live_server, django_capture_on_commit_callbacks):
    from miftah.news.models import ArticlePage, Author, Correction, SectionPage
    from miftah.news.tests.factories import ensure_base_data, make_article, make_home, make_image, make_section

    ensure_base_data()
    home = make_home()
    everything = "\n".join(PAYLOADS)
    titles, lines = packed(PAYLOADS, 250), packed(PAYLOADS, 200)
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(title=titles[0], size=(160, 90))
        section = make_section(home, "اختبار", slug="hostile")
        SectionPage.objects.filter(pk=section.pk).update(title=titles[1], intro=everything)
        for n, title in enumerate(titles[2:6]):  # more section titles, in the menu of every page
            SectionPage.objects.filter(pk=make_section(home, f"قسم {n}", slug=f"s{n}").pk).update(title=title)
        author = Author.objects.create(name=packed(PAYLOADS, 120)[0], slug="hostile-author", bio=everything)
        byline = [author] + [Author.objects.create(name=name, slug=f"a{n}")
                             for n, name in enumerate(packed(PAYLOADS, 120)[1:])]
        tags = packed(PAYLOADS, 100)
        showcase = make_article(section, titles[0], dek=everything, tags=tags, authors=byline, hero=image,
                                attribution=lines[0], hero_caption=lines[1], hero_credit=lines[2], hero_alt=lines[3],
                                slug="showcase")
        showcase.body = _stream(image)
        showcase.save()
        Correction.objects.bulk_create(Correction(page=showcase, text=p, sort_order=n) for n, p in enumerate(PAYLOADS))
        bylines = packed(PAYLOADS, 120)
        articles = []
        for n, line in enumerate(lines):  # one article per pack: the one-value fields
            chunk = PAYLOADS[n::len(lines)]
            articles.append(make_article(
                section, f"xss {titles[n % len(titles)]}", dek=" ".join(chunk), attribution=line,
                hero_caption=line, hero_credit=line, hero_alt=line, desk_byline=bylines[n % len(bylines)],
                hero=image, tags=(tags[0],), slug=f"pack-{n}"))
        ArticlePage.objects.filter(pk=articles[-1].pk).update(desk_byline=bylines[-1])
    return {"url": live_server.url, "showcase": showcase, "articles": articles, "section": section,
            "author": author, "tag": tags[0]}


def _feed_document(raw):
    """A feed as a reader that trusts the feed's own types shows it: HTML constructs as HTML, text escaped."""
    feed = feedparser.parse(raw, sanitize_html=False)
    assert not feed.bozo, feed.bozo_exception

    def show(detail):
        if not detail:
            return ""
        return detail.value if detail.type in ("text/html", "application/xhtml+xml") else escape(detail.value)

    parts = [show(feed.feed.get("title_detail")), show(feed.feed.get("subtitle_detail"))]
    for entry in feed.entries:
        parts += [f"<h2>{show(entry.get('title_detail'))}</h2>", show(entry.get("summary_detail"))]
        parts += [show(content) for content in entry.get("content", [])]
    assert feed.entries
    return "<!doctype html><html lang='ar' dir='rtl'><body>" + "\n<hr>".join(parts) + "</body></html>"


def test_no_hostile_payload_runs_anywhere_a_reader_looks(hostile_site, browser, client):
    from miftah.core.models import SiteSettings
    from miftah.syndication.feeds import feed_path

    assert len(PAYLOADS) >= 100
    SiteSettings.objects.update(feed_full_content=True)
    site = hostile_site
    context = browser.new_context(java_script_enabled=True)
    context.add_init_script(INSTRUMENT)
    dialogs = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    section_url = site["section"].url
    tag = site["tag"]
    paths = [
        "/", site["showcase"].url, section_url, f"{section_url}?page=2", f"{section_url}?page=3",
        "/author/hostile-author/", f"/tag/{site['showcase'].tags.get(name=tag).slug}/",
        "/search/?q=xss", "/search/?q=xss&page=2", "/search/suggest/?q=xss",
        *(article.url for article in site["articles"]),
    ]
    for query in packed(PAYLOADS, MAX_QUERY_CHARS)[::3]:  # reflected: the query is shown back on both pages
        paths += [f"/search/?{urlencode({'q': query})}", f"/search/suggest/?{urlencode({'q': query})}"]
    results = {}
    for path in paths:
        response = page.goto(site["url"] + path)
        assert response.status == 200, path
        page.mouse.move(5, 5)
        page.mouse.move(400, 300)  # mouseover handlers, had any been injected
        page.wait_for_timeout(30)
        results[path] = page.evaluate(INSPECT)
    feeds = [feed_path("site"), feed_path("site", atom=True), feed_path("section", "hostile"),
             feed_path("author", "hostile-author", atom=True)]
    for url in feeds:
        response = client.get(url)
        assert response.status_code == 200
        page.set_content(_feed_document(response.content))
        page.wait_for_timeout(50)
        results[url] = page.evaluate(INSPECT)
    context.close()

    assert {path: r["runs"] for path, r in results.items() if r["runs"]} == {}
    assert dialogs == []
    assert {path: r["injected"] for path, r in results.items() if r["injected"]} == {}
    assert {path: r["scripts"] for path, r in results.items() if r["scripts"]} == {}
    assert {path: r["badJson"] for path, r in results.items() if r["badJson"]} == {}
    assert results[site["showcase"].url]["jsonLd"] >= 1
    # The payloads really were on the pages, as text.
    assert escape(PAYLOADS[0]) in client.get(site["showcase"].url).content.decode()
