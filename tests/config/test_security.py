"""The web gates: security headers, no inline script or style, styled errors, quiet bad hosts,
rate limits and the client address behind a proxy."""

import logging
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponse
from django.test import RequestFactory

from impactdays.common import ratelimits
from tests.people.factories import UserFactory

SRC = Path(__file__).resolve().parents[2] / "src" / "impactdays"
TEMPLATES = sorted(SRC.glob("**/templates/**/*.html"))

CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), browsing-topics=(), camera=(self), display-capture=(), "
    "geolocation=(self), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)


def _directives(header):
    """{"default-src": ["'self'"], …}: django-csp does not promise an order."""
    return {name: sources for name, *sources in (part.split() for part in header.split(";"))}


@pytest.mark.django_db
def test_page_carries_the_security_headers(client):
    response = client.get("/")

    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"]) == CSP
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    # HSTS only makes sense, and is only sent, over TLS.
    assert "Strict-Transport-Security" not in response


@pytest.mark.django_db
def test_page_over_tls_carries_hsts(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get("/", secure=True)

    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_policy_allows_no_inline_code_and_no_eval(settings):
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]

    sources = {source for values in directives.values() for source in values}

    assert sources.isdisjoint({"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"})


def test_templates_were_found():
    assert len(TEMPLATES) > 20


# A <script> is allowed only when it loads a file or holds JSON data (never executed).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+=", re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(SRC)))
def test_template_has_no_inline_script_or_style(template):
    text = template.read_text()

    assert INLINE_SCRIPT.findall(text) == []
    assert INLINE_STYLE.findall(text) == []
    assert EVENT_HANDLER.findall(text) == []


@pytest.mark.django_db
def test_api_docs_load_only_local_files(client):
    response = client.get("/api/v1/docs")

    page = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert response.status_code == 200
    assert sorted(urls) == [
        "/static/ninja/favicon.png",
        "/static/ninja/favicon.svg",
        "/static/ninja/swagger-ui-bundle.js",
        "/static/ninja/swagger-ui-init.js",
        "/static/ninja/swagger-ui.css",
    ]
    assert all(finders.find(url.removeprefix("/static/")) for url in urls)
    assert _directives(response["Content-Security-Policy"]) == CSP


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [True, False])
def test_missing_page_shows_the_styled_404(client, settings, debug):
    settings.DEBUG = debug

    response = client.get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page
    assert 'class="site-header"' in page
    assert "Using the URLconf" not in page
    assert "people/me/" not in page


@pytest.mark.django_db
def test_missing_object_in_debug_shows_the_styled_404(client, settings):
    settings.DEBUG = True
    client.force_login(UserFactory())

    response = client.get("/series/no-such-series/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.content.decode()


@pytest.mark.django_db
def test_missing_trailing_slash_still_redirects_in_debug(client, settings):
    settings.DEBUG = True

    response = client.get("/people/terms")

    assert response.status_code == 301
    assert response["Location"] == "/people/terms/"


@pytest.mark.django_db
def test_wrong_host_is_logged_in_one_line(client, caplog):
    with caplog.at_level(logging.ERROR, logger="django.security.DisallowedHost"):
        response = client.get("/", HTTP_HOST="attacker.example")

    records = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert response.status_code == 400
    assert len(records) == 1
    assert records[0].exc_info is None
    line = logging.Formatter().format(records[0])
    assert line == (
        "Invalid HTTP_HOST header: 'attacker.example'. "
        "You may need to add 'attacker.example' to ALLOWED_HOSTS."
    )


# The rate-limit module itself: one decorator for views, one check for API endpoints.


def _request(method="post", **meta):
    request = getattr(RequestFactory(), method)("/", **meta)
    request.user = AnonymousUser()
    return request


@pytest.fixture
def counted_view():
    calls = []

    @ratelimits.rate_limit("test_writes")
    def view(request):
        calls.append(request.method)
        return HttpResponse("done")

    return view, calls


def test_view_over_its_limit_answers_429_page_and_does_not_run(counted_view, settings, db):
    settings.RATE_LIMITS = {"test_writes": "2/m/ip"}
    view, calls = counted_view
    first, second = view(_request()), view(_request())

    response = view(_request())

    assert (first.status_code, second.status_code, response.status_code) == (200, 200, 429)
    assert "<h1>Too many attempts</h1>" in response.content.decode()
    assert calls == ["POST", "POST"]


def test_view_reads_are_not_limited(counted_view, settings, db):
    settings.RATE_LIMITS = {"test_writes": "1/m/ip"}
    view, calls = counted_view

    responses = [view(_request("get")) for _ in range(3)]

    assert [r.status_code for r in responses] == [200, 200, 200]
    assert calls == ["GET", "GET", "GET"]


def test_unknown_limit_name_is_a_configuration_error(settings, db):
    settings.RATE_LIMITS = {}

    with pytest.raises(ImproperlyConfigured, match="no limit named 'votes'"):
        ratelimits.is_limited(_request(), name="votes")


@pytest.mark.parametrize("rate", ["10/m", "10/m/session", "ten"])
def test_malformed_rate_is_a_configuration_error(settings, rate, db):
    settings.RATE_LIMITS = {"votes": rate}

    with pytest.raises(ImproperlyConfigured, match="must read like"):
        ratelimits.is_limited(_request(), name="votes")


def test_client_ip_ignores_forwarded_for_without_trusted_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0

    ip = ratelimits.client_ip(_request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4"))

    assert ip == "10.0.0.2"


def test_client_ip_behind_one_proxy_is_the_address_it_saw(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    forged_then_real = "6.6.6.6, 203.0.113.9"

    ip = ratelimits.client_ip(
        _request(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forged_then_real)
    )

    assert ip == "203.0.113.9"
