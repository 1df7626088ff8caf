"""Security headers on every kind of response (issue #17 §2), the CSP's nonce rule, and which requests are HTTPS."""

import re

import pytest
from django.test import Client

from miftah.news.tests.factories import make_image

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def policy_of(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))


def assert_common(response, corp="same-origin"):
    for header, value in COMMON.items():
        assert response[header] == value, header
    assert response["Cross-Origin-Resource-Policy"] == corp
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert "script-src" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_reader_pages_have_a_strict_policy_without_nonce_even_from_the_page_cache(newsroom):
    article = newsroom["articles"][0]
    for path in ["/", article.url, article.url]:  # the second article request is a page-cache hit
        response = Client().get(path)
        assert response.status_code == 200
        assert_common(response)
        policy = policy_of(response)
        assert policy["script-src"] == "'self'"  # no nonce, no 'unsafe-inline'
        assert policy["style-src"] == "'self'"
        assert policy["frame-ancestors"] == "'self'" and policy["object-src"] == "'none'"
        assert policy["report-uri"] == "/csp-report/" and policy["report-to"] == "csp-endpoint"
        assert response["Reporting-Endpoints"] == 'csp-endpoint="/csp-report/"'
        assert response["X-Frame-Options"] == "DENY"
        html = response.content.decode()
        assert not re.search(r"<script(?![^>]*\b(src|type=\"application/ld\+json\")=?)[^>]*>", html), "inline script"
        assert " style=" not in html
    assert response["X-Miftah-Cache"] == "hit"


@pytest.mark.django_db
def test_admin_scripts_carry_the_nonce_of_their_response(newsroom, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.create_superuser("chief", "chief@example.org", "pw"))
    article = newsroom["articles"][0]
    response = client.get(f"/admin/pages/{article.pk}/edit/")
    assert response.status_code == 200
    assert_common(response)
    policy = policy_of(response)
    nonce = re.fullmatch(r"'self' 'nonce-([\w+/=]+)'", policy["script-src"]).group(1)
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'self'"  # Wagtail's preview frames the site's own pages
    # Style attributes stay refused; only <style> elements (Wagtail's editor bundle inserts two) are allowed.
    assert policy["style-src"] == "'self'" and policy["style-src-elem"] == "'self' 'unsafe-inline'"
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")([^>]*)>", html)
    assert inline, "the article editor has inline panels and choosers"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline), inline
    assert nonce != policy_of(client.get(f"/admin/pages/{article.pk}/edit/"))["script-src"].split("nonce-")[1][:-1]


@pytest.mark.django_db
def test_api_feeds_static_media_and_errors_have_the_headers(newsroom):
    client = Client()
    for path in ["/api/v2/articles/", "/feed/", "/sitemap.xml", "/static/miftah/css/site.css", "/no-such-page/",
                 "/healthz"]:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert_common(response)
    image = make_image()
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert_common(response, corp="cross-origin")  # published photos may be shown by feed readers


@pytest.mark.django_db
def test_report_only_mode_sends_the_policy_without_enforcing_it(newsroom, settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = Client().get("/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]
    assert response["Reporting-Endpoints"] == 'csp-endpoint="/csp-report/"'


@pytest.fixture
def https_behind_proxy(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.MIFTAH_TRUSTED_PROXIES = ["10.0.0.0/24"]


@pytest.mark.django_db
def test_a_client_claiming_https_is_not_believed(newsroom, https_behind_proxy):
    response = Client(REMOTE_ADDR="203.0.113.7").get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 301 and response["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
def test_a_trusted_proxy_saying_https_is_believed(newsroom, https_behind_proxy):
    response = Client(REMOTE_ADDR="10.0.0.3").get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    # The proxy saying plain http is redirected like anyone else.
    assert Client(REMOTE_ADDR="10.0.0.3").get("/", HTTP_X_FORWARDED_PROTO="http").status_code == 301


@pytest.mark.django_db
def test_a_page_whose_rendering_used_a_nonce_is_never_cached(home, rf):
    from django.http import HttpResponse
    from django.template import engines

    from miftah.core.cache import PageCacheMiddleware, mark_cacheable
    from miftah.core.middleware import MiftahCSPMiddleware

    def view(request):
        mark_cacheable(request)
        html = engines["django"].from_string('{% load miftah_csp %}<script nonce="{% csp_nonce %}"></script>').render()
        return HttpResponse(html)

    stack = MiftahCSPMiddleware(PageCacheMiddleware(view))
    first = stack(rf.get("/nonce-page/"))
    second = stack(rf.get("/nonce-page/"))
    nonces = [re.search(r'nonce="([^"]+)"', r.content.decode()).group(1) for r in (first, second)]
    assert nonces[0] and nonces[0] != nonces[1]  # rendered afresh, not replayed from the cache
    assert f"'nonce-{nonces[1]}'" in second["Content-Security-Policy"]
    assert "X-Miftah-Cache" not in second
