"""Convert WordPress post content into StreamField-style blocks.

``convert(content)`` returns a :class:`ConversionResult` whose ``blocks`` is a
list of ``{"type": name, "value": ...}`` dicts that the Wagtail side maps 1:1:

=========  ==========================================================
paragraph  sanitised inline HTML string (a[href], strong, em, b, i, br, sup, sub)
heading    {"text", "level": 2|3|4}   (h1 -> 2, h5/h6 -> 4)
image      {"src", "attachment_id", "caption", "alt", "credit": ""}
quote      {"text" (lines joined by "\\n"), "attribution"}
list       {"ordered", "items": [inline HTML]}
table      {"rows": [[cell text]], "header"}
embed      {"url"}
gallery    {"images": [{"src", "attachment_id", "caption", "alt"}], "ids"}
media      {"kind": "video"|"audio", "src"}
=========  ==========================================================

Both kinds of WordPress content are understood:

* block-editor content (``<!-- wp:name {attrs} -->``) is parsed into a block
  tree the way WordPress' own parser does; layout blocks (columns, group,
  cover, media-text...) are recursed into;
* classic content gets ``wpautop`` semantics: a blank line ends a paragraph,
  a single newline is a ``<br>``; a provider URL (YouTube, X/Twitter,
  Facebook, Vimeo) alone on its line becomes an embed, as WordPress'
  auto-embed does.

Shortcodes ``[caption]``, ``[gallery]``, ``[embed]``, ``[video]`` and
``[audio]`` become blocks; any other shortcode is left in the text and listed
in ``unknown_shortcodes``.  Nothing is ever passed through unsanitised: what
is not understood becomes paragraphs of sanitised text, and scripts, styles,
forms and unknown iframes are dropped with a warning.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping
from urllib.parse import parse_qs, urlparse

import lxml.html
from lxml import etree

from .sanitize import plain_text, safe_url, sanitize_inline

__all__ = ["ConversionResult", "convert", "parse_blocks", "ParsedBlock", "parse_shortcode_attrs",
           "embed_url_for", "is_embeddable_url"]

# ------------------------------------------------------------------ result


@dataclass
class ConversionResult:
    blocks: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unknown_shortcodes: list[str] = field(default_factory=list)
    attachment_ids_used: list[int] = field(default_factory=list)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def use_attachment(self, attachment_id: int | None) -> None:
        if attachment_id is not None and attachment_id not in self.attachment_ids_used:
            self.attachment_ids_used.append(attachment_id)

    def add(self, block_type: str, value: Any) -> None:
        self.blocks.append({"type": block_type, "value": value})


# ------------------------------------------------------------------ embeds

# URL shapes WordPress' oEmbed providers accept, alone on a line.
EMBED_PROVIDERS = (
    ("youtube", re.compile(r"^https?://(?:www\.|m\.)?(?:youtube\.com/(?:watch\?|shorts/|live/|playlist\?)|youtu\.be/)\S+$", re.I)),
    ("x", re.compile(r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w{1,15}/status(?:es)?/\d+\S*$", re.I)),
    ("facebook", re.compile(r"^https?://(?:www\.|m\.|web\.)?(?:facebook\.com/\S+/(?:posts|videos|photos)/\S+|facebook\.com/(?:watch|photo|permalink)\S*|fb\.watch/\S+)$", re.I)),
    ("vimeo", re.compile(r"^https?://(?:www\.|player\.)?vimeo\.com/(?:video/)?\d+\S*$", re.I)),
)
# <iframe src> players rewritten to the canonical page URL.
IFRAME_PLAYERS = (
    (re.compile(r"^(?:https?:)?//(?:www\.)?youtube(?:-nocookie)?\.com/embed/([\w-]{6,})", re.I),
     "https://www.youtube.com/watch?v={}"),
    (re.compile(r"^(?:https?:)?//player\.vimeo\.com/video/(\d+)", re.I), "https://vimeo.com/{}"),
)


def is_embeddable_url(url: str) -> bool:
    return any(pattern.match(url) for _name, pattern in EMBED_PROVIDERS)


def embed_url_for(iframe_src: str) -> str:
    """Canonical page URL for a known player iframe, or ``""``."""
    src = html.unescape(iframe_src or "").strip()
    for pattern, template in IFRAME_PLAYERS:
        match = pattern.match(src)
        if match:
            return template.format(match.group(1))
    parsed = urlparse(src if not src.startswith("//") else "https:" + src)
    if parsed.netloc.endswith("facebook.com") and parsed.path.startswith("/plugins/"):
        href = parse_qs(parsed.query).get("href", [""])[0]
        return href if is_embeddable_url(href) else ""
    return ""


# ------------------------------------------------------------------ block grammar

_BLOCK_DELIMITER = re.compile(
    r"<!--\s+(?P<closer>/)?wp:(?P<name>[a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)\s+"
    r"(?P<attrs>\{(?:(?!\}\s+/?-->).)*?\}\s+)?(?P<void>/)?-->",
    re.S,
)


@dataclass
class ParsedBlock:
    name: str                                   # "core/paragraph", "core-embed/youtube", "acme/x"
    attrs: dict[str, Any]
    parts: list["str | ParsedBlock"] = field(default_factory=list)

    @property
    def inner_blocks(self) -> list["ParsedBlock"]:
        return [part for part in self.parts if isinstance(part, ParsedBlock)]

    def html(self) -> str:
        """Saved HTML including inner blocks, as WordPress would render it statically."""
        return "".join(part if isinstance(part, str) else part.html() for part in self.parts)


def parse_blocks(content: str) -> list[str | ParsedBlock]:
    """Block-editor content -> top-level list of freeform HTML strings and blocks."""
    top: list[str | ParsedBlock] = []
    stack: list[ParsedBlock] = []
    position = 0

    def emit(part: str | ParsedBlock) -> None:
        (stack[-1].parts if stack else top).append(part)

    for match in _BLOCK_DELIMITER.finditer(content):
        if match.start() > position:
            emit(content[position:match.start()])
        position = match.end()
        name = match.group("name")
        if "/" not in name:
            name = "core/" + name
        if match.group("closer"):
            # Close the nearest open block of that name; stray closers are ignored.
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth].name == name:
                    while len(stack) > depth + 1:
                        orphan = stack.pop()
                        emit(orphan)
                    block = stack.pop()
                    emit(block)
                    break
            continue
        try:
            attrs = json.loads(match.group("attrs")) if match.group("attrs") else {}
        except ValueError:
            attrs = {}
        if not isinstance(attrs, dict):
            attrs = {}
        block = ParsedBlock(name, attrs)
        if match.group("void"):
            emit(block)
        else:
            stack.append(block)
    if position < len(content):
        emit(content[position:])
    while stack:  # unclosed blocks: keep what they hold
        block = stack.pop()
        emit(block)
    return top


# ------------------------------------------------------------------ shortcodes

KNOWN_SHORTCODES = ("caption", "wp_caption", "gallery", "embed", "video", "audio")
_SHORTCODE = re.compile(
    r"\[(?P<open_escape>\[?)(?P<name>[a-zA-Z][\w-]*)(?![\w-])(?P<attrs>[^\]]*?)"
    r"(?:(?P<self_closing>/)\]|\](?:(?P<body>.*?)\[/(?P=name)\])?)(?P<close_escape>\]?)",
    re.S,
)
_SHORTCODE_ATTR = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
_VIDEO_SOURCE_KEYS = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov")
_AUDIO_SOURCE_KEYS = ("src", "mp3", "m4a", "ogg", "oga", "wav", "wma", "flac")
_PLACEHOLDER = "miftah-block"


def parse_shortcode_attrs(text: str) -> dict[str, str]:
    """WordPress' shortcode_parse_atts(): named attributes lower-cased, positional ones as "0", "1"..."""
    text = html.unescape(text).replace("\u201c", '"').replace("\u201d", '"').replace("\u2033", '"')
    attrs: dict[str, str] = {}
    positional = 0
    for match in _SHORTCODE_ATTR.finditer(text.strip() + " "):
        groups = match.groups()
        for name_at, value_at in ((0, 1), (2, 3), (4, 5)):
            if groups[name_at]:
                attrs[groups[name_at].lower()] = groups[value_at]
                break
        else:
            value = next((g for g in groups[6:] if g is not None), "")
            if value != "/":
                attrs[str(positional)] = value
                positional += 1
    return attrs


