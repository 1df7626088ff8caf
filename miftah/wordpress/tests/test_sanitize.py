import html
import re

import lxml.html
import pytest

from miftah.wordpress.content import convert
from miftah.wordpress.sanitize import INLINE_TAGS, plain_text, safe_url, sanitize_inline

# Classic vectors (OWASP filter-evasion cheat sheet, html5sec.org, mutation-XSS reports).
HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href=" &#14;  javascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="jav&NewLine;ascript&colon;alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2Zz4=">',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="x:expression(alert(1))">x</p>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!--<img src=x onerror=alert(1)>-->',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<a href="#" onclick="alert(1)" onmouseover=alert(1)>x</a>',
    '<b/onmouseover=alert(1)>x</b>',
    '<a href="java\u0000script:alert(1)">x</a>',
    '<a href="\u200bjavascript:alert(1)">x</a>',
    '<a href="javascript&#58alert(1)">x</a>',
    '<img src="x" style="behavior:url(x.htc)">',
    '<a href="  JAVASCRIPT:alert(1)">x</a>',
    '<template><img src=x onerror=alert(1)></template>',
    '<xmp><img src=x onerror=alert(1)></xmp>',
    '<a href="%6A%61%76%61%73%63%72%69%70%74:alert(1)">x</a>',
]

BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|file):", re.I)


def _normalised(url):
    return re.sub(r"[\x00-\x20\u200b]", "", html.unescape(url)).lower()


def _assert_harmless(markup):
    root = lxml.html.fragment_fromstring(f"<div>{markup}</div>")
    for el in root.iter():
        if el is root or not isinstance(el.tag, str):
            continue
        assert el.tag in INLINE_TAGS, (el.tag, markup)
        for name, value in el.attrib.items():
            assert name == "href", (name, markup)
            assert not BAD_SCHEME.match(_normalised(value)), (value, markup)
    lowered = markup.lower()
    assert "<script" not in lowered and "onerror" not in lowered and "onload" not in lowered


@pytest.mark.parametrize("payload", HOSTILE)
def test_sanitize_inline_neutralises(payload):
    _assert_harmless(sanitize_inline(payload))


@pytest.mark.parametrize("payload", HOSTILE)
def test_convert_neutralises_in_every_block(payload):
    for content in (payload, f"<!-- wp:paragraph --><p>{payload}</p><!-- /wp:paragraph -->",
                    f"<!-- wp:html -->{payload}<!-- /wp:html -->", f"<ul><li>{payload}</li></ul>"):
        for block in convert(content).blocks:
            if block["type"] == "paragraph":
                _assert_harmless(block["value"])
            elif block["type"] == "list":
                for item in block["value"]["items"]:
                    _assert_harmless(item)
            else:
                for key in ("src", "url"):
                    if key in block["value"]:
                        assert not BAD_SCHEME.match(_normalised(block["value"][key]))


def test_hostile_url_obfuscations_are_refused():
    refused = ["javascript:alert(1)", " JavaScript:x", "jav\tascript:x", "jav&#x09;ascript:x",
               "&#106;avascript:x", "javascript&colon;x", "\x01javascript:x", "data:text/html,x",
               "vbscript:x", "&amp;#106;avascript:x", "ja\u200bvascript:x", "ｊａｖａｓｃｒｉｐｔ:x"]
    for url in refused:
        assert safe_url(url) == "", url


def test_good_urls_kept():
    for url in ["https://example.org/a?b=1#c", "http://x.y", "/relative/path", "page.html", "#anchor",
                "mailto:a@b.c", "tel:+971", "https://ar.wikipedia.org/wiki/مصر", "https://x.y/a:b"]:
        assert safe_url(url) == url


def test_allowed_markup_survives():
    kept = sanitize_inline('<p class="x">قال <strong>الوزير</strong> <a href="https://x.y" target="_blank">هنا</a>'
                           '<br>H<sub>2</sub>O x<sup>2</sup> <em>e</em> <b>b</b> <i>i</i> <span>s</span></p>')
    assert kept == ('قال <strong>الوزير</strong> <a href="https://x.y">هنا</a><br>H<sub>2</sub>O x<sup>2</sup> '
                    '<em>e</em> <b>b</b> <i>i</i> s')


def test_plain_text_unescapes_and_drops_code():
    assert plain_text("A &amp; B <script>x()</script><b>c</b>\n  d") == "A & B c d"


CLEANER_SAMPLES = [
    "<p>أغلقت <b>كنيسة</b> القيامة &amp; <a href=\"javascript:alert(1)\" onclick=\"x()\">رابط</a></p>",
    "<script>alert(1)</script>نص <em>مائل</em><!-- تعليق --><iframe src=\"https://evil.example\">x</iframe>",
    "<a href=\"https://example.com/%D8%A7\" title=\"t\">مثال</a> &nbsp;&lt;b&gt; <sup>1</sup><br/>",
    "<a href=\"&#106;avascript:alert(1)\">x</a><a href=\"mailto:a@b.c\">بريد</a><svg><text>رسم</text></svg>",
]


@pytest.mark.parametrize("fragment", CLEANER_SAMPLES)
def test_reusable_cleaners_clean_as_nh3_clean_does(fragment):
    """The module's reusable cleaners (built once, for speed) apply exactly the options of a one-off nh3.clean."""
    import nh3

    from miftah.wordpress.sanitize import ALLOWED_SCHEMES, CONTENT_DROPPING_TAGS, INLINE_ATTRIBUTES, _filter_attribute

    inline = nh3.clean(fragment, tags=set(INLINE_TAGS), clean_content_tags=set(CONTENT_DROPPING_TAGS),
                       attributes={tag: set(attrs) for tag, attrs in INLINE_ATTRIBUTES.items()},
                       attribute_filter=_filter_attribute, url_schemes=set(ALLOWED_SCHEMES), strip_comments=True,
                       link_rel=None).strip()
    text = nh3.clean(fragment, tags=set(), clean_content_tags=set(CONTENT_DROPPING_TAGS), attributes={},
                     strip_comments=True, link_rel=None)
    assert sanitize_inline(fragment) == inline and "javascript" not in inline
    assert plain_text(fragment) == re.sub(r"\s+", " ", html.unescape(text)).strip()
