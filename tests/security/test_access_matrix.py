"""Who may open and post what: every page route of the site, as every kind of visitor.

The API has its own matrix (tests/api/test_permission_matrix.py); this one covers the
HTML pages. ``ROUTES`` names every page route of the URL resolver (the API, static
files and the Django admin's own routes aside: the admin is one family, tried through
a few representative addresses in ``ADMIN``), with how its parameters are filled and
what each persona gets for each method; a new route fails
``test_every_page_route_is_in_the_matrix`` until it is added (run with
``ACCESS_MATRIX_OBSERVE=1 pytest -s`` to print what every route answers). ``VARIANTS``
fill some routes a second way (B's objects reached through A's, other actions).

The parameters name objects of company A ("ours"): its interest received, its match,
the open proposal of its partner, its alliance, its owner's notification and token,
its webhook and a delivery, a report on it. The personas:

- anonymous: sent to the login page by every page that needs a user;
- owner: the owner of A, the one who may;
- outsider: the owner of another company B, which never reads or changes A's things;
- loner: a user without a company;
- staff: Kyoso staff (no company), who see company pages and moderate, nothing more.

Every request runs in a savepoint rolled back afterwards, so every persona meets the
same world. After each request, what belongs to A (and to B) is compared with that
world, unless the persona may change it (``GUARDED``), and neither the page nor the
messages it leaves show anyone a secret they may not read (``SECRETS``: contact
details before a match, webhook URLs, token prefixes, interest messages, report
details, a hidden company's name, an alliance kept private).

Mass assignment (the company, account and API forms given staff and ownership fields)
and CSRF (every route that takes a POST refuses one without its token, and handles it
with one) have their own tests below. Each test counts and prints its own requests.
"""

from __future__ import annotations

import os
import re
import uuid
from dataclasses import dataclass, field
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.test import Client
from django.urls import get_resolver, resolve
from django.utils import timezone
from django.utils.translation import override
from rest_framework.test import APIClient

from matching.models import Dismissal, SavedSuggestion
from partners.legal import TERMS_VERSION
from partners.models import (
    Alliance,
    AllianceProposal,
    ApiToken,
    Company,
    CompanyKeyHistory,
    Interest,
    Invitation,
    Match,
    Membership,
    Notification,
    NotificationPreference,
    Report,
    ReviewRequest,
    User,
    Webhook,
    WebhookDelivery,
)
from partners.selectors import invitation_digest
from partners.services import cocreation, teams
from partners.services.tokens import api_token_create
from partners.services.webhooks import webhook_create
from tests.factories import (
    NEXT_YEAR,
    CompanyFactory,
    MembershipFactory,
    UserFactory,
    suggestions_make,
)
from tests.routes import named_routes

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "owner", "outsider", "loner", "staff")
OBSERVE = os.environ.get("ACCESS_MATRIX_OBSERVE") == "1"


# --- The world -----------------------------------------------------------------------------


def _terms(goal: str) -> dict:
    return {"shared_goal": goal, "starts_on": date(NEXT_YEAR, 4, 1), "duration_months": 6}


@dataclass
class World:
    people: dict[str, User]
    values: dict[str, str]
    ours: Company
    prefixes: dict[str, str] = field(default_factory=dict)


INVITE_TOKEN = "invitation-token-of-ours-7720"


