"""Response headers and encoding: security headers on every response, gzip for public reader pages."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "img-src 'self' data: https:",
    "media-src 'self' https:",
    "frame-src https:",
    "style-src 'self' 'unsafe-inline'",
    "script-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The Wagtail admin needs inline scripts and eval of its own; the CSP applies to reader pages only.
        if not request.path.startswith(("/admin/", "/django-admin/")):
            response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        response.setdefault("X-Content-Type-Options", "nosniff")
        if not settings.DEBUG:
            response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response


class ReaderGZipMiddleware(GZipMiddleware):
    """Compresses public reader pages only: they carry no secret, so compression cannot leak one (BREACH)."""

    def process_response(self, request, response):
        if "public" not in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)
