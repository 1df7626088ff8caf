import pytest

from miftah.wordpress.content import convert, embed_url_for, parse_blocks, parse_shortcode_attrs
from miftah.wordpress.wxr import Item, parse

from .conftest import wordpress_data


def P(html):
    return {"type": "paragraph", "value": html}


def IMG(src, attachment_id=None, caption="", alt=""):
    return {"type": "image", "value": {"src": src, "attachment_id": attachment_id, "caption": caption, "alt": alt,
                                       "credit": ""}}


def EMBED(url):
    return {"type": "embed", "value": {"url": url}}


CLASSIC = [
    # wpautop: blank line -> paragraph, single newline -> <br>
    ("سطر أول\nسطر ثان\n\nفقرة ثانية", [P("سطر أول<br>سطر ثان"), P("فقرة ثانية")]),
    ("a\r\n\r\n\r\nb", [P("a"), P("b")]),
    ("<p>one</p><p>two <em>x</em></p>", [P("one"), P("two <em>x</em>")]),
    ("text before<h3>Title</h3>text after", [P("text before"), {"type": "heading", "value": {"text": "Title", "level": 3}},
                                             P("text after")]),
    ("<h1>A</h1><h5>B</h5>", [{"type": "heading", "value": {"text": "A", "level": 2}},
                               {"type": "heading", "value": {"text": "B", "level": 4}}]),
    ('<ol><li>one</li><li><a href="https://x.y">two</a></li></ol>',
     [{"type": "list", "value": {"ordered": True, "items": ["one", '<a href="https://x.y">two</a>']}}]),
    ("<blockquote>قال\nسطر<cite>فلان</cite></blockquote>",
     [{"type": "quote", "value": {"text": "قال\nسطر", "attribution": "فلان"}}]),
    ("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td><b>2</b></td></tr></table>",
     [{"type": "table", "value": {"rows": [["a", "b"], ["1", "2"]], "header": True}}]),
    ('<a href="https://x.y/big.jpg"><img src="https://x.y/s.jpg" class="alignleft wp-image-42" alt="صورة"></a>',
     [IMG("https://x.y/s.jpg", 42, alt="صورة")]),
    ('<figure><img src="/u/a.jpg"><figcaption>شرح</figcaption></figure>', [IMG("/u/a.jpg", caption="شرح")]),
    ('<video src="https://x.y/v.mp4"></video><audio><source src="https://x.y/a.mp3"></audio>',
     [{"type": "media", "value": {"kind": "video", "src": "https://x.y/v.mp4"}},
      {"type": "media", "value": {"kind": "audio", "src": "https://x.y/a.mp3"}}]),
    ('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>',
     [EMBED("https://www.youtube.com/watch?v=dQw4w9WgXcQ")]),
    ("<pre>code\n  indented</pre>", [P("code<br>  indented")]),
    ('<img src="data:image/png;base64,AAAA">', []),
]

BARE_EMBEDS = [
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "https://youtu.be/dQw4w9WgXcQ",
    "https://twitter.com/AJArabic/status/1234567890",
    "https://x.com/skynewsarabia/status/1234567890",
    "https://www.facebook.com/aljazeera/videos/123456789/",
    "https://vimeo.com/76979871",
]

SHORTCODES = [
    ('[caption id="attachment_59" align="alignnone" width="435"]<a href="https://x.y/b.jpg"><img class="wp-image-59" '
     'alt="Boat" src="https://x.y/boat.jpg" /></a> قارب[/caption]', [IMG("https://x.y/boat.jpg", 59, "قارب", "Boat")]),
    ('[caption id="attachment_7" caption="From attr"]<img src="https://x.y/c.jpg" />[/caption]',
     [IMG("https://x.y/c.jpg", 7, "From attr")]),
    ('[gallery ids="10,11, 12" columns="3"]',
     [{"type": "gallery", "value": {"ids": [10, 11, 12], "images": [
         {"src": "https://x.y/10.jpg", "attachment_id": 10, "caption": "", "alt": ""},
         {"src": "", "attachment_id": 11, "caption": "", "alt": ""},
         {"src": "", "attachment_id": 12, "caption": "", "alt": ""}]}}]),
    ("[embed width=500]https://vimeo.com/76979871[/embed]", [EMBED("https://vimeo.com/76979871")]),
    ('[video width="640" mp4="https://x.y/v.mp4"][/video]',
     [{"type": "media", "value": {"kind": "video", "src": "https://x.y/v.mp4"}}]),
    ('[video src="https://x.y/w.webm"]', [{"type": "media", "value": {"kind": "video", "src": "https://x.y/w.webm"}}]),
    ("[audio mp3='https://x.y/a.mp3']", [{"type": "media", "value": {"kind": "audio", "src": "https://x.y/a.mp3"}}]),
    ('[video src="javascript:alert(1)"]', []),
    ("[[gallery]]", [P("[gallery]")]),
]