def world_make() -> World:
    ours = CompanyFactory(
        key="ours", name="Ours Textiles", contact_email="a-contact@ours.example",
        contact_phone="+81-3-1111-0001",
    )  # fmt: skip
    theirs = CompanyFactory(
        key="theirs", name="Theirs Foods", contact_email="b-contact@theirs.example",
        contact_phone="+81-3-2222-0002",
    )  # fmt: skip
    mate = CompanyFactory(key="mate", name="Mate Logistics", contact_email="m-contact@mate.example")
    admirer = CompanyFactory(key="admirer", name="Admirer Retail")
    wanted = CompanyFactory(key="wanted", name="Wanted Chemicals")
    shy = CompanyFactory(key="shy", name="Shy Quokka Works", hidden_reason="staff note 3318")
    quiet = CompanyFactory(
        key="quiet", name="Quiet Lantern Co", visibility=Company.Visibility.PARTNERS,
        contact_email="q-contact@quiet.example",
    )  # fmt: skip
    owner = MembershipFactory(company=ours, role="owner").user
    outsider = MembershipFactory(company=theirs, role="owner").user
    mate_user, admirer_user, _wanted_user, _shy_user = (
        MembershipFactory(company=c, role="owner").user for c in (mate, admirer, wanted, shy)
    )
    people = {
        "owner": owner,
        "outsider": outsider,
        "loner": UserFactory(),
        "staff": UserFactory(is_staff=True, is_superuser=True),
    }
    spurned = CompanyFactory(key="spurned", name="Spurned Metals")
    suggestions_make(ours, theirs, mate, admirer, wanted, quiet, spurned)
    Dismissal.objects.create(company=ours, partner=spurned, note="A dismissed note 7741")
    suggestions_make(theirs, ours, shy)

    received = cocreation.interest_send(
        user=admirer_user, sender=admirer, recipient=ours, message="admirer to A private 5521"
    )
    sent = cocreation.interest_send(
        user=owner, sender=ours, recipient=wanted, message="A to wanted private 6632"
    )
    cocreation.interest_send(user=owner, sender=ours, recipient=mate)
    cocreation.interest_send(user=mate_user, sender=mate, recipient=ours)
    cocreation.interest_send(
        user=outsider, sender=theirs, recipient=shy, message="B to shy private 8854"
    )
    Company.objects.filter(pk=shy.pk).update(visibility=Company.Visibility.HIDDEN)
    CompanyKeyHistory.objects.create(company=ours, key="ours-old")
    CompanyKeyHistory.objects.create(company=shy, key="shy-old")
    match = cocreation.match_between(ours, mate)
    first = cocreation.proposal_create(
        user=mate_user, match=match, company=mate, data=_terms("A and mate private goal 9965")
    )
    alliance = cocreation.proposal_accept(user=owner, proposal=first)
    Alliance.objects.filter(pk=alliance.pk).update(private_a=True, private_b=True)
    proposal = cocreation.proposal_create(
        user=mate_user, match=match, company=mate, data=_terms("A and mate open goal 1076")
    )
    hook, _secret = webhook_create(
        user=owner, company=ours, url="http://127.0.0.1:9/ours-hook-2187", events=["match.created"]
    )
    their_hook, _secret = webhook_create(
        user=outsider, company=theirs, url="http://127.0.0.1:9/theirs-hook-3298",
        events=["match.created"],
    )  # fmt: skip
    delivery = WebhookDelivery.objects.create(
        webhook=hook, event="match.created", event_id=uuid.uuid4(), payload={"company": "ours"},
        status=WebhookDelivery.Status.FAILED, attempts=3, error="ConnectionRefusedError",
    )  # fmt: skip
    their_delivery = WebhookDelivery.objects.create(
        webhook=their_hook, event="match.created", event_id=uuid.uuid4(), payload={},
        status=WebhookDelivery.Status.FAILED, attempts=3, error="ConnectionRefusedError",
    )  # fmt: skip
    token, _text = api_token_create(user=owner, name="A token")
    their_token, _text = api_token_create(user=outsider, name="B token")
    report = Report.objects.create(
        company=ours, reporter=outsider, reporter_company=theirs, reason="spam",
        details="B about A report 4409",
    )  # fmt: skip
    Report.objects.create(
        company=theirs, reporter=owner, reporter_company=ours, reason="spam",
        details="A about B report 5510",
    )  # fmt: skip
    review = ReviewRequest.objects.create(
        company=shy, requested_by=_shy_user, hidden_at=timezone.now(), message="shy review 7781"
    )
    invitation = teams.invitation_create(
        user=owner, company=ours, email="invitee@ours.example", role="member"
    )
    Invitation.objects.filter(pk=invitation.pk).update(digest=invitation_digest(INVITE_TOKEN))
    values = {
        "invitation": invitation.pk, "invite_token": INVITE_TOKEN,
        "membership": Membership.objects.get(user=owner).pk,
        "their_membership": Membership.objects.get(user=outsider).pk,
        "key": "ours", "partner": "wanted", "interest": received.pk, "match": match.pk,
        "proposal": proposal.pk, "alliance": alliance.pk, "company_id": ours.pk,
        "notification": Notification.objects.filter(user=owner).order_by("pk").first().pk,
        "token": token.pk, "webhook": hook.pk, "delivery": delivery.pk, "report": report.pk,
        "ours_pk": ours.pk, "theirs_pk": theirs.pk, "their_delivery": their_delivery.pk,
        "their_token": their_token.pk, "sent": sent.pk, "review": review.pk,
    }  # fmt: skip
    return World(
        people=people,
        values={name: str(value) for name, value in values.items()},
        ours=ours,
        prefixes={"owner": token.prefix, "outsider": their_token.prefix},
    )


# --- The table -----------------------------------------------------------------------------
#
# What each persona gets, in the order of PERSONAS (anonymous, owner, outsider, loner,
# staff): "L" is a redirect to the login page, "302" any other redirect (a write done or
# refused with a message, a page sending elsewhere), else the status code.


@dataclass(frozen=True)
class Route:
    path: str
    get: str
    post: str
    data: dict = field(default_factory=dict)
    other: str = ""  # PATCH and DELETE; by default refused (after the login) as unknown
    put: str = ""  # by default as ``other``; Django's form views take a PUT as a POST


PROFILE = {
    "name": "Renamed", "language": "en", "industry": "C", "industry_division": "13",
    "region": "JP-13", "description": "Changed.", "strengths": ["operations"],
    "seeks": ["marketing_sales"], "capabilities": ["weaving"], "needs": ["a retailer"],
    "goals": ["grow"], "visibility": "listed", "contact_name": "X",
    "contact_email": "new@ours.example",
}  # fmt: skip
TERMS = {"shared_goal": "Changed goal", "starts_on": f"{NEXT_YEAR}-05-01", "duration_months": "3"}
PASSWORD = "an-unguessable-Passw0rd"
ACCOUNT_PASSWORD = "correct horse battery staple"  # every persona's (tests.factories)

