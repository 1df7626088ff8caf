"""What protects the source-facing tip pages without a cookie: a same-origin check, a signed single-use form token,
rate limits keyed by a keyed hash of the client address, and headers that keep the pages out of every cache and
referrer.

Django's CSRF protection needs a cookie, and a cookie can tie a visit to a source. Instead each form carries a
token that names nothing (a random nonce, signed with a timestamp) and is accepted once; the browser's own
Sec-Fetch-Site / Origin headers prove the post came from this site's page.
"""

import secrets
from functools import wraps

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import salted_hmac
from django.views.decorators.csrf import csrf_exempt

from miftah.core.proxies import client_ip
from miftah.core.ratelimit import hit

FORM_TOKEN_SALT = "miftah.tips.form"
FORM_TOKEN_SECONDS = 3 * 3600
RATE_WINDOW_SECONDS = 3600
# No script, no frame, nothing from another host; forms post only here.
CONTENT_SECURITY_POLICY = ("default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self'; "
                           "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")


def new_form_token() -> str:
    return signing.dumps({"n": secrets.token_urlsafe(16)}, salt=FORM_TOKEN_SALT)


def use_form_token(token: str) -> bool:
    """True once for a valid, unexpired token; its nonce is then spent."""
    try:
        nonce = signing.loads(token or "", salt=FORM_TOKEN_SALT, max_age=FORM_TOKEN_SECONDS)["n"]
    except (signing.BadSignature, KeyError, TypeError):
        return False
    # With Redis down the project's cache acts as an empty one (miftah.core.redis_cache): `add` succeeds and counts
    # read 0, so the tip line keeps taking tips (tokens still signed and timed, origin still checked), unlimited.
    return cache.add(f"miftah:tips:nonce:{nonce}", 1, FORM_TOKEN_SECONDS)


def is_same_origin(request) -> bool:
    """The browser says the post came from this site. The pages send no referrer, so Chromium posts `Origin: null`;
    Sec-Fetch-Site (every current browser, Tor Browser included) then decides. A request carrying neither is refused."""
    fetch_site = request.META.get("HTTP_SEC_FETCH_SITE")
    origin = request.META.get("HTTP_ORIGIN")
    if fetch_site is not None and fetch_site != "same-origin":
        return False
    if origin and origin != "null":
        own = f"{request.scheme}://{request.get_host()}"
        return origin == own or origin in settings.CSRF_TRUSTED_ORIGINS
    return fetch_site == "same-origin"


def _rate_key(request, scope):
    # Keyed so a cache dump does not list who visited; the entry expires with the window and is never stored with a tip.
    return f"miftah:tips:rate:{scope}:{salted_hmac('miftah.tips.rate', client_ip(request)).hexdigest()}"


def rate_count(request, scope) -> int:
    return cache.get(_rate_key(request, scope), 0)


def rate_add(request, scope) -> int:
    return hit(_rate_key(request, scope), RATE_WINDOW_SECONDS)


def source_page(view):
    """A page a source sees: no CSRF cookie (see the module docstring), never cached, no referrer, strict CSP."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "no-referrer"
        response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    return csrf_exempt(wrapped)
