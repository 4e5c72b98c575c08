import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from partners.services.tokens import api_token_create


@pytest.fixture(autouse=True)
def _fresh_throttles():
    """Rate-limit counters live in the cache: every test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request to a /ja/ page leaves Japanese active in the thread: every test starts,
    and ends, in the default language."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def api():
    """An API client with no credentials."""
    return APIClient()


@pytest.fixture
def token_of():
    """The plain text of a new API token of ``user``."""

    def make(user, name="integration"):
        return api_token_create(user=user, name=name)[1]

    return make


@pytest.fixture
def api_as(token_of):
    """An API client that sends a personal token of ``user``."""

    def make(user):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_of(user)}")
        return client

    return make


def assert_error(response, status, code):
    """The response has the API's error format with this status and code."""
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert set(body) <= {"code", "message", "fields"}
    return body