ROUTES: dict[str, Route] = {
    "healthz": Route("/healthz", "200 200 200 200 200", "405 405 405 405 405"),
    "set_language": Route(
        "/i18n/setlang/",
        "302 302 302 302 302",
        "302 302 302 302 302",
        {"language": "ja", "next": "/en/"},
        other="302 302 302 302 302",
    ),
    "partners:home": Route("/en/", "200 200 200 200 200", "405 405 405 405 405"),
    "partners:directory": Route("/en/companies/", "L 200 200 200 200", "L 405 405 405 405"),
    "partners:company_create": Route(
        "/en/new-company/", "L 302 302 200 200", "L 302 302 302 302", PROFILE
    ),
    "partners:company_detail": Route(
        "/en/companies/{key}/", "L 200 200 200 200", "L 405 405 405 405"
    ),
    "partners:company_edit": Route(
        "/en/companies/{key}/edit/", "L 200 404 404 404", "L 302 404 404 404", PROFILE
    ),
    "partners:interest_send": Route(
        "/en/companies/{key}/interest/", "L 404 200 302 302", "L 404 302 302 302", {"message": "Hi"}
    ),
    "partners:company_report": Route(
        "/en/companies/{key}/report/",
        "L 200 200 200 200",
        "L 200 200 200 200",
        {"reason": "spam", "details": "Spam."},
    ),
    "partners:company_logo_edit": Route(
        "/en/companies/{key}/logo/", "L 200 404 404 404", "L 302 404 404 404", {"remove": "1"}
    ),
    # A has no logo: its image is missing for everyone (tests/partners/test_logos.py
    # tries one that exists).
    "partners:company_logo": Route(
        "/en/companies/{key}/logo.png", "L 404 404 404 404", "L 405 405 405 405"
    ),
    "partners:company_delete": Route(
        "/en/companies/{key}/delete/",
        "L 200 404 404 404",
        "L 200 404 404 404",
        {"confirmation": "Not the name"},
    ),
    "partners:company_review_request": Route(
        "/en/companies/{key}/review/",
        "L 405 405 405 405",
        "L 302 404 404 404",
        {"message": "Please look again."},
    ),
    "partners:company_key_edit": Route(
        "/en/companies/{key}/address/", "L 200 404 404 404", "L 302 404 404 404", {"key": "ours-2"}
    ),
    "partners:team": Route(
        "/en/companies/{key}/team/",
        "L 200 404 404 404",
        "L 302 404 404 404",
        {"email": "new-colleague@ours.example", "role": "member"},
    ),
    "partners:team_leave": Route(
        "/en/companies/{key}/team/leave/", "L 405 405 405 405", "L 302 404 404 404"
    ),
    "partners:team_member_role": Route(
        "/en/companies/{key}/team/members/{membership}/role/",
        "L 405 405 405 405",
        "L 302 404 404 404",
        {"role": "member"},
    ),
    "partners:team_member_remove": Route(
        "/en/companies/{key}/team/members/{membership}/remove/",
        "L 405 405 405 405",
        "L 302 404 404 404",
    ),
    "partners:team_invitation_resend": Route(
        "/en/companies/{key}/team/invitations/{invitation}/resend/",
        "L 405 405 405 405",
        "L 302 404 404 404",
    ),
    "partners:team_invitation_revoke": Route(
        "/en/companies/{key}/team/invitations/{invitation}/revoke/",
        "L 405 405 405 405",
        "L 302 404 404 404",
    ),
    # The invitation link: shown to whoever holds it (to sign in or up and come back);
    # accepting needs the invited account, which no persona is.
    "partners:invitation": Route(
        "/en/invitations/{invite_token}/", "200 200 200 200 200", "L 302 302 302 302"
    ),
    "partners:interests": Route("/en/interests/", "L 200 200 302 302", "L 405 405 405 405"),
    "partners:interest_decline": Route(
        "/en/interests/{interest}/decline/",
        "L 405 405 405 405",
        "L 302 404 404 404",
        {"reason": "No"},
    ),
    "partners:interest_withdraw": Route(
        "/en/interests/{interest}/withdraw/", "L 405 405 405 405", "L 404 404 404 404"
    ),
    "partners:matches": Route("/en/matches/", "L 200 200 302 302", "L 405 405 405 405"),
    "partners:match_detail": Route(
        "/en/matches/{match}/",
        "L 200 404 404 404",
        "L 200 404 404 404",
        {f"propose-{k}": v for k, v in TERMS.items()},
    ),
    "partners:proposal_counter": Route(
        "/en/proposals/{proposal}/changes/",
        "L 405 405 405 405",
        "L 302 404 404 404",
        {f"counter-{k}": v for k, v in TERMS.items()},
    ),
    "partners:proposal_answer": Route(
        "/en/proposals/{proposal}/decline/",
        "L 405 405 405 405",
        "L 302 404 404 404",
        {"reason": "No"},
    ),
    "partners:alliance_privacy": Route(
        "/en/alliances/{alliance}/privacy/",
        "L 405 405 405 405",
        "L 302 404 404 404",
        {"company": "{ours_pk}", "private": ""},
    ),
    "partners:notifications": Route(
        "/en/notifications/", "L 200 200 200 200", "L 302 302 302 302", {"ids": "{notification}"}
    ),
    "partners:notification_open": Route(
        "/en/notifications/{notification}/open/", "L 405 405 405 405", "L 302 404 404 404"
    ),
    "partners:notification_settings": Route(
        "/en/notifications/settings/",
        "L 200 200 200 200",
        "L 302 302 302 302",
        {"email_kinds": ["match"], "language": "ja"},
    ),
    "partners:terms": Route("/en/terms/", "200 200 200 200 200", "405 405 405 405 405"),
    "partners:privacy": Route("/en/privacy/", "200 200 200 200 200", "405 405 405 405 405"),
    "partners:account_data": Route("/en/account/data/", "L 200 200 200 200", "L 200 200 200 200"),
    "partners:account_delete": Route(
        "/en/account/delete/",
        "L 200 200 200 200",
        "L 200 200 200 200",
        {"confirmation": "not my password", "delete_companies": "on"},
    ),
    "partners:api_tokens": Route(
        "/en/account/tokens/", "L 200 200 200 200", "L 302 302 302 302", {"name": "New token"}
    ),
    "partners:api_token_revoke": Route(
        "/en/account/tokens/{token}/revoke/", "L 200 404 404 404", "L 302 404 404 404"
    ),
    "partners:company_settings": Route(
        "/en/company/settings/", "L 200 200 302 302", "L 405 405 405 405"
    ),
    "partners:webhooks": Route(
        "/en/company/webhooks/",
        "L 200 200 302 302",
        "L 302 302 302 302",
        {"url": "http://127.0.0.1:9/new", "events": ["match.created"]},
    ),  # fmt: skip
    "partners:webhook_detail": Route(
        "/en/company/webhooks/{webhook}/",
        "L 200 404 404 404",
        "L 302 404 404 404",
        {"url": "http://127.0.0.1:9/taken", "events": ["match.created"], "active": "on"},
    ),  # fmt: skip
    "partners:webhook_delete": Route(
        "/en/company/webhooks/{webhook}/delete/", "L 405 405 405 405", "L 302 404 404 404"
    ),
    "partners:webhook_secret_rotate": Route(
        "/en/company/webhooks/{webhook}/secret/", "L 405 405 405 405", "L 302 404 404 404"
    ),
    "partners:webhook_redeliver": Route(
        "/en/company/webhooks/{webhook}/deliveries/{delivery}/resend/",
        "L 405 405 405 405",
        "L 302 404 404 404",
    ),
    "matching:suggestions": Route("/en/suggestions/", "L 200 200 200 200", "L 405 405 405 405"),
    "matching:suggestions_status": Route(
        "/en/suggestions/status/", "L 200 200 200 200", "L 405 405 405 405"
    ),
    "matching:suggestion_dismiss": Route(
        "/en/suggestions/{partner}/dismiss/",
        "L 405 405 405 405",
        "L 302 302 302 302",
        {"reason": "known"},
    ),
    "matching:dismissed": Route(
        "/en/suggestions/dismissed/", "L 200 200 200 200", "L 405 405 405 405"
    ),
    "matching:dismissal_undo": Route(
        "/en/suggestions/dismissed/{partner}/undo/", "L 405 405 405 405", "L 302 302 302 302"
    ),
    "matching:suggestion_save": Route(
        "/en/suggestions/{partner}/save/", "L 405 405 405 405", "L 302 302 302 302"
    ),
    "matching:suggestion_unsave": Route(
        "/en/suggestions/{partner}/unsave/", "L 405 405 405 405", "L 302 302 302 302"
    ),
    "matching:suggestion_interest": Route(
        "/en/suggestions/{partner}/interest/",
        "L 405 405 405 405",
        "L 302 302 302 302",
        {"message": "Hi"},
    ),
    "dashboard:dashboard": Route(
        "/en/dashboard/", "L 403 403 403 200", "L 403 403 403 405", other="L 403 403 403 405"
    ),
    "dashboard:status": Route(
        "/en/dashboard/status/", "L 403 403 403 200", "L 403 403 403 405", other="L 403 403 403 405"
    ),
    "dashboard:recompute": Route(
        "/en/dashboard/recompute/",
        "L 403 403 403 405",
        "L 403 403 403 302",
        other="L 403 403 403 405",
    ),
    "dashboard:refresh": Route(
        "/en/dashboard/refresh/",
        "L 403 403 403 405",
        "L 403 403 403 302",
        other="L 403 403 403 405",
    ),
    "dashboard:reports": Route(
        "/en/dashboard/reports/",
        "L 403 403 403 200",
        "L 403 403 403 405",
        other="L 403 403 403 405",
    ),
    "dashboard:report_hide": Route(
        "/en/dashboard/reports/companies/{company_id}/hide/",
        "L 403 403 403 405",
        "L 403 403 403 302",
        {"reason": "Spam"},
        other="L 403 403 403 405",
    ),
    "dashboard:review_answer": Route(
        "/en/dashboard/reviews/{review}/keep/",
        "L 403 403 403 405",
        "L 403 403 403 302",
        {"note": "Still misleading."},
        other="L 403 403 403 405",
    ),
    "dashboard:report_dismiss": Route(
        "/en/dashboard/reports/{report}/dismiss/",
        "L 403 403 403 405",
        "L 403 403 403 302",
        other="L 403 403 403 405",
    ),
    "account_login": Route(
        "/en/accounts/login/",
        "200 302 302 302 302",
        "200 302 302 302 302",
        {"login": "user0@example.com", "password": "wrong"},
        put="200 302 302 302 302",
        other="405 302 302 302 302",
    ),
    "account_logout": Route("/en/accounts/logout/", "302 200 200 200 200", "302 302 302 302 302"),
    "account_inactive": Route(
        "/en/accounts/inactive/", "200 200 200 200 200", "405 405 405 405 405"
    ),
    "account_signup": Route(
        "/en/accounts/signup/",
        "200 302 302 302 302",
        "302 302 302 302 302",
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD, "consent": "on"},
        put="200 302 302 302 302",
        other="405 302 302 302 302",
    ),  # fmt: skip
    "account_reauthenticate": Route(
        "/en/accounts/reauthenticate/",
        "L 200 200 200 200",
        "L 200 200 200 200",
        {"password": "x"},
        put="L 200 200 200 200",
    ),
    "account_request_reauthentication_code": Route(
        "/en/accounts/reauthenticate/code/",
        "L 200 200 200 200",
        "L 200 200 200 200",
        put="L 200 200 200 200",
    ),
    "account_confirm_reauthentication_code": Route(
        "/en/accounts/reauthenticate/code/confirm/",
        "L 302 302 302 302",
        "L 302 302 302 302",
        {"code": "XXXX"},
        other="L 302 302 302 302",
    ),
    "account_email": Route(
        "/en/accounts/email/",
        "L 200 200 200 200",
        "L 302 302 302 302",
        {"email": "added@example.com", "action_add": ""},
        put="L 302 302 302 302",
    ),
    "account_email_verification_sent": Route(
        "/en/accounts/confirm-email/", "200 200 200 200 200", "405 405 405 405 405"
    ),
    "account_change_password": Route(
        "/en/accounts/password/change/",
        "L 200 200 200 200",
        "L 200 200 200 200",
        {"oldpassword": "wrong", "password1": PASSWORD, "password2": PASSWORD},
        put="L 200 200 200 200",
    ),  # fmt: skip
    "account_set_password": Route(
        "/en/accounts/password/set/",
        "L 302 302 302 302",
        "L 302 302 302 302",
        {"password1": PASSWORD, "password2": PASSWORD},
        other="L 302 302 302 302",
    ),
    "account_reset_password": Route(
        "/en/accounts/password/reset/",
        "200 200 200 200 200",
        "302 302 302 302 302",
        {"email": "user0@example.com"},
        put="200 200 200 200 200",
    ),
    "account_confirm_login_code": Route(
        "/en/accounts/login/code/confirm/",
        "L 302 302 302 302",
        "L 302 302 302 302",
        other="L 302 302 302 302",
    ),
    "account_confirm_email": Route(
        "/en/accounts/confirm-email/not-a-key/", "200 200 200 200 200", "404 404 404 404 404"
    ),
    "account_reset_password_from_key_done": Route(
        "/en/accounts/password/reset/key/done/", "200 200 200 200 200", "405 405 405 405 405"
    ),
    "account_reset_password_from_key": Route(
        "/en/accounts/password/reset/key/1-not-a-key/",
        "200 200 200 200 200",
        "200 200 200 200 200",
        {"password1": PASSWORD, "password2": PASSWORD},
        other="200 200 200 200 200",
    ),  # fmt: skip
    "account_reset_password_done": Route(
        "/en/accounts/password/reset/done/", "200 200 200 200 200", "405 405 405 405 405"
    ),
}

