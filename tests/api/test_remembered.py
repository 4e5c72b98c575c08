"""What the API remembers per process to answer kept reads quickly (issue #7): content
negotiation per ``Accept`` header, and credentials decoded once per cached value. Both
must answer exactly as without the memory, and never share a mutable object between
requests."""

import pickle

import pytest
from django.db.models.base import ModelState
from django.http import Http404
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from alliance.api import authentication, negotiation
from partners.models import ApiToken
from partners.services.tokens import api_token_create
from tests.factories import MembershipFactory, UserFactory

RENDERERS = [JSONRenderer(), BrowsableAPIRenderer()]


@pytest.fixture(autouse=True)
def _forget():
    negotiation._known.clear()
    authentication._DECODED.clear()
    yield
    negotiation._known.clear()
    authentication._DECODED.clear()


def request_with(accept=None, query=""):
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    return Request(APIRequestFactory().get(f"/api/v1/suggestions/{query}", **headers))


@pytest.mark.parametrize(
    ("accept", "query", "renderers"),
    [
        (None, "", RENDERERS),
        ("*/*", "", RENDERERS),
        ("application/json", "", RENDERERS),
        ("application/json; indent=4", "", RENDERERS),
        ("text/html,application/json;q=0.9", "", RENDERERS),
        ("application/*", "", [RENDERERS[0]]),
        ("text/html", "", RENDERERS),
        ("*/*", "?format=api", RENDERERS),
        ("*/*", "?format=json", RENDERERS),
    ],
)
def test_negotiation_answers_as_drf_does_first_and_from_memory(accept, query, renderers):
    expected = DefaultContentNegotiation().select_renderer(request_with(accept, query), renderers)
    remembering = negotiation.RememberingNegotiation()

    first = remembering.select_renderer(request_with(accept, query), renderers)
    assert len(negotiation._known) == 1
    again = remembering.select_renderer(request_with(accept, query), renderers)

    assert first == again == expected
    assert again[0] is expected[0]  # the view's own renderer instance


def test_the_same_header_with_other_renderers_is_negotiated_apart():
    remembering = negotiation.RememberingNegotiation()
    html_first = [RENDERERS[1], RENDERERS[0]]

    assert remembering.select_renderer(request_with("*/*"), RENDERERS)[0] is RENDERERS[0]
    assert remembering.select_renderer(request_with("*/*"), html_first)[0] is RENDERERS[1]


@pytest.mark.parametrize(
    ("accept", "query", "refusal"),
    [("text/csv", "", exceptions.NotAcceptable), ("*/*", "?format=xml", Http404)],
)
def test_refusals_are_raised_every_time_and_never_remembered(accept, query, refusal):
    remembering = negotiation.RememberingNegotiation()
    for _ in range(2):
        with pytest.raises(refusal):
            remembering.select_renderer(request_with(accept, query), [RENDERERS[0]])
    assert negotiation._known == {}


def test_over_long_headers_are_negotiated_but_not_remembered():
    header = "application/json," + "x" * negotiation.LONGEST_KEPT
    remembering = negotiation.RememberingNegotiation()

    assert remembering.select_renderer(request_with(header), RENDERERS)[0] is RENDERERS[0]
    assert negotiation._known == {}


def test_memory_is_bounded(monkeypatch):
    monkeypatch.setattr(negotiation, "KEPT", 3)
    remembering = negotiation.RememberingNegotiation()
    for n in range(10):
        remembering.select_renderer(request_with(f"application/json; v={n}"), RENDERERS)
        assert len(negotiation._known) <= 3


def test_the_api_refuses_what_it_cannot_render_every_time(db):
    member = MembershipFactory().user
    text = api_token_create(user=member, name="t")[1]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {text}")
    for _ in range(2):
        assert client.get("/api/v1/company/", HTTP_ACCEPT="text/csv").status_code == 406
        assert client.get("/api/v1/company/", HTTP_ACCEPT="application/json").status_code == 200


@pytest.mark.django_db
def test_a_credential_decoded_once_gives_each_request_its_own_objects():
    user = UserFactory(email="ahead@example.com")
    token = ApiToken.objects.select_related("user").get(
        pk=api_token_create(user=user, name="t")[0].pk
    )
    data = pickle.dumps((("v1",), token))

    at, first = authentication._credential(data)
    _at, second = authentication._credential(data)

    assert at == ("v1",)
    assert len(authentication._DECODED) == 1
    assert first is not second and first.user is not second.user
    assert first._state is not second._state
    for copy in (first, second):
        assert copy.pk == token.pk and copy.digest == token.digest
        assert copy.user.pk == user.pk and copy.user.email == "ahead@example.com"
        assert copy.user_id == user.pk and not copy._state.adding
    first.user.email = "changed@example.com"
    first.last_used_at = None
    assert second.user.email == "ahead@example.com"
    assert authentication._credential(data)[1].user.email == "ahead@example.com"
    assert authentication._credential(data)[1].last_used_at == token.last_used_at


def test_mutable_values_are_copied_not_shared():
    class Holder:
        pass

    original = Holder()
    original._state = ModelState()
    original._state.db, original._state.adding = "default", False
    original._state.fields_cache["user"] = object()
    original.tags = ["a"]
    original.name = "n"
    copy = authentication._copy(original)

    copy.tags.append("b")
    assert original.tags == ["a"]
    assert copy.name == "n"
    assert copy._state is not original._state
    assert (copy._state.db, copy._state.adding, copy._state.fields_cache) == ("default", False, {})