BLOCKS = [
    ('<!-- wp:paragraph {"align":"right"} -->\n<p class="has-text-align-right">مرحبا\n<strong>بكم</strong></p>\n'
     "<!-- /wp:paragraph -->", [P("مرحبا\n<strong>بكم</strong>")]),
    ('<!-- wp:heading {"level":4} -->\n<h4>عنوان</h4>\n<!-- /wp:heading -->',
     [{"type": "heading", "value": {"text": "عنوان", "level": 4}}]),
    ("<!-- wp:heading -->\n<h2>Default</h2>\n<!-- /wp:heading -->",
     [{"type": "heading", "value": {"text": "Default", "level": 2}}]),
    ('<!-- wp:image {"id":12,"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large"><img src="https://x.y/a.jpg" '
     'alt="A" class="wp-image-12"/><figcaption>شرح الصورة</figcaption></figure>\n<!-- /wp:image -->',
     [IMG("https://x.y/a.jpg", 12, "شرح الصورة", "A")]),
    ('<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>l1</p><p>l2</p><cite>مصدر</cite></blockquote>\n<!-- /wp:quote -->',
     [{"type": "quote", "value": {"text": "l1\nl2", "attribution": "مصدر"}}]),
    ('<!-- wp:pullquote -->\n<figure class="wp-block-pullquote"><blockquote><p>قول</p><cite>قائل</cite></blockquote></figure>\n'
     "<!-- /wp:pullquote -->", [{"type": "quote", "value": {"text": "قول", "attribution": "قائل"}}]),
    ('<!-- wp:list {"ordered":true} -->\n<ol><!-- wp:list-item -->\n<li>أ</li>\n<!-- /wp:list-item -->'
     "<!-- wp:list-item -->\n<li>ب</li>\n<!-- /wp:list-item --></ol>\n<!-- /wp:list -->",
     [{"type": "list", "value": {"ordered": True, "items": ["أ", "ب"]}}]),
    ("<!-- wp:table -->\n<figure class=\"wp-block-table\"><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>c</td>"
     "</tr></tbody></table></figure>\n<!-- /wp:table -->",
     [{"type": "table", "value": {"rows": [["h"], ["c"]], "header": True}}]),
    ('<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abcdefg","type":"video","providerNameSlug":"youtube"} -->\n'
     '<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=abcdefg\n'
     "</div></figure>\n<!-- /wp:embed -->", [EMBED("https://www.youtube.com/watch?v=abcdefg")]),
    ('<!-- wp:core-embed/twitter {"url":"https://twitter.com/a/status/1"} -->\n<figure>https://twitter.com/a/status/1'
     "</figure>\n<!-- /wp:core-embed/twitter -->", [EMBED("https://twitter.com/a/status/1")]),
    ('<!-- wp:gallery {"ids":[5,6]} -->\n<figure class="wp-block-gallery"><ul><li><figure><img src="https://x.y/5.jpg" '
     'data-id="5" alt="five"/><figcaption>خمسة</figcaption></figure></li><li><figure><img src="https://x.y/6.jpg" '
     'class="wp-image-6"/></figure></li></ul></figure>\n<!-- /wp:gallery -->',
     [{"type": "gallery", "value": {"ids": [5, 6], "images": [
         {"src": "https://x.y/5.jpg", "attachment_id": 5, "caption": "خمسة", "alt": "five"},
         {"src": "https://x.y/6.jpg", "attachment_id": 6, "caption": "", "alt": ""}]}}]),
    ("<!-- wp:separator -->\n<hr class=\"wp-block-separator\"/>\n<!-- /wp:separator -->", []),
    ("<!-- wp:html -->\n<div onclick=\"x()\">raw <b>html</b></div><script>x()</script>\n<!-- /wp:html -->",
     [P("raw <b>html</b>")]),
    ('<!-- wp:shortcode -->\n[gallery ids="1,2"]\n<!-- /wp:shortcode -->',
     [{"type": "gallery", "value": {"ids": [1, 2], "images": [
         {"src": "", "attachment_id": 1, "caption": "", "alt": ""},
         {"src": "", "attachment_id": 2, "caption": "", "alt": ""}]}}]),
    ("<!-- wp:columns -->\n<div class=\"wp-block-columns\"><!-- wp:column -->\n<div class=\"wp-block-column\">"
     "<!-- wp:paragraph -->\n<p>يسار</p>\n<!-- /wp:paragraph --></div>\n<!-- /wp:column --><!-- wp:column -->\n"
     "<div class=\"wp-block-column\"><!-- wp:group --><div><!-- wp:heading {\"level\":3} -->\n<h3>يمين</h3>\n"
     "<!-- /wp:heading --></div><!-- /wp:group --></div>\n<!-- /wp:column --></div>\n<!-- /wp:columns -->",
     [P("يسار"), {"type": "heading", "value": {"text": "يمين", "level": 3}}]),
    ('<!-- wp:video {"id":3} -->\n<figure class="wp-block-video"><video controls src="https://x.y/v.mp4"></video></figure>\n'
     "<!-- /wp:video -->", [{"type": "media", "value": {"kind": "video", "src": "https://x.y/v.mp4"}}]),
    ("<!-- wp:paragraph -->\n<p>https://youtu.be/dQw4w9WgXcQ</p>\n<!-- /wp:paragraph -->",
     [EMBED("https://youtu.be/dQw4w9WgXcQ")]),
]