# The Django admin as one family: its index, a list, a company's change page (shown and
# posted to) and a list action, for every persona.
ADMIN: dict[str, Route] = {
    "index": Route("/en/admin/", "L L L L 200", "L L L L 200", other="L L L L 200"),
    "changelist": Route(
        "/en/admin/partners/company/",
        "L L L L 200",
        "L L L L 302",
        {
            "action": "hide",
            "_selected_action": "{ours_pk}",
            "index": "0",
        },
        other="L L L L 200",
    ),  # fmt: skip
    "change": Route(
        "/en/admin/partners/company/{ours_pk}/change/",
        "L L L L 200",
        "L L L L 200",
        {
            **PROFILE,
            "key": "ours",
            "visibility": "hidden",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
        other="L L L L 200",
    ),  # fmt: skip
    "token list": Route(
        "/en/admin/partners/apitoken/", "L L L L 200", "L L L L 200", other="L L L L 200"
    ),
    "webhook list": Route(
        "/en/admin/partners/webhook/", "L L L L 200", "L L L L 200", other="L L L L 200"
    ),
}


# Routes filled a second way: other companies, other actions, objects of B reached
# through A's own (a label starts with the name of its route).
GET_REFUSED = "L 405 405 405 405"
VARIANTS: dict[str, Route] = {
    "partners:company_detail of B": Route(
        "/en/companies/theirs/", "L 200 200 200 200", "L 405 405 405 405"
    ),
    "partners:company_detail of A's matched partner": Route(
        "/en/companies/mate/", "L 200 200 200 200", "L 405 405 405 405"
    ),
    "partners:company_detail of a hidden company": Route(
        "/en/companies/shy/", "L 404 404 404 200", "L 405 405 405 405"
    ),
    "partners:company_detail of a company shown to its suggested partners": Route(
        "/en/companies/quiet/", "L 200 404 404 200", "L 405 405 405 405"
    ),
    "partners:company_detail through A's former key": Route(
        "/en/companies/ours-old/", "L 301 301 301 301", "L 405 405 405 405"
    ),
    "partners:company_detail through a hidden company's former key": Route(
        "/en/companies/shy-old/", "L 404 404 404 301", "L 405 405 405 405"
    ),
    "partners:company_key_edit through A's former key": Route(
        "/en/companies/ours-old/address/",
        "L 301 301 301 301",
        "L 308 308 308 308",
        {"key": "ours-2"},
    ),
    "partners:interest_send to a company shown to its suggested partners": Route(
        "/en/companies/quiet/interest/", "L 200 404 302 302", "L 302 404 302 302", {"message": "Hi"}
    ),
    "partners:interest_send to a hidden company": Route(
        "/en/companies/shy/interest/", "L 404 404 302 302", "L 404 404 302 302", {"message": "Hi"}
    ),
    "partners:team of B": Route(
        "/en/companies/theirs/team/",
        "L 404 200 404 404",
        "L 404 302 404 404",
        {"email": "new-colleague@theirs.example", "role": "owner"},
    ),
    "partners:team_member_remove of B's member through A": Route(
        "/en/companies/{key}/team/members/{their_membership}/remove/",
        "L 405 405 405 405",
        "L 404 404 404 404",
    ),
    "partners:team_member_role of B's member through A": Route(
        "/en/companies/{key}/team/members/{their_membership}/role/",
        "L 405 405 405 405",
        "L 404 404 404 404",
        {"role": "member"},
    ),
    "partners:invitation that is not valid": Route(
        "/en/invitations/not-a-token/", "404 404 404 404 404", "L 302 302 302 302"
    ),
    "partners:interests sent": Route(
        "/en/interests/?box=sent", "L 200 200 302 302", "L 405 405 405 405"
    ),
    "partners:interest_decline of an interest A sent": Route(
        "/en/interests/{sent}/decline/", "L 405 405 405 405", "L 404 404 404 404", {"reason": "No"}
    ),
    "partners:interest_withdraw of an interest A sent": Route(
        "/en/interests/{sent}/withdraw/", "L 405 405 405 405", "L 302 404 404 404"
    ),
    "matching:dismissal_undo of a company A dismissed": Route(
        "/en/suggestions/dismissed/spurned/undo/", "L 405 405 405 405", "L 302 302 302 302"
    ),
    "partners:proposal_answer accept": Route(
        "/en/proposals/{proposal}/accept/", "L 405 405 405 405", "L 302 404 404 404"
    ),
    "partners:proposal_answer withdraw": Route(
        "/en/proposals/{proposal}/withdraw/", "L 405 405 405 405", "L 302 404 404 404"
    ),
    "partners:alliance_privacy in the name of B": Route(
        "/en/alliances/{alliance}/privacy/",
        "L 405 405 405 405",
        "L 404 302 404 404",
        {"company": "{theirs_pk}", "private": ""},
    ),
    "partners:api_token_revoke of B's token": Route(
        "/en/account/tokens/{their_token}/revoke/", "L 404 200 404 404", "L 404 302 404 404"
    ),
    "partners:company_review_request of a company hidden by staff": Route(
        "/en/companies/shy/review/", "L 405 405 405 405", "L 404 404 404 404"
    ),
    # Confirmed, but without agreeing to delete the company of which the owner and the
    # outsider are the only members: refused for them; the loner and staff are gone.
    # (Deleting a company with the account: tests/partners/test_accounts.py.)
    "partners:account_delete confirmed": Route(
        "/en/account/delete/",
        "L 200 200 200 200",
        "L 200 200 302 302",
        {"confirmation": ACCOUNT_PASSWORD},
    ),
    "dashboard:review_answer show": Route(
        "/en/dashboard/reviews/{review}/show/",
        "L 403 403 403 405",
        "L 403 403 403 302",
        other="L 403 403 403 405",
    ),
    "partners:webhook_redeliver of B's delivery through A's webhook": Route(
        "/en/company/webhooks/{webhook}/deliveries/{their_delivery}/resend/",
        "L 405 405 405 405",
        "L 404 404 404 404",
    ),
}


# --- Secrets and snapshots -----------------------------------------------------------------

# Who may read each secret on the site's pages (staff read everything in the admin).
SECRETS: dict[str, set[str]] = {
    "a-contact@ours.example": {"owner"},  # and matched partners
    "+81-3-1111-0001": {"owner"},
    "b-contact@theirs.example": {"outsider"},
    "+81-3-2222-0002": {"outsider"},
    "m-contact@mate.example": {"owner"},  # A is matched with mate, B is not
    "admirer to A private 5521": {"owner"},
    "A dismissed note 7741": {"owner"},
    "A to wanted private 6632": {"owner"},
    "B to shy private 8854": {"outsider"},
    "Shy Quokka Works": {"outsider", "staff"},  # hidden: B wrote to it before it was hidden
    "staff note 3318": {"staff"},  # the reason staff gave, in their review queue
    "shy review 7781": {"staff"},
    "Quiet Lantern Co": {"owner", "staff"},  # shown to the companies it is suggested to
    "q-contact@quiet.example": set(),
    "A and mate private goal 9965": {"owner"},  # an alliance kept private by both
    "A and mate open goal 1076": {"owner"},
    "http://127.0.0.1:9/ours-hook-2187": {"owner"},
    "http://127.0.0.1:9/theirs-hook-3298": {"outsider"},
    "B about A report 4409": {"staff"},
    "A about B report 5510": {"staff"},
}


def _secrets_hidden_from(world: World, persona: str, path: str) -> list[str]:
    if persona == "staff" and path.startswith("/en/admin/"):
        return []
    hidden = [secret for secret, readers in SECRETS.items() if persona not in readers]
    return hidden + [prefix for who, prefix in world.prefixes.items() if who != persona]


def _snapshot(ours: Company, existing: dict[str, list[int]]) -> dict:
    """Everything of the company's that only its members may change (rows others add
    to it aside: an interest received, a report on it, a notification)."""
    users = User.objects.filter(memberships__company=ours)
    company = Company.objects.filter(pk=ours.pk).values().get()
    company.pop("updated_at")
    return {
        "company": company,
        "users": list(users.values("pk", "email", "password", "is_staff", "is_superuser")),
        "members": list(Membership.objects.filter(company=ours).values("user_id", "role")),
        "invitations": list(
            Invitation.objects.filter(company=ours).values(
                "email", "role", "digest", "accepted_at", "revoked_at"
            )
        ),
        "sent": list(Interest.objects.filter(sender=ours).values()),
        "received": list(
            Interest.objects.filter(pk__in=existing["received"]).values("status", "decline_reason")
        ),
        "matches": sorted(m.pk for m in Match.objects.filter(pk__in=existing["matches"])),
        "proposals": list(
            AllianceProposal.objects.filter(match__in=existing["matches"]).values(
                "pk", "status", "version", "shared_goal"
            )
        ),
        "alliances": list(Alliance.objects.filter(match__in=existing["matches"]).values()),
        "notifications": list(
            Notification.objects.filter(pk__in=existing["notifications"]).values("pk", "read_at")
        ),
        "preferences": list(NotificationPreference.objects.filter(user__in=users).values()),
        "webhooks": list(
            Webhook.objects.filter(company=ours).values(
                "url", "events", "secret", "active", "description"
            )
        ),
        "deliveries": list(
            WebhookDelivery.objects.filter(pk__in=existing["deliveries"]).values(
                "status", "attempts", "next_attempt_at"
            )
        ),
        "tokens": list(ApiToken.objects.filter(user__in=users).values("pk", "name", "revoked_at")),
        "reports": list(Report.objects.filter(reporter_company=ours).values()),
        "reported": list(Report.objects.filter(pk__in=existing["reported"]).values("status")),
        "dismissed": list(Dismissal.objects.filter(company=ours).values("partner_id")),
        "saved": list(SavedSuggestion.objects.filter(company=ours).values("partner_id")),
    }


def _existing(ours: Company) -> dict[str, list[int]]:
    return {
        "received": list(Interest.objects.filter(recipient=ours).values_list("pk", flat=True)),
        "matches": list(
            Match.objects.filter(Q(company_a=ours) | Q(company_b=ours)).values_list("pk", flat=True)
        ),
        "notifications": list(
            Notification.objects.filter(user__memberships__company=ours).values_list(
                "pk", flat=True
            )
        ),
        "deliveries": list(
            WebhookDelivery.objects.filter(webhook__company=ours).values_list("pk", flat=True)
        ),
        "reported": list(Report.objects.filter(company=ours).values_list("pk", flat=True)),
    }


class Guard:
    """The snapshots of A and B in the world every request starts from (each request
    is rolled back), to tell whether a request changed either."""

    def __init__(self, world: World):
        self.companies = {key: Company.objects.get(key=key) for key in ("ours", "theirs")}
        self.existing = {key: _existing(c) for key, c in self.companies.items()}
        self.pristine = {key: self.snapshot(key) for key in self.companies}

    def snapshot(self, key: str) -> dict:
        return _snapshot(self.companies[key], self.existing[key])

    def changed(self, keys: tuple[str, ...]) -> list[str]:
        return [key for key in keys if self.snapshot(key) != self.pristine[key]]


# Whose things a persona may never change: not A's unless it is A's owner, not B's
# unless it is B's member; staff moderate (``STAFF_MAY_WRITE``), nothing else.
GUARDED = {
    "anonymous": ("ours", "theirs"),
    "owner": ("theirs",),
    "outsider": ("ours",),
    "loner": ("ours", "theirs"),
    "staff": ("ours", "theirs"),
}

# --- Requests ------------------------------------------------------------------------------

LOGIN_PAGES = ("/en/accounts/login/", "/en/admin/login/")


def _outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(LOGIN_PAGES):
        return "L"
    return str(response.status_code)


def _sessions(world: World) -> dict[str, str]:
    """The session cookie of each signed-in persona (a fresh client per request)."""
    cookies = {}
    for persona, user in world.people.items():
        client = Client()
        client.force_login(user)
        cookies[persona] = client.cookies["sessionid"].value
    return cookies


def _fill(template, values: dict[str, str]):
    if isinstance(template, list):
        return [_fill(item, values) for item in template]
    return re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], template)


