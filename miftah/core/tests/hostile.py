"""Shared by the hostile-input tests: the payload list, and a check that a piece of HTML would run none of it."""

from html.parser import HTMLParser
from pathlib import Path

PAYLOADS_FILE = Path(__file__).with_name("xss_payloads.txt")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "background", "poster", "srcdoc"}
DANGEROUS_TAGS = {"script", "iframe", "object", "embed", "base", "meta", "frame", "frameset", "applet"}


def load_payloads():
    lines = PAYLOADS_FILE.read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


def packed(payloads, limit, separator=" "):
    """The payloads grouped so each group, joined, fits in `limit` characters (a field's max_length)."""
    groups, current = [], []
    for payload in payloads:
        payload = payload[:limit]
        if current and len(separator.join([*current, payload])) > limit:
            groups.append(separator.join(current))
            current = []
        current.append(payload)
    if current:
        groups.append(separator.join(current))
    return groups


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            name = (name or "").lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            elif name in URL_ATTRIBUTES and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "data:text/html", "vbscript:")) or name == "srcdoc":
                    self.found.append(f"<{tag} {name}={value[:40]}>")

    handle_startendtag = handle_starttag


def dangerous_markup(html):
    """What in `html` a browser would run: script-like elements, event handlers, javascript:/data: URLs."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found
