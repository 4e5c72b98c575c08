"""Security headers on every page: every route of the site (the admin and the API
included) is requested, and every response carries them, whatever its status; no HTML
page holds what the Content Security Policy would block (inline script or style)."""

import json
import os
import re
import secrets
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from django.urls import get_resolver
from django.utils.translation import override

from partners.models import Alliance, AllianceProposal, Interest, Match, Report
from tests.factories import NEXT_YEAR, CompanyFactory, MembershipFactory, UserFactory
from tests.routes import routes

# Parameters of the routes, filled from the fixture below (by name and converter).
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>")
SKIP = ("static/", "media/")  # files, not pages
# What the policy blocks in a page: a script without src (JSON data blocks aside, which
# never run), a style block or attribute, an event handler attribute, a javascript: URL.
INLINE = {
    "script": re.compile(r"<script\b(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I),
    "style block": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"<[^>]+\sstyle=", re.I),
    "event handler": re.compile(r"<[^>]+\son[a-z]+=", re.I),
    "javascript: URL": re.compile(r"(?:href|src|action)=[\"']?\s*javascript:", re.I),
}


def _paths(values: dict[str, str]) -> list[str]:
    """Every route as a path to request: parameters filled, regular expressions of the
    admin's routes made concrete, the language prefix set to English."""
    with override("en"):
        all_routes = routes(get_resolver())
    paths = set()
    for route in all_routes:
        if route.startswith(SKIP):
            continue
        # Regular expressions first (the admin's (?P<app_label>partners|matching|…),
        # allauth's (?P<key>[-:\w]+)), then path converters (<int:pk>).
        path = re.sub(r"\(\?P<app_label>[^)]*\)", "partners", route)
        path = re.sub(r"\(\?P<object_id>[^)]*\)", values["object_id"], path)
        path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: values.get(m.group(1), "1"), path)
        path = PARAMETER.sub(lambda m: values.get(m.group(2), "1"), path)
        path = path.replace("^", "").replace("$", "").replace("\\Z", "").replace("\\", "")
        paths.add("/" + path)
    return sorted(paths)


@pytest.fixture
def platform(db):
    owner_company, other = CompanyFactory(key="ours"), CompanyFactory(key="theirs")
    owner = MembershipFactory(company=owner_company, role="owner").user
    MembershipFactory(company=other)
    a, b = sorted((owner_company, other), key=lambda company: company.pk)  # stored in order
    match = Match.objects.create(company_a=a, company_b=b)
    Interest.objects.create(sender=owner_company, recipient=other, sent_by=owner)
    terms = {"shared_goal": "g", "starts_on": date(NEXT_YEAR, 1, 1)}
    proposal = AllianceProposal.objects.create(
        match=match, version=1, proposed_by=owner_company, author=owner, duration_months=6, **terms
    )
    Alliance.objects.create(
        match=match, proposal=proposal, company_a=match.company_a, company_b=match.company_b,
        **terms,
    )  # fmt: skip
    report = Report.objects.create(company=other, reporter=owner, reason="spam")
    return {
        "owner": owner,
        "values": {
            "key": "theirs",
            "pk": str(match.pk),
            "id": str(match.pk),
            "company_id": str(other.pk),
            "object_id": str(owner_company.pk),
            "report": str(report.pk),
            "content_type_id": "1",
            "uidb36": "1",
            "key_token": "x",
            "path": "x",
            "url": "x",
        },
    }


def _check(response, path: str, *, production: bool) -> None:
    policy = response.headers.get("Content-Security-Policy", "")
    script_src = re.search(r"script-src ([^;]*)", policy)
    assert script_src, f"{path}: no script-src in {policy!r}"
    assert "'unsafe-inline'" not in script_src.group(1), path
    assert "'unsafe-eval'" not in script_src.group(1), path
    assert "frame-ancestors 'none'" in policy, path
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    assert response.headers.get("X-Frame-Options") == "DENY", path
    assert response.headers.get("Referrer-Policy") in (
        "strict-origin-when-cross-origin",
        "same-origin",
        "no-referrer",
    ), path
    if production:
        assert "max-age=31536000" in response.headers.get("Strict-Transport-Security", ""), path
    if response.headers.get("Content-Type", "").startswith("text/html"):
        page = response.content.decode()
        blocked = [name for name, pattern in INLINE.items() if pattern.search(page)]
        assert blocked == [], f"{path}: {blocked}"


@pytest.mark.parametrize("who", ["anonymous", "owner", "staff"])
def test_every_page_carries_the_security_headers(client, platform, who, settings):
    settings.SECURE_HSTS_SECONDS = 31536000  # as production sets it
    if who == "owner":
        client.force_login(platform["owner"])
    elif who == "staff":
        client.force_login(UserFactory(is_staff=True, is_superuser=True))
    paths = _paths(platform["values"])
    assert len(paths) > 60  # the whole site, not a sample
    statuses = {}
    for path in paths:
        response = client.get(path, secure=True)
        statuses[path] = response.status_code
        _check(response, path, production=True)
    assert statuses["/en/"] == 200 and statuses["/api/v1/companies/"] in (200, 401)
    assert 500 not in statuses.values(), [p for p, s in statuses.items() if s == 500]


def test_the_api_docs_run_without_inline_script(client, db):
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page.replace(" ", "") and "<style" not in page
    assert "?script" in page  # the split view's script, served as a file
    script = client.get("/api/docs/?script")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_production_cookies_are_secure_and_the_session_one_is_http_only():
    """Read in a new process: production settings import only with their variables."""
    names = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_SSL_REDIRECT",
        "X_FRAME_OPTIONS",
        "SECURE_REFERRER_POLICY",
    ]
    script = (
        "import json; from django.conf import settings;"
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "kyoso.example",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=settings.BASE_DIR, env=environment,
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert json.loads(result.stdout) == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
        "X_FRAME_OPTIONS": "DENY",
        "SECURE_REFERRER_POLICY": "strict-origin-when-cross-origin",
    }


def test_signing_in_sets_secure_cookies_the_session_one_http_only(client, db, settings):
    from allauth.account.models import EmailAddress

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True  # as in production
    user = UserFactory(email="hanako@example.com")
    user.set_password("a long and winding passphrase 2026")
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )

    form = client.get("/en/accounts/login/", secure=True)
    signed_in = client.post(
        "/en/accounts/login/",
        {"login": user.email, "password": "a long and winding passphrase 2026"},
        secure=True,
    )

    assert signed_in.status_code == 302
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    assert form.cookies[settings.CSRF_COOKIE_NAME]["secure"]