@dataclass
class Tally:
    tried: int = 0
    refused: int = 0


def _try(world, sessions, guard, tally, persona, method, route: Route, guarded: tuple[str, ...]):
    """One request in a savepoint rolled back afterwards; returns its outcome."""
    path = _fill(route.path, world.values)
    client = Client()
    if persona in sessions:
        client.cookies["sessionid"] = sessions[persona]
    cache.clear()  # rate limits and cached counts start afresh for every request
    data = {name: _fill(value, world.values) for name, value in route.data.items()}
    with transaction.atomic():
        if method == "GET":
            response = client.get(path)
        elif method == "POST":
            response = client.post(path, data)
        else:
            response = getattr(client, method.lower())(path)
        changed = guard.changed(guarded)
        transaction.set_rollback(True)
    outcome = _outcome(response)
    tally.tried += 1
    tally.refused += outcome in ("L", "403", "404", "405")
    where = f"{persona} {method} {path} -> {response.status_code}"
    assert response.status_code < 500, where
    assert not changed, f"{where} changed the things of {changed}"
    # The page and the messages it leaves for the next one.
    body = response.content.decode(errors="replace")
    body += "\n".join(str(message) for message in get_messages(response.wsgi_request))
    for secret in _secrets_hidden_from(world, persona, path):
        assert secret not in body, f"{where} shows {secret!r}"
    return outcome


