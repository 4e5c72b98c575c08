"""The cross-company access matrix over every page route (the API has its own:
tests/api/test_permission_matrix.py).

Company B ("theirs") has private things: a contact address no one has matched to see,
an interest it sent to C with a message, a match with C and a proposal, a webhook with
its secret URL, an API token, a notification, a report one of its members sent. Every
page route is requested, with its parameters set to each of B's objects in turn, by a
visitor, a member of A, a user without a company and a member of C (who is matched with
B), with GET and with POST (empty, then with data that would change something). After
every request B's data must be exactly as before, and no response may show what its
reader may not see. CSRF: every route that takes a POST refuses one without its token.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from partners.models import (
    AllianceProposal,
    ApiToken,
    Company,
    Interest,
    Match,
    Membership,
    Notification,
    Report,
    Webhook,
)
from partners.services.tokens import api_token_create
from tests.factories import CompanyFactory, MembershipFactory, UserFactory
from tests.security.test_headers import _paths

SECRETS = {
    "contact": "secret-contact@theirs.example",
    "message": "B-to-C private message 7361",
    "webhook": "https://hooks.theirs.example/secret-path-9127",
    "report": "B-member-report-details-5502",
    "goal": "B and C private shared goal 4410",
}
REFUSED = (302, 400, 403, 404, 405)


@pytest.fixture
def world(db):
    ours = CompanyFactory(key="ours")
    theirs = CompanyFactory(key="theirs", contact_email=SECRETS["contact"])
    third = CompanyFactory(key="third", industry="G")
    people = {
        "owner of A": MembershipFactory(company=ours, role="owner").user,
        "member of C": MembershipFactory(company=third, role="owner").user,
        "no company": UserFactory(),
    }
    b_user = MembershipFactory(company=theirs, role="owner").user
    interest = Interest.objects.create(
        sender=theirs, recipient=third, sent_by=b_user, message=SECRETS["message"]
    )
    a, c = sorted((theirs, third), key=lambda company: company.pk)
    match = Match.objects.create(company_a=a, company_b=c)
    proposal = AllianceProposal.objects.create(
        match=match, version=1, proposed_by=theirs, author=b_user, duration_months=6,
        shared_goal=SECRETS["goal"], starts_on=date(2027, 4, 1),
    )  # fmt: skip
    webhook = Webhook.objects.create(
        company=theirs, url=SECRETS["webhook"], events=["match"], secret="s" * 40,
        created_by=b_user,
    )  # fmt: skip
    token, text = api_token_create(user=b_user, name="B's integration")
    notification = Notification.objects.create(
        user=b_user, kind=Notification.Kind.MATCH, company=theirs, other=third, match=match
    )
    report = Report.objects.create(
        company=ours, reporter=b_user, reporter_company=theirs, reason="spam",
        details=SECRETS["report"],
    )  # fmt: skip
    ids = [interest.pk, match.pk, proposal.pk, webhook.pk, token.pk, notification.pk, report.pk]
    return {
        "people": people,
        "theirs": theirs,
        "ids": sorted(set(ids)),
        "token_prefix": token.prefix,
    }


def _snapshot(theirs: Company) -> tuple:
    """Everything of B's that no one else may change."""
    company = Company.objects.filter(pk=theirs.pk).values().get()
    company.pop("updated_at")
    return (
        company,
        list(Membership.objects.filter(company=theirs).values("user_id", "role")),
        list(Interest.objects.filter(sender=theirs).values("status", "message")),
        list(AllianceProposal.objects.filter(proposed_by=theirs).values("status", "version")),
        list(Webhook.objects.filter(company=theirs).values("url", "events", "secret", "active")),
        list(ApiToken.objects.filter(user__memberships__company=theirs).values("revoked_at")),
        list(Notification.objects.filter(company=theirs).values("read_at")),
        list(Report.objects.filter(reporter_company=theirs).values("status", "details")),
        list(Match.objects.filter(company_a=theirs).values("pk"))
        + list(Match.objects.filter(company_b=theirs).values("pk")),
    )


