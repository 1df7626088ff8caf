"""EMAIL_URL → Django's e-mail settings, and ANYMAIL_* environment variables → the ANYMAIL dict (ESP backends).

    smtp://user:password@host:587        plain SMTP (add ?tls=1 for STARTTLS)
    smtp+tls://user:password@host:587    STARTTLS
    smtps://user:password@host:465       SMTP over TLS
    console://   locmem://   dummy://    Django's development backends
"""

from urllib.parse import parse_qs, unquote, urlsplit

BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
}


def parse_email_url(url):
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise ValueError(f"EMAIL_URL: unknown scheme {scheme!r} (one of {', '.join(BACKENDS)})")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    truthy = {"1", "true", "yes", "on"}
    settings = {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme.startswith("smtp"):
        settings.update({
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port or {"smtps": 465, "smtp+tls": 587}.get(scheme, 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls" or query.get("tls", "").lower() in truthy,
            "EMAIL_USE_SSL": scheme == "smtps" or query.get("ssl", "").lower() in truthy,
            "EMAIL_TIMEOUT": int(query.get("timeout", 30)),
        })
    return settings


def anymail_settings(environ):
    """ANYMAIL_POSTMARK_SERVER_TOKEN=… → {"POSTMARK_SERVER_TOKEN": …}; ANYMAIL_WEBHOOK_SECRET guards the webhooks."""
    return {name[len("ANYMAIL_"):]: value for name, value in environ.items() if name.startswith("ANYMAIL_") and value}