# --- The matrix ----------------------------------------------------------------------------

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Writes of staff that change A's things on purpose: moderation and the admin.
STAFF_MAY_WRITE = {
    "dashboard:report_hide",
    "dashboard:report_dismiss",
    "admin changelist",
    "admin change",
}


def _other_methods(route: Route, method: str) -> str:
    if method == "PUT" and route.put:
        return route.put
    if route.other:
        return route.other
    anonymous = "L" if route.get.startswith("L") else "405"
    return " ".join([anonymous] + ["405"] * (len(PERSONAS) - 1))


def test_every_persona_gets_what_the_table_says_on_every_page(monkeypatch):
    monkeypatch.setattr("partners.tasks.webhook_deliver_task.delay", lambda *args: None)
    world = world_make()
    sessions, guard, tally = _sessions(world), Guard(world), Tally()
    table = {**ROUTES, **VARIANTS, **{f"admin {name}": route for name, route in ADMIN.items()}}
    wrong, seen = [], {}
    for name, route in table.items():
        expected = {"GET": route.get, "POST": route.post}
        for method in METHODS:
            got = " ".join(
                _try(
                    world,
                    sessions,
                    guard,
                    tally,
                    persona,
                    method,
                    route,
                    guarded=()
                    if name in STAFF_MAY_WRITE and persona == "staff"
                    else GUARDED[persona],
                )  # fmt: skip
                for persona in PERSONAS
            )
            seen[(name, method)] = got
            want = expected.get(method) or _other_methods(route, method)
            if got != want:
                wrong.append(f"{name} {method}: expected {want}, got {got}")
    if OBSERVE:
        for name in table:
            print(
                f'{name!r}: GET="{seen[name, "GET"]}" POST="{seen[name, "POST"]}" '
                f'PUT="{seen[name, "PUT"]}" PATCH="{seen[name, "PATCH"]}" '
                f'DELETE="{seen[name, "DELETE"]}"'
            )
    print(
        f"\npage access matrix: {len(table)} routes x {len(PERSONAS)} personas x "
        f"{len(METHODS)} methods = {tally.tried} requests, {tally.refused} refused"
    )
    assert not wrong, "\n".join(wrong)
    assert tally.tried == len(table) * len(PERSONAS) * len(METHODS)
    assert tally.tried // 2 < tally.refused < tally.tried


