"""Personal API tokens: made once, stored as a digest, checked on every request."""

import base64
import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alliance.api import authentication
from partners.models import ApiToken
from partners.services.tokens import MAX_ACTIVE_TOKENS, api_token_create, api_token_revoke
from tests.api.conftest import assert_error
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
COMPANY_URL = "/api/v1/company/"


def test_a_new_token_is_returned_once_and_only_its_digest_is_stored(member):
    token, text = api_token_create(user=member, name="CRM sync")

    assert text.startswith(f"kyo_{token.prefix}_")
    assert token.digest == hashlib.sha256(text.encode()).hexdigest()
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert text not in [str(value) for value in stored.values()]
    assert text.split("_", 2)[2] not in str(stored)


def test_two_tokens_never_share_a_prefix_or_a_digest(member):
    first = api_token_create(user=member, name="a")[0]
    second = api_token_create(user=member, name="b")[0]

    assert first.digest != second.digest


@pytest.mark.parametrize("name", ["", "   ", "x" * 81])
def test_a_token_needs_a_name_of_at_most_80_characters(member, name):
    with pytest.raises(ValidationError) as refused:
        api_token_create(user=member, name=name)

    assert "name" in refused.value.message_dict


def test_a_member_has_at_most_twenty_active_tokens(member):
    for n in range(MAX_ACTIVE_TOKENS):
        api_token_create(user=member, name=f"t{n}")

    with pytest.raises(ValidationError, match="20 active tokens"):
        api_token_create(user=member, name="one too many")

    api_token_revoke(user=member, token=ApiToken.objects.filter(user=member).first())
    assert api_token_create(user=member, name="after revoking one")[1]


def test_nobody_revokes_another_members_token(member, outsider):
    token = api_token_create(user=member, name="mine")[0]

    with pytest.raises(PermissionError):
        api_token_revoke(user=outsider, token=token)

    token.refresh_from_db()
    assert token.active


def test_a_token_authenticates_its_member(api, member, company, token_of):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_of(member)}")

    response = api.get(COMPANY_URL)

    assert response.status_code == 200
    assert response.json()["key"] == company.key


def test_using_a_token_records_when_at_most_once_a_minute(api, member, company, monkeypatch):
    token, text = api_token_create(user=member, name="t")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")

    api.get(COMPANY_URL)
    token.refresh_from_db()
    first = token.last_used_at
    api.get(COMPANY_URL)
    token.refresh_from_db()

    assert first is not None
    assert token.last_used_at == first
    # Two minutes later (the token is kept in the cache meanwhile, with its time).
    later = timezone.now() + timedelta(minutes=2)
    monkeypatch.setattr(authentication.timezone, "now", lambda: later)
    api.get(COMPANY_URL)
    token.refresh_from_db()
    assert token.last_used_at == later
    api.get(COMPANY_URL)  # and not again within the minute
    token.refresh_from_db()
    assert token.last_used_at == later


def test_a_revoked_token_is_refused(api, member, company):
    token, text = api_token_create(user=member, name="t")
    api_token_revoke(user=member, token=token)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")

    response = api.get(COMPANY_URL)

    body = assert_error(response, 401, "authentication_failed")
    assert "revoked" in body["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    [
        "Bearer kyo_0000aaaa_" + "x" * 43,  # well formed, unknown
        "Bearer kyo_nothex!!_secret",  # malformed
        "Bearer not-a-kyoso-token",
        "Bearer",
        "Bearer two parts",
    ],
)
def test_unknown_and_malformed_tokens_are_refused(api, member, company, header):
    api.credentials(HTTP_AUTHORIZATION=header)

    response = api.get(COMPANY_URL)

    assert_error(response, 401, "authentication_failed")


def test_a_token_of_an_inactive_user_is_refused(api, member, company, token_of):
    text = token_of(member)
    member.is_active = False
    member.save()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")

    assert_error(api.get(COMPANY_URL), 401, "authentication_failed")


def test_no_credentials_get_401_with_a_bearer_challenge(api, company):
    response = api.get(COMPANY_URL)

    assert_error(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_a_password_opens_nothing(api, member, company):
    basic = base64.b64encode(f"{member.email}:correct horse battery staple".encode()).decode()
    api.credentials(HTTP_AUTHORIZATION=f"Basic {basic}")

    response = api.get(COMPANY_URL)

    assert_error(response, 401, "not_authenticated")


def test_a_signed_in_browser_uses_its_session_and_needs_csrf_to_write(member, company):
    from rest_framework.test import APIClient

    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(member)

    assert browser.get(COMPANY_URL).status_code == 200
    response = browser.patch(COMPANY_URL, {"name": "New"}, format="json")
    body = assert_error(response, 403, "permission_denied")
    assert "CSRF" in body["message"]


def test_a_token_acts_only_as_its_own_user(api, member, outsider, company, token_of):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_of(outsider)}")

    response = api.get(COMPANY_URL)

    assert response.status_code == 200
    assert response.json()["key"] != company.key


def test_users_without_a_company_get_a_clear_404(api, token_of):
    user = UserFactory()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_of(user)}")

    body = assert_error(api.get(COMPANY_URL), 404, "not_found")

    assert "not a member of any company" in body["message"]
