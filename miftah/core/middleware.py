"""Response headers and encoding: which requests are HTTPS, the Content-Security-Policy (django-csp, with an admin
variant), the other security headers on every response, gzip for public reader pages.

docs/security/headers-and-csp.md explains each header and what it does not protect against.
"""

from contextvars import ContextVar

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.gzip import GZipMiddleware

from miftah.core.proxies import forwarded_https

# The request being answered, for templates rendered without one (Wagtail's form widgets) that need its CSP nonce.
current_request = ContextVar("miftah_current_request", default=None)

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class TrustedProxyHTTPSMiddleware:
    """Marks a request as HTTPS when a trusted proxy (MIFTAH_TRUSTED_PROXIES) says so in X-Forwarded-Proto.

    Placed before SecurityMiddleware, instead of Django's SECURE_PROXY_SSL_HEADER, which believes the header from
    any client: a client could otherwise dodge the HTTPS redirect and be handed secure-only behaviour over HTTP.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if forwarded_https(request):
            request.META["wsgi.url_scheme"] = "https"
        return self.get_response(request)


class MiftahCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; on admin paths the directives in settings.MIFTAH_CSP_ADMIN_DIRECTIVES replace the
    reader policy's (what the Wagtail admin needs beyond it, measured in Chromium).

    A nonce appears in the header only when a template asked for one ({% csp_nonce %}); reader templates never do,
    so the pages the page cache stores and replays to everyone carry none.
    """

    def process_request(self, request):
        super().process_request(request)
        request._miftah_request_token = current_request.set(request)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        token = getattr(request, "_miftah_request_token", None)
        if token is not None:
            current_request.reset(token)
            del request._miftah_request_token
        if "report-to" in response.get("Content-Security-Policy", "") + response.get(
                "Content-Security-Policy-Report-Only", ""):
            response.setdefault("Reporting-Endpoints", f'csp-endpoint="{settings.MIFTAH_CSP_REPORT_URL}"')
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIXES):
            parts.replace = {**settings.MIFTAH_CSP_ADMIN_DIRECTIVES, **(parts.replace or {})}
        return parts


class SecurityHeadersMiddleware:
    """The headers Django's SecurityMiddleware does not send, on every response (static and media files included)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.MIFTAH_PERMISSIONS_POLICY)
        response.setdefault("X-Content-Type-Options", "nosniff")
        # Published images may be shown by other sites (feed readers, shares): media is cross-origin, the rest not.
        public_media = request.path_info.startswith(settings.MEDIA_URL)
        response.setdefault("Cross-Origin-Resource-Policy", "cross-origin" if public_media else "same-origin")
        return response


class ReaderGZipMiddleware(GZipMiddleware):
    """Compresses public reader pages only: they carry no secret, so compression cannot leak one (BREACH)."""

    def process_response(self, request, response):
        if "public" not in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)