# --- Every page route is in the table -------------------------------------------------------

SKIPPED = ("api/", "static/", "media/")  # the API has its own matrix; files are not pages


def test_every_page_route_is_in_the_matrix():
    with override("en"):
        routed = {
            name
            for route, name in named_routes(get_resolver())
            if not route.startswith(SKIPPED) and not re.match(r"(\w\w/)?admin/", route)
        }
    assert routed == set(ROUTES), (routed - set(ROUTES), set(ROUTES) - routed)
    for label in VARIANTS:
        assert label.split(" ")[0] in ROUTES, label

    values = _any_values()
    for name, route in {**ROUTES, **VARIANTS}.items():
        resolved = resolve(_fill(route.path, values).split("?")[0])
        assert resolved.view_name == name.split(" ")[0], (name, resolved.view_name)
    for route in ADMIN.values():
        assert resolve(_fill(route.path, values)).namespace == "admin"


def _any_values() -> dict[str, str]:
    """A value for every parameter of the table: any number resolves (keys too)."""
    routes = [*ROUTES.values(), *VARIANTS.values(), *ADMIN.values()]
    return {name: "7" for route in routes for name in re.findall(r"\{(\w+)\}", route.path)}


# --- No mass assignment ---------------------------------------------------------------------

EXTRAS = {
    "is_staff": "on", "is_superuser": "on", "is_active": "on", "role": "owner",
    "hidden_reason": "set by us", "hidden_at": "2001-01-01T00:00:00Z",
    "created_at": "2001-01-01T00:00:00Z", "updated_at": "2001-01-01T00:00:00Z",
    "search_text": "injected", "digest": "0" * 64,
}  # fmt: skip


def _guarded(company: Company) -> dict:
    company.refresh_from_db()
    return {
        "key": company.key,
        "hidden_reason": company.hidden_reason,
        "hidden_at": company.hidden_at,
        "created_at": company.created_at,
        "members": sorted(company.members.values_list("pk", flat=True)),
    }


def _staff_flags() -> list:
    return list(User.objects.filter(is_staff=True).values_list("pk", flat=True)) + list(
        User.objects.filter(is_superuser=True).values_list("pk", flat=True)
    )