@pytest.mark.parametrize("content, blocks", CLASSIC)
def test_classic_html(content, blocks):
    assert convert(content).blocks == blocks


@pytest.mark.parametrize("url", BARE_EMBEDS)
def test_bare_provider_url_alone_on_its_line_becomes_embed(url):
    result = convert(f"قبل\n{url}\nبعد")
    assert result.blocks == [P("قبل"), EMBED(url), P("بعد")]


def test_provider_url_inside_a_sentence_stays_text():
    assert convert("شاهد https://youtu.be/dQw4w9WgXcQ الآن").blocks == [P("شاهد https://youtu.be/dQw4w9WgXcQ الآن")]
    assert convert("https://example.org/not-a-provider").blocks == [P("https://example.org/not-a-provider")]


@pytest.mark.parametrize("content, blocks", SHORTCODES)
def test_shortcodes(content, blocks):
    assert convert(content, attachment_urls={10: "https://x.y/10.jpg"}).blocks == blocks


def test_unknown_shortcodes_kept_and_reported():
    result = convert('[contact-form-7 id="3"]\n\nنص [button url="x"]اضغط[/button] و [caption]<img src="https://x.y/i.jpg">شرح[/caption]')
    assert result.unknown_shortcodes == ["contact-form-7", "button"]
    assert result.blocks[0] == P('[contact-form-7 id="3"]')
    assert IMG("https://x.y/i.jpg", None, "شرح") in result.blocks


@pytest.mark.parametrize("content, blocks", BLOCKS)
def test_editor_blocks(content, blocks):
    assert convert(content).blocks == blocks


def test_attachment_ids_used_and_warnings():
    result = convert('<img src="https://x.y/a.jpg" class="wp-image-3">[gallery ids="4,3"]<script>x</script>'
                     '<iframe src="https://evil.example/x"></iframe>')
    assert result.attachment_ids_used == [3, 4]
    assert "<script> dropped" in result.warnings
    assert any(w.startswith("iframe dropped") for w in result.warnings)


def test_parse_blocks_tree():
    tree = parse_blocks('x<!-- wp:group {"a":1} --><!-- wp:spacer /--><!-- wp:paragraph --><p>p</p>'
                        "<!-- /wp:paragraph --><!-- /wp:group -->y")
    assert tree[0] == "x" and tree[2] == "y"
    group = tree[1]
    assert group.name == "core/group" and group.attrs == {"a": 1}
    assert [b.name for b in group.inner_blocks] == ["core/spacer", "core/paragraph"]
    assert group.html() == "<p>p</p>"


def test_shortcode_attribute_parsing():
    assert parse_shortcode_attrs(' ids="1,2" columns=3 link=\'file\' autoplay') == {
        "ids": "1,2", "columns": "3", "link": "file", "0": "autoplay"}
    assert embed_url_for("//player.vimeo.com/video/42?x=1") == "https://vimeo.com/42"


def test_real_exports_convert_without_errors():
    count = 0
    for name in (("theme-unit-test", "themeunittestdata.wordpress.xml"), ("arabic-sample", "ant_ar_sample.wxr.xml")):
        for record in parse(wordpress_data(*name)):
            if isinstance(record, Item) and record.post_type in ("post", "page"):
                result = convert(record.content)
                count += 1
                for block in result.blocks:
                    assert block["type"] in {"paragraph", "heading", "image", "quote", "list", "table", "embed",
                                             "gallery", "media"}
                if record.content.strip() and record.post_type == "post" and "ant" in name[0]:
                    assert result.blocks, record.post_id
    assert count == 300 + 58 + 21