def _hidden_from(who: str) -> list[str]:
    """B's secrets that ``who`` may not read anywhere. C is matched with B: it sees B's
    contact address, the message B sent it and the proposal B made it."""
    if who == "member of C":
        return [SECRETS["webhook"], SECRETS["report"]]
    return list(SECRETS.values())


def _page_paths(world) -> list[str]:
    paths = set()
    for object_id in world["ids"]:
        values = {
            "key": "theirs", "pk": str(object_id), "id": str(object_id),
            "company_id": str(world["theirs"].pk), "object_id": str(world["theirs"].pk),
        }  # fmt: skip
        paths.update(
            path
            for path in _paths(values)
            if not path.startswith(("/api/", "/i18n/", "/healthz"))
            and "/admin/" not in path  # staff only: tests/partners/test_admin.py
            and "/dashboard/" not in path  # staff only: tests/dashboard/
        )
    return sorted(paths)


WRITING_DATA = {
    "name": "Taken over", "visibility": "hidden", "key": "ours", "is_staff": "on",
    "is_superuser": "on", "members": "1", "hidden_reason": "x", "url": "https://evil.example/",
    "events": "match", "reason": "spam", "message": "hello", "shared_goal": "mine",
    "starts_on": "2027-01-01", "duration_months": "3", "status": "accepted", "active": "",
}  # fmt: skip


def test_no_one_reads_or_changes_what_is_another_companys(world):
    before = _snapshot(world["theirs"])
    paths = _page_paths(world)
    assert len(paths) > 40
    tried = refused = 0
    for who in ("visitor", *world["people"]):
        client = Client()
        if who != "visitor":
            client.force_login(world["people"][who])
        hidden = _hidden_from(who)
        for path in paths:
            for method, data in (("get", None), ("post", {}), ("post", WRITING_DATA)):
                response = client.get(path) if method == "get" else client.post(path, data)
                tried += 1
                refused += response.status_code in REFUSED
                assert response.status_code < 500, (who, method, path)
                body = response.content.decode(errors="replace")
                for secret in hidden:
                    assert secret not in body, (who, method, path, secret)
                assert world["token_prefix"] not in body, (who, method, path)
                assert _snapshot(world["theirs"]) == before, (who, method, path)
    print(f"\npage matrix: {tried} requests tried, {refused} refused, none changed B's data")
    assert tried >= 4 * 3 * 40 and refused > tried // 2


def test_the_company_form_takes_no_ownership_or_staff_fields(world):
    owner = world["people"]["owner of A"]
    client = Client()
    client.force_login(owner)
    ours = Company.objects.get(key="ours")
    form = client.get("/en/companies/ours/edit/").context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        {
            "name": "Our new name", "key": "theirs", "is_staff": "on", "is_superuser": "on",
            "members": str(world["people"]["no company"].pk), "hidden_reason": "set by us",
            "created_at": "2001-01-01T00:00:00Z", "search_text": "injected",
        }
    )  # fmt: skip
    client.post("/en/companies/ours/edit/", data)
    ours.refresh_from_db()
    owner.refresh_from_db()
    assert ours.key == "ours" and ours.hidden_reason == ""
    assert "injected" not in ours.search_text and ours.created_at.year > 2001
    assert not owner.is_staff and not owner.is_superuser
    assert list(ours.members.all()) == [owner]


def test_every_form_refuses_a_post_without_its_csrf_token(world):
    owner = world["people"]["owner of A"]
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(owner)
    lenient = Client()
    lenient.force_login(owner)
    posting = [
        path for path in _page_paths(world) if lenient.post(path, {}).status_code not in (404, 405)
    ]
    assert len(posting) > 10
    for path in posting:
        assert strict.post(path, {}).status_code == 403, path
    print(f"\nCSRF: {len(posting)} routes that take a POST refuse one without a token")