def test_the_company_forms_take_no_ownership_or_staff_fields():
    world = world_make()
    owner, loner = world.people["owner"], world.people["loner"]
    theirs = Company.objects.get(key="theirs")
    guarded, their_guarded, staff = _guarded(world.ours), _guarded(theirs), _staff_flags()
    takeover = {**EXTRAS, "key": "theirs", "id": theirs.pk, "pk": theirs.pk}
    client = Client()

    client.force_login(owner)
    edit = {**PROFILE, **takeover, "members": [loner.pk], "memberships": [loner.pk]}
    assert client.post("/en/companies/ours/edit/", edit).status_code == 302
    assert Company.objects.get(pk=world.ours.pk).name == "Renamed"  # the form did save
    assert _guarded(world.ours) == guarded and _guarded(theirs) == their_guarded
    assert "injected" not in Company.objects.get(pk=world.ours.pk).search_text

    client.force_login(loner)
    create = {**PROFILE, **takeover, "key": "ours", "members": [owner.pk]}
    assert client.post("/en/new-company/", create).status_code == 200  # a key that is taken
    assert client.post("/en/new-company/", {**create, "key": "loners"}).status_code == 302
    made = Company.objects.get(members=loner)
    assert made.key == "loners" and list(made.members.all()) == [loner]
    assert (made.hidden_reason, made.hidden_at, made.search_text.count("injected")) == ("", None, 0)
    assert _guarded(world.ours) == guarded and _guarded(theirs) == their_guarded
    assert _staff_flags() == staff


def test_the_account_forms_take_no_staff_fields():
    world = world_make()
    staff = _staff_flags()
    client = Client()
    signup = {
        "email": "newcomer@example.com", "password1": PASSWORD, "password2": PASSWORD,
        "consent": "on", "terms_version": "1999-01-01", "accepted_at": "1999-01-01T00:00:00Z",
    }  # fmt: skip
    assert client.post("/en/accounts/signup/", {**signup, **EXTRAS}).status_code == 302
    newcomer = User.objects.get(email="newcomer@example.com")
    assert not newcomer.is_staff and not newcomer.is_superuser
    [consent] = newcomer.consents.all()  # the version in force, now: not what was posted
    assert consent.terms_version == TERMS_VERSION and consent.accepted_at.year > 1999
    assert not newcomer.memberships.exists()

    client.force_login(world.people["owner"])
    settings_form = {
        "email_kinds": ["match"],
        "language": "ja",
        **EXTRAS,
        "email": "x@evil.example",
    }
    assert client.post("/en/notifications/settings/", settings_form).status_code == 302
    owner = User.objects.get(pk=world.people["owner"].pk)
    assert owner.language == "ja" and owner.email != "x@evil.example"
    client.post("/en/account/tokens/", {"name": "Mine", **EXTRAS, "user": world.people["staff"].pk})
    assert not ApiToken.objects.filter(user=world.people["staff"]).exists()
    assert ApiToken.objects.filter(user=owner, name="Mine").exists()
    assert _staff_flags() == staff


def test_the_api_company_takes_no_ownership_or_staff_fields():
    """The exchange format admits no property outside it: each of these is refused."""
    world = world_make()
    owner, loner = world.people["owner"], world.people["loner"].pk
    guarded, staff = _guarded(world.ours), _staff_flags()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=owner, name='t')[1]}")
    extras = {**EXTRAS, "is_staff": True, "is_superuser": True, "members": [loner], "owner": loner,
              "visibility": "hidden", "contact_email": "x@evil.example", "id": 1}  # fmt: skip
    record = client.get("/api/v1/company/").json()
    for name, value in extras.items():
        patch = client.patch("/api/v1/company/", {"name": "Patched", name: value}, format="json")
        put = client.put("/api/v1/company/", {**record, name: value}, format="json")
        assert (patch.status_code, put.status_code) == (400, 400), name
    assert _guarded(world.ours) == guarded and _staff_flags() == staff
    ours = Company.objects.get(pk=world.ours.pk)
    assert ours.name != "Patched" and "injected" not in ours.search_text
    assert client.patch("/api/v1/company/", {"name": "Patched"}, format="json").status_code == 200


# --- CSRF -----------------------------------------------------------------------------------

CSRF_SECRET = "k" * 32  # a token of the right shape: the form sends the cookie's value back


def _handler(route: Route) -> str | None:
    """The first persona (the owner first) whose POST the route handles, if any."""
    outcomes = dict(zip(PERSONAS, route.post.split(), strict=True))
    for persona in ("owner", "anonymous", "outsider", "loner", "staff"):
        if outcomes[persona] in ("200", "302"):
            return persona
    return None


def test_every_form_refuses_a_post_without_its_csrf_token(monkeypatch):
    monkeypatch.setattr("partners.tasks.webhook_deliver_task.delay", lambda *args: None)
    world = world_make()
    sessions, guard = _sessions(world), Guard(world)
    table = {**ROUTES, **VARIANTS, **{f"admin {name}": route for name, route in ADMIN.items()}}
    posting = [(route, _handler(route)) for route in table.values() if _handler(route)]
    tried = refused = 0
    for route, persona in posting:
        path = _fill(route.path, world.values)
        data = {key: _fill(value, world.values) for key, value in route.data.items()}
        for token in (None, CSRF_SECRET):
            client = Client(enforce_csrf_checks=True)
            client.cookies["csrftoken"] = CSRF_SECRET
            if persona in sessions:
                client.cookies["sessionid"] = sessions[persona]
            cache.clear()
            with transaction.atomic():
                sent = data if token is None else {**data, "csrfmiddlewaretoken": token}
                response = client.post(path, sent)
                changed = guard.changed(("ours", "theirs"))
                transaction.set_rollback(True)
            tried += 1
            where = f"{persona} POST {path} {'with' if token else 'without'} a token"
            if token is None:
                refused += response.status_code == 403
                assert response.status_code == 403 and not changed, where
            else:
                want = route.post.split()[PERSONAS.index(persona)]
                assert _outcome(response) == want, f"{where} -> {response.status_code}"
    print(f"\nCSRF: {len(posting)} routes that take a POST, {tried} requests, {refused} refused")
    assert len(posting) >= 40 and refused == tried // 2
