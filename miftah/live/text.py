"""The text of a live update: what an editor types (plain paragraphs, or a little HTML) made into safe HTML.

Plain text becomes paragraphs (a blank line between them) with line breaks kept; whatever HTML there is goes
through nh3 with a short allow-list, so nothing an editor pastes can run script on the reader page.
"""

import re

import nh3
from django.utils.html import escape, strip_tags

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def clean_update_html(text):
    text = (text or "").strip()
    if not _HTML.search(text):
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
        text = "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                     link_rel="noopener nofollow ugc")


def plain_text(html):
    return re.sub(r"\s+", " ", strip_tags(html.replace("</p>", "</p> ").replace("<br>", " "))).strip()
