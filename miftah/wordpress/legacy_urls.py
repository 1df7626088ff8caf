"""Every URL form WordPress would have served for an imported object, as keys Wagtail's redirects app looks up.

WordPress answers the same post at ``/?p=ID``, at its permalink (``link``), at ``/YYYY/MM/DD/slug/``,
``/YYYY/MM/slug/`` and ``/slug/`` (whatever the permalink structure, WordPress' canonical redirect sends those to the
post), and its comment feed at ``…/feed/``. Terms live at ``/category/parent/child/`` (and ``/category/child/``),
``/tag/slug/``, ``/author/login/``, with feeds below them and query forms ``?cat=``, ``?tag=``, ``?author=``.

Wagtail stores ``Redirect.old_path`` normalised (no trailing slash, sorted query, percent-escapes decoded to
Unicode) and its middleware decodes the request the same way, so one row answers ``%D8%A7``, ``%d8%a7`` and ``ا``
alike. One case needs a second row: WordPress caps ``post_name`` at 200 *encoded* characters, so an Arabic slug can
end in half a UTF-8 sequence (``…%d9``). Django re-escapes that stray byte as ``%25D9`` when it rebuilds the request
path, so :func:`lookup_keys` also stores the form the middleware will actually compute.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from urllib.parse import unquote_to_bytes, urlsplit

from django.utils.encoding import escape_uri_path, repercent_broken_unicode, uri_to_iri
from wagtail.contrib.redirects.models import Redirect

MAX_OLD_PATH = 255  # Redirect.old_path max_length


def base_path(site_url: str) -> str:
    """Path prefix of a WordPress install ("" at the domain root, "/blog" in a sub-folder)."""
    return urlsplit(site_url or "").path.rstrip("/")


def path_of(url: str) -> str:
    """Path and query of an absolute or relative URL; "" when there is nothing to redirect from."""
    if not url:
        return ""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    if path == "/" and not parts.query:
        return ""
    return path + ("?" + parts.query if parts.query else "")


# A path of unreserved characters and escapes of non-ASCII bytes only: when those bytes are whole UTF-8 characters,
# the path Django rebuilds for the request decodes to the very same key, so the second form need not be computed.
_PLAIN_OR_NON_ASCII_ESCAPES = re.compile(r"[A-Za-z0-9/_.~-]*(?:%[89A-Fa-f][0-9A-Fa-f][A-Za-z0-9/_.~-]*)*")


def lookup_keys(raw_path: str) -> list[str]:
    """The ``old_path`` values under which Wagtail's middleware will look for this old URL."""
    path, question, _query = raw_path.partition("?")
    if path[:2] != "//" and _PLAIN_OR_NON_ASCII_ESCAPES.fullmatch(path):  # "//x" would parse as a host
        try:
            # Only unreserved ASCII and %XX of bytes >= 0x80 here: as \xXX escapes, they decode to those bytes.
            decoded = codecs.decode(path.replace("%", "\\x"), "unicode_escape").encode("latin-1").decode()
        except UnicodeDecodeError:
            pass
        else:
            if question:
                key = Redirect.normalise_path(raw_path)
            else:  # what normalise_path gives (leading slash, none trailing, escapes decoded), 5x faster
                key = decoded if decoded.startswith("/") else "/" + decoded
                if key.endswith("/") and len(key) > 1:
                    key = key[:-1]
            return [key] if len(key) <= MAX_OLD_PATH else []
    return _lookup_keys_in_full(raw_path, Redirect.normalise_path(raw_path))


def _lookup_keys_in_full(raw_path: str, key: str) -> list[str]:
    keys = [key]
    parts = urlsplit(raw_path)
    as_served = repercent_broken_unicode(unquote_to_bytes(parts.path)).decode()
    full = escape_uri_path(as_served) + ("?" + parts.query if parts.query else "")
    served_key = uri_to_iri(Redirect.normalise_path(full, decode_unicode=False))
    if served_key not in keys:
        keys.append(served_key)
    return [key for key in keys if len(key) <= MAX_OLD_PATH]


def post_paths(base: str, post_id: int | None, slug: str, link: str, guid: str,
               local_date: dt.datetime | None, *, query_key: str = "p") -> list[str]:
    """Old URLs of a post (query_key "p") or page ("page_id"); slug is the exported, percent-encoded post_name."""
    paths = []
    if post_id is not None:
        paths.append(f"{base}/?{query_key}={post_id}")
        if query_key != "p":
            paths.append(f"{base}/?p={post_id}")
    for url in (link, guid):
        old = path_of(url)
        if old:
            paths.append(old)
            if "?" not in old:
                paths.append(old.rstrip("/") + "/feed/")
    if slug:
        paths.append(f"{base}/{slug}/")
        if local_date is not None and query_key == "p":
            y, m, d = local_date.year, local_date.month, local_date.day
            paths.append(f"{base}/{y:04d}/{m:02d}/{d:02d}/{slug}/")
            paths.append(f"{base}/{y:04d}/{m:02d}/{slug}/")
    return paths


def page_tree_path(base: str, slugs: list[str]) -> str:
    """/parent/child/ of a hierarchical page, slugs outermost first."""
    return f"{base}/{'/'.join(slugs)}/" if slugs else ""


def category_paths(base: str, term_id: int | None, chain: list[str]) -> list[str]:
    """Old URLs of a category; chain is the encoded slugs from the top-level ancestor down to the category."""
    paths = []
    if term_id is not None:
        paths.append(f"{base}/?cat={term_id}")
    if chain:
        for prefix in {"/".join(chain), chain[-1]}:
            paths.append(f"{base}/category/{prefix}/")
            paths.append(f"{base}/category/{prefix}/feed/")
    return paths


def archive_paths(base: str, kind: str, old_slug: str, same_as_new: bool, query: str = "") -> list[str]:
    """Old URLs of a tag or author archive; the archive itself only when the new slug differs."""
    paths = [f"{base}/{kind}/{old_slug}/feed/"] if old_slug else []
    if old_slug and not (same_as_new and not base):
        paths.append(f"{base}/{kind}/{old_slug}/")
    if query:
        paths.append(f"{base}/?{query}")
    return paths