# ------------------------------------------------------------------ converter

_CONTAINER_TAGS = {
    "div", "section", "article", "main", "header", "footer", "aside", "nav", "center", "body",
    "html", "dl", "dd", "dt", "details", "summary", "hgroup", "address", "fieldset", "li", "span",
    "font", "figcaption", "picture", "caption", "td", "th", "tr", "tbody", "thead", "tfoot",
}
_BLOCK_LEVEL = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "center", "dl",
    "details", "hgroup", "address", "fieldset", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "blockquote", "table", "figure", "img", "iframe", "video", "audio", "hr", "pre", "script",
    "style", "object", "embed", "form", "noscript", "template", "svg", "math", "applet", "canvas",
    "textarea", "select", "button", "input", "link", "meta", "base", "frameset", "frame",
    _PLACEHOLDER,
}
_DROPPED = {"script", "style", "object", "embed", "form", "noscript", "template", "svg", "math", "applet",
            "canvas", "textarea", "select", "button", "input", "link", "meta", "base", "frameset", "frame",
            "title", "head"}
_HEADING_LEVELS = {"h1": 2, "h2": 2, "h3": 3, "h4": 4, "h5": 4, "h6": 4}
_WP_IMAGE_CLASS = re.compile(r"\bwp-image-(\d+)\b")
_ATTACHMENT_ID = re.compile(r"attachment_(\d+)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_BREAK_TAG = re.compile(r"^(?:\s|<br\s*/?>)+|(?:\s|<br\s*/?>)+$", re.I)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


class _Converter:
    def __init__(self, result: ConversionResult, attachment_urls: Mapping[int, str]) -> None:
        self.result = result
        self.attachment_urls = attachment_urls
        self.pending: list[list[dict[str, Any]]] = []   # blocks standing behind placeholders

    # ---------------------------------------------------------- entry points

    def content(self, content: str) -> None:
        if "<!-- wp:" in content:
            self.parts(parse_blocks(content))
        else:
            self.html(content, autop=True)

    def parts(self, parts: Iterable[str | ParsedBlock]) -> None:
        for part in parts:
            if isinstance(part, ParsedBlock):
                self.block(part)
            elif part.strip():
                self.html(part, autop=True)  # freeform (classic) content between blocks

    # ---------------------------------------------------------- editor blocks

    def block(self, block: ParsedBlock) -> None:
        namespace, _, short = block.name.partition("/")
        if namespace == "core-embed":
            self.embed_block(block)
            return
        handler = self.BLOCK_HANDLERS.get(short) if namespace == "core" else None
        if handler is not None:
            handler(self, block)
        elif block.inner_blocks:
            self.parts(block.parts)  # layout or third-party wrapper: keep what is inside
        else:
            self.result.warn(f"block {block.name} converted as plain HTML")
            self.html(block.html(), autop=False)

    def recurse(self, block: ParsedBlock) -> None:
        self.parts(block.parts)

    def skip(self, block: ParsedBlock) -> None:
        pass

    def html_block(self, block: ParsedBlock) -> None:
        self.html(block.html(), autop=False)

    def shortcode_block(self, block: ParsedBlock) -> None:
        self.html(block.html(), autop=True)

    def heading_block(self, block: ParsedBlock) -> None:
        root = _fragment(block.html())
        heading = next((el for el in root.iter() if el.tag in _HEADING_LEVELS), None)
        text = plain_text(_inner_html(heading if heading is not None else root))
        level = _int_or_none(block.attrs.get("level")) or (int(heading.tag[1]) if heading is not None else 2)
        if text:
            self.result.add("heading", {"text": text, "level": min(max(level, 2), 4)})

    def image_block(self, block: ParsedBlock) -> None:
        root = _fragment(block.html())
        img = next(root.iter("img"), None)
        if img is None:
            if block.attrs.get("url"):
                self.image(block.attrs["url"], _int_or_none(block.attrs.get("id")), "", block.attrs.get("alt", ""))
            return
        caption = next(root.iter("figcaption"), None)
        self.image_element(img, plain_text(_inner_html(caption)) if caption is not None else "",
                           _int_or_none(block.attrs.get("id")))

    def quote_block(self, block: ParsedBlock) -> None:
        self.quote(_fragment(block.html()))

    def list_block(self, block: ParsedBlock) -> None:
        root = _fragment(block.html())
        list_elem = next((el for el in root.iter() if el.tag in ("ul", "ol")), None)
        if list_elem is None:
            self.html(block.html(), autop=False)
            return
        self.list(list_elem, ordered=bool(block.attrs.get("ordered")) or list_elem.tag == "ol")

    def table_block(self, block: ParsedBlock) -> None:
        table = next(_fragment(block.html()).iter("table"), None)
        if table is not None:
            self.table(table)

    def embed_block(self, block: ParsedBlock) -> None:
        url = block.attrs.get("url") or plain_text(block.html())
        self.embed(url.strip().split()[0] if url.strip() else "", block.name)

    def gallery_block(self, block: ParsedBlock) -> None:
        root = _fragment(block.html())
        images = []
        for figure_or_img in root.iter("img"):
            attachment_id = _attachment_id_of(figure_or_img)
            caption_elem = _caption_for(figure_or_img)
            src = safe_url(figure_or_img.get("src"))
            if not src:
                self.result.warn("gallery image with unsafe or missing src dropped")
                continue
            images.append({"src": src, "attachment_id": attachment_id,
                           "caption": plain_text(_inner_html(caption_elem)) if caption_elem is not None else "",
                           "alt": plain_text(figure_or_img.get("alt", ""))})
        ids = [i for i in (_int_or_none(x) for x in block.attrs.get("ids", [])) if i is not None]
        if not ids:
            ids = [image["attachment_id"] for image in images if image["attachment_id"] is not None]
        self.gallery(images, ids)

    def media_block(self, block: ParsedBlock) -> None:
        kind = "video" if block.name.endswith("video") else "audio"
        root = _fragment(block.html())
        element = next(root.iter(kind), None)
        src = block.attrs.get("src") or (_media_src(element) if element is not None else "")
        self.media(kind, src)

    def preformatted_block(self, block: ParsedBlock) -> None:
        self.preformatted(_fragment(block.html()))

    BLOCK_HANDLERS: dict[str, Callable[["_Converter", ParsedBlock], None]] = {}

    # ---------------------------------------------------------- HTML

    def html(self, markup: str, *, autop: bool) -> None:
        markup = self.shortcodes(markup, autop=autop)
        if not markup.strip():
            return
        self.container(_fragment(markup), autop=autop)

    def shortcodes(self, markup: str, *, autop: bool) -> str:
        """Replace known shortcodes by placeholders; report unknown ones."""
        def replace(match: re.Match) -> str:
            name = match.group("name").lower()
            if match.group("open_escape") and match.group("close_escape"):
                return match.group(0)[1:-1]  # [[gallery]] is the literal text [gallery]
            if name not in KNOWN_SHORTCODES:
                if match.group("name") not in self.result.unknown_shortcodes:
                    self.result.unknown_shortcodes.append(match.group("name"))
                # Keep the text but look inside an enclosing body for known shortcodes.
                body = match.group("body")
                if body is None:
                    return match.group(0)
                inner = self.shortcodes(body, autop=autop)
                start = match.group(0)[: match.start("body") - match.start(0)]
                return start + inner + f"[/{match.group('name')}]" + match.group("close_escape")
            blocks = self.shortcode(name, parse_shortcode_attrs(match.group("attrs") or ""),
                                    match.group("body") or "")
            self.pending.append(blocks)
            marker = f'<{_PLACEHOLDER} data-index="{len(self.pending) - 1}"></{_PLACEHOLDER}>'
            return f"\n\n{marker}\n\n" if autop else marker
        markup = _SHORTCODE.sub(replace, markup)
        if autop:
            markup = self.bare_embeds(markup)
        return markup

    def bare_embeds(self, markup: str) -> str:
        lines = markup.split("\n")
        for index, line in enumerate(lines):
            candidate = line.strip()
            if candidate.startswith("http") and is_embeddable_url(candidate):
                self.pending.append([{"type": "embed", "value": {"url": candidate}}])
                lines[index] = f'\n<{_PLACEHOLDER} data-index="{len(self.pending) - 1}"></{_PLACEHOLDER}>\n'
        return "\n".join(lines)

    def shortcode(self, name: str, attrs: dict[str, str], body: str) -> list[dict[str, Any]]:
        sub = ConversionResult(warnings=self.result.warnings, unknown_shortcodes=self.result.unknown_shortcodes,
                               attachment_ids_used=self.result.attachment_ids_used)
        converter = _Converter(sub, self.attachment_urls)
        if name in ("caption", "wp_caption"):
            root = _fragment(body)
            img = next(root.iter("img"), None)
            if img is None:
                self.result.warn("[caption] without an image: kept its text")
                converter.container(root, autop=False)
                return sub.blocks
            caption = attrs.get("caption", "")
            if not caption:
                anchor = img.getparent() if img.getparent() is not None and img.getparent().tag == "a" else img
                _remove_keep_tail(anchor)
                caption = plain_text(etree.tostring(root, encoding="unicode", method="html"))
            converter.image_element(img, plain_text(caption), _int_or_none(
                (_ATTACHMENT_ID.search(attrs.get("id", "")) or [None, None])[1]))
        elif name == "gallery":
            ids = [i for i in (_int_or_none(x) for x in re.split(r"[,\s]+", attrs.get("ids", attrs.get("include", ""))))
                   if i is not None]
            if not ids:
                self.result.warn("[gallery] without ids: it shows the post's attached images")
            images = [{"src": self.attachment_urls.get(i, ""), "attachment_id": i, "caption": "", "alt": ""}
                      for i in ids]
            converter.gallery(images, ids)
        elif name == "embed":
            converter.embed((attrs.get("src") or html.unescape(plain_text(body))).strip(), "[embed]")
        elif name in ("video", "audio"):
            keys = _VIDEO_SOURCE_KEYS if name == "video" else _AUDIO_SOURCE_KEYS
            src = next((attrs[k] for k in keys if attrs.get(k)), "")
            if not src and body.strip():
                src = html.unescape(plain_text(body)).strip()
            converter.media(name, src)
        return sub.blocks

    # ---------------------------------------------------------- DOM walk

    def container(self, element: Any, *, autop: bool) -> None:
        run = _Run()
        self.text(element.text, run, autop)
        for child in element:
            tag = child.tag if isinstance(child.tag, str) else None
            if tag is None:
                pass  # comment or processing instruction: only its tail counts
            elif tag in _BLOCK_LEVEL or _is_linked_image(child):
                self.flush(run)
                self.element(child, autop=autop)
            else:
                run.add(_serialize(child))
            self.text(child.tail, run, autop)
        self.flush(run)

    def text(self, text: str | None, run: "_Run", autop: bool) -> None:
        if not text:
            return
        if not autop:
            run.add(html.escape(text, quote=False))
            return
        paragraphs = _BLANK_LINE.split(text.replace("\r\n", "\n"))
        for index, chunk in enumerate(paragraphs):
            if index:
                self.flush(run)
            lines = chunk.split("\n")
            run.add("<br>".join(html.escape(line, quote=False) for line in lines))

    def flush(self, run: "_Run") -> None:
        markup = run.take()
        if not markup.strip():
            return
        markup = _BREAK_TAG.sub("", markup)
        text = plain_text(markup)
        if not text:
            return
        if is_embeddable_url(text) and " " not in text:
            self.embed(text, "bare URL")
            return
        cleaned = sanitize_inline(markup)
        if plain_text(cleaned):
            self.result.add("paragraph", cleaned)

    def element(self, el: Any, *, autop: bool) -> None:
        tag = el.tag
        if tag == _PLACEHOLDER:
            index = _int_or_none(el.get("data-index"))
            if index is not None and 0 <= index < len(self.pending):
                self.result.blocks.extend(self.pending[index])
        elif tag in _HEADING_LEVELS:
            text = plain_text(_inner_html(el))
            if text:
                self.result.add("heading", {"text": text, "level": _HEADING_LEVELS[tag]})
        elif tag in ("ul", "ol"):
            self.list(el, ordered=tag == "ol")
        elif tag == "blockquote":
            self.quote(el)
        elif tag == "table":
            self.table(el)
        elif tag == "figure":
            self.figure(el, autop=autop)
        elif tag == "img":
            self.image_element(el, "", None)
        elif tag == "a":  # a link around a lone image
            self.image_element(next(el.iter("img")), "", None)
        elif tag == "iframe":
            url = embed_url_for(el.get("src", ""))
            if url:
                self.embed(url, "iframe")
            else:
                self.result.warn(f"iframe dropped: {el.get('src', '')[:100]}")
        elif tag in ("video", "audio"):
            self.media(tag, _media_src(el))
        elif tag == "hr":
            pass
        elif tag == "pre":
            self.preformatted(el)
        elif tag in _DROPPED:
            self.result.warn(f"<{tag}> dropped")
        else:
            self.container(el, autop=autop)

    def figure(self, el: Any, *, autop: bool) -> None:
        classes = el.get("class", "")
        table = next(el.iter("table"), None)
        if table is not None:
            self.table(table)
            return
        iframe = next(el.iter("iframe"), None)
        if "wp-block-embed" in classes or iframe is not None:
            url = embed_url_for(iframe.get("src", "")) if iframe is not None else ""
            self.embed(url or plain_text(_inner_html(el)).split(" ")[0], "figure")
            return
        img = next(el.iter("img"), None)
        if img is not None:
            caption = next(el.iter("figcaption"), None)
            self.image_element(img, plain_text(_inner_html(caption)) if caption is not None else "", None)
            return
        for kind in ("video", "audio"):
            media = next(el.iter(kind), None)
            if media is not None:
                self.media(kind, _media_src(media))
                return
        quote = next(el.iter("blockquote"), None)
        if quote is not None:
            self.quote(quote)
            return
        self.container(el, autop=autop)

    # ---------------------------------------------------------- block builders

    def image_element(self, img: Any, caption: str, attachment_id: int | None) -> None:
        if attachment_id is None:
            attachment_id = _attachment_id_of(img)
        self.image(img.get("src", ""), attachment_id, caption, img.get("alt", ""))

    def image(self, src: str, attachment_id: int | None, caption: str, alt: str) -> None:
        url = safe_url(src)
        if not url and attachment_id is not None:
            url = self.attachment_urls.get(attachment_id, "")
        if not url:
            self.result.warn(f"image with unsafe or missing src dropped: {str(src)[:60]}")
            return
        self.result.use_attachment(attachment_id)
        self.result.add("image", {"src": url, "attachment_id": attachment_id, "caption": caption,
                                  "alt": plain_text(alt), "credit": ""})

    def gallery(self, images: list[dict[str, Any]], ids: list[int]) -> None:
        for attachment_id in ids:
            self.result.use_attachment(attachment_id)
        for image in images:
            self.result.use_attachment(image["attachment_id"])
        self.result.add("gallery", {"images": images, "ids": ids})

    def embed(self, url: str, origin: str) -> None:
        url = safe_url(html.unescape(url or "").strip(), schemes=frozenset({"http", "https"}))
        if not url or not url.startswith("http"):
            self.result.warn(f"embed without a usable URL dropped ({origin})")
            return
        self.result.add("embed", {"url": url})

    def media(self, kind: str, src: str) -> None:
        url = safe_url(html.unescape(src or "").strip(), schemes=frozenset({"http", "https"}))
        if not url:
            self.result.warn(f"{kind} without a usable source dropped")
            return
        self.result.add("media", {"kind": kind, "src": url})

    def quote(self, el: Any) -> None:
        if any(cls in (el.get("class") or "") for cls in ("twitter-tweet", "instagram-media", "tiktok-embed")):
            links = [a.get("href", "") for a in el.iter("a") if is_embeddable_url(a.get("href", ""))]
            if links:
                self.embed(links[-1], "embedded quote")
                return
        attribution = ""
        for cite in list(el.iter("cite", "footer")):
            attribution = attribution or plain_text(_inner_html(cite))
            _remove_keep_tail(cite)
        paragraphs = [p for p in el.iter("p")]
        if paragraphs:
            lines = [_text_with_breaks(p) for p in paragraphs]
        else:
            lines = [_text_with_breaks(el)]
        text = "\n".join(line for line in lines if line)
        if text:
            self.result.add("quote", {"text": text, "attribution": attribution})

    def list(self, el: Any, *, ordered: bool) -> None:
        items: list[str] = []
        for li in el.iter("li"):
            copy = lxml.html.fromstring(etree.tostring(li, encoding="unicode", method="html"))
            for nested in list(copy.iter("ul", "ol")):
                _remove_keep_tail(nested)  # nested items are listed after their parent
            item = sanitize_inline(_BREAK_TAG.sub("", _inner_html(copy)))
            if plain_text(item):
                items.append(item)
        if any(True for _ in el.iter("li") for _n in _.iter("ul", "ol") if _n is not _):
            self.result.warn("nested list flattened")
        if items:
            self.result.add("list", {"ordered": ordered, "items": items})

    def table(self, el: Any) -> None:
        rows = []
        header = next(el.iter("thead"), None) is not None
        for index, tr in enumerate(el.iter("tr")):
            cells = [c for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
            if index == 0 and cells and all(c.tag == "th" for c in cells):
                header = True
            rows.append([plain_text(_inner_html(c)) for c in cells])
        if any(any(cell for cell in row) for row in rows):
            self.result.add("table", {"rows": rows, "header": header})

    def preformatted(self, el: Any) -> None:
        text = el.text_content().strip("\n")
        if text.strip():
            lines = [html.escape(line, quote=False) for line in text.split("\n")]
            self.result.add("paragraph", sanitize_inline("<br>".join(lines)))


_Converter.BLOCK_HANDLERS = {
    "paragraph": _Converter.html_block,
    "heading": _Converter.heading_block,
    "image": _Converter.image_block,
    "quote": _Converter.quote_block,
    "pullquote": _Converter.quote_block,
    "list": _Converter.list_block,
    "table": _Converter.table_block,
    "embed": _Converter.embed_block,
    "video": _Converter.media_block,
    "audio": _Converter.media_block,
    "gallery": _Converter.gallery_block,
    "separator": _Converter.skip,
    "spacer": _Converter.skip,
    "more": _Converter.skip,
    "nextpage": _Converter.skip,
    "html": _Converter.html_block,
    "shortcode": _Converter.shortcode_block,
    "freeform": _Converter.shortcode_block,
    "preformatted": _Converter.preformatted_block,
    "code": _Converter.preformatted_block,
    "verse": _Converter.preformatted_block,
    "columns": _Converter.recurse,
    "column": _Converter.recurse,
    "group": _Converter.recurse,
    "cover": _Converter.recurse,
    "media-text": _Converter.recurse,
    "list-item": _Converter.html_block,
}


# ------------------------------------------------------------------ helpers

class _Run:
    """Inline HTML collected until a block-level element or blank line ends the paragraph."""
    __slots__ = ("parts",)

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def take(self) -> str:
        markup, self.parts = "".join(self.parts), []
        return markup


def _fragment(markup: str) -> Any:
    if not markup.strip():
        return lxml.html.fragment_fromstring("<div></div>")
    return lxml.html.fragment_fromstring(markup, create_parent="div")


def _serialize(el: Any) -> str:
    return etree.tostring(el, encoding="unicode", method="html", with_tail=False)


def _inner_html(el: Any) -> str:
    if el is None:
        return ""
    return html.escape(el.text or "", quote=False) + "".join(
        etree.tostring(child, encoding="unicode", method="html", with_tail=True) for child in el)


def _text_with_breaks(el: Any) -> str:
    markup = re.sub(r"<br\s*/?>", "\n", _inner_html(el), flags=re.I)
    return "\n".join(plain_text(line) for line in markup.split("\n") if plain_text(line))


def _remove_keep_tail(el: Any) -> None:
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    previous = el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _is_linked_image(el: Any) -> bool:
    if el.tag != "a":
        return False
    children = [c for c in el if isinstance(c.tag, str)]
    return len(children) == 1 and children[0].tag == "img" and not (el.text or "").strip() \
        and not (children[0].tail or "").strip()


def _attachment_id_of(img: Any) -> int | None:
    match = _WP_IMAGE_CLASS.search(img.get("class", ""))
    if match:
        return int(match.group(1))
    return _int_or_none(img.get("data-id"))


def _caption_for(img: Any) -> Any:
    figure = img.getparent()
    while figure is not None and figure.tag != "figure":
        figure = figure.getparent()
    return next(figure.iter("figcaption"), None) if figure is not None else None


def _media_src(el: Any) -> str:
    if el.get("src"):
        return el.get("src")
    source = next(el.iter("source"), None)
    return source.get("src", "") if source is not None else ""


# ------------------------------------------------------------------ public entry

def convert(content: str | None, *, attachment_urls: Mapping[int, str] | None = None) -> ConversionResult:
    """Convert one post's ``content:encoded`` into blocks.

    ``attachment_urls`` (attachment post id -> URL, from the export's
    attachment items) lets ``[gallery ids=...]`` and images without a usable
    ``src`` point at the original file.
    """
    result = ConversionResult()
    if content and content.strip():
        _Converter(result, attachment_urls or {}).content(content.replace("\r\n", "\n"))
    # Recomputed from the final blocks so the order is reading order, not discovery order.
    result.attachment_ids_used = []
    for block in result.blocks:
        if block["type"] == "image":
            result.use_attachment(block["value"]["attachment_id"])
        elif block["type"] == "gallery":
            for attachment_id in block["value"]["ids"]:
                result.use_attachment(attachment_id)
            for image in block["value"]["images"]:
                result.use_attachment(image["attachment_id"])
    return result
