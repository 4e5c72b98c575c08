"""A small world for tests that walk every API operation (schemathesis, the permission
matrix): company A with an owner, a plain member and some of everything the API
serves (suggestions, interests both ways, a match with a proposal, a webhook with
a failed delivery, an agreed alliance, notifications), company B with a member of
its own, and staff.

``path_values`` gives, for a path template of the schema, real values of its
parameters that point at A's objects, so that tests reach objects that exist
instead of only 404s."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from drf_spectacular.generators import SchemaGenerator

from partners.models import (
    Alliance,
    AllianceProposal,
    Company,
    Interest,
    Match,
    User,
    Webhook,
    WebhookDelivery,
)
from partners.services import cocreation
from partners.services.webhooks import webhook_create
from tests.factories import (
    NEXT_YEAR,
    CompanyFactory,
    MembershipFactory,
    UserFactory,
    suggestions_make,
)


@dataclass
class World:
    company: Company
    owner: User
    member: User
    other_company: Company
    other_member: User
    staff: User
    partner: Company
    interest_received: Interest
    interest_sent: Interest
    match: Match
    proposal: AllianceProposal
    webhook: Webhook
    delivery: WebhookDelivery
    alliance: Alliance
    extra: dict[str, Any] = field(default_factory=dict)

    def path_values(self, path: str) -> dict[str, Any]:
        """Values of the path parameters of ``path`` (a template of the schema) that name
        objects of company A; parameters this world does not know are left out."""
        ids = {
            "webhooks": self.webhook.pk,
            "matches": self.match.pk,
            "proposals": self.proposal.pk,
            "interests": self.interest_received.pk,
            "alliances": self.alliance.pk,
        }
        values: dict[str, Any] = {}
        for collection, name in re.findall(r"/([a-z_-]+)/\{([a-z_]+)\}", path):
            if name == "delivery_id":
                values[name] = self.delivery.pk
            elif name == "key":
                values[name] = self.partner.key
            elif name in ("id", "pk") and collection in ids:
                values[name] = ids[collection]
        return values


def schema_operations(keep: Callable[[str, dict], bool]) -> list[tuple[str, str]]:
    """(METHOD, path template) of every operation of the served schema that ``keep``
    (given the path and the operation) selects, so a new route is tested once routed."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if keep(path, operation)
    ]


def world_make() -> World:
    company = CompanyFactory()
    owner = MembershipFactory(company=company, role="owner").user
    member = MembershipFactory(company=company, role="member").user
    other_company = CompanyFactory()
    other_member = MembershipFactory(company=other_company, role="owner").user
    staff = UserFactory(is_staff=True)

    partner, admirer, wanted, matched = (CompanyFactory() for _ in range(4))
    partner_user, admirer_user, _wanted_user = (
        MembershipFactory(company=c, role="owner").user for c in (partner, admirer, wanted)
    )
    matched_user = MembershipFactory(company=matched, role="owner").user
    suggestions_make(company, partner, admirer, wanted, matched)

    interest_received = cocreation.interest_send(
        user=admirer_user, sender=admirer, recipient=company, message="Let's talk."
    )
    interest_sent = cocreation.interest_send(user=owner, sender=company, recipient=wanted)
    cocreation.interest_send(user=owner, sender=company, recipient=matched)
    cocreation.interest_send(user=matched_user, sender=matched, recipient=company)
    match = cocreation.match_between(company, matched)
    assert match is not None
    proposal = cocreation.proposal_create(
        user=matched_user,
        match=match,
        company=matched,
        data={
            "shared_goal": "A sportswear line made of recycled fibre.",
            "activities": ["operations"],
            "starts_on": date(NEXT_YEAR, 1, 1),
            "duration_months": 12,
        },
    )

    ally = CompanyFactory()
    ally_user = MembershipFactory(company=ally, role="owner").user
    cocreation.interest_send(user=owner, sender=company, recipient=ally)
    cocreation.interest_send(user=ally_user, sender=ally, recipient=company)
    alliance = cocreation.proposal_accept(
        user=owner,
        proposal=cocreation.proposal_create(
            user=ally_user,
            match=cocreation.match_between(company, ally),
            company=ally,
            data={
                "shared_goal": "Repair services for outdoor gear, sold together.",
                "activities": ["service"],
                "starts_on": date(NEXT_YEAR, 4, 1),
                "duration_months": 24,
            },
        ),
    )

    webhook, _secret = webhook_create(
        user=owner, company=company, url="https://127.0.0.1:9/hook", events=["match.created"]
    )
    delivery = WebhookDelivery.objects.create(
        webhook=webhook,
        event="match.created",
        event_id=uuid.uuid4(),
        payload={"company": company.key, "match_id": match.pk},
        status=WebhookDelivery.Status.FAILED,
        attempts=3,
        error="ConnectionRefusedError",
    )
    return World(
        company=company,
        owner=owner,
        member=member,
        other_company=other_company,
        other_member=other_member,
        staff=staff,
        partner=partner,
        interest_received=interest_received,
        interest_sent=interest_sent,
        match=match,
        proposal=proposal,
        webhook=webhook,
        delivery=delivery,
        alliance=alliance,
        extra={"partner_user": partner_user},
    )
