"""Co-creation moves made at the same moment by both sides (PostgreSQL: row locks)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from partners.models import AllianceProposal, Interest, Match
from partners.services import cocreation
from tests.factories import NEXT_YEAR, CompanyFactory, MembershipFactory

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has no row locks and one writer"
)


def run_together(*calls):
    """Run the calls in threads released at the same moment; their results or errors."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        try:
            return call()
        except ValidationError as error:
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def sides(transactional_db):
    a = MembershipFactory(company=CompanyFactory(key="maker"))
    b = MembershipFactory(company=CompanyFactory(key="trader", industry="G"))
    return a, b


def test_interest_sent_both_ways_at_once_is_a_match(sides):
    a, b = sides
    run_together(
        lambda: cocreation.interest_send(user=a.user, sender=a.company, recipient=b.company),
        lambda: cocreation.interest_send(user=b.user, sender=b.company, recipient=a.company),
    )
    assert Match.objects.count() == 1
    assert sorted(Interest.objects.values_list("status", flat=True)) == ["mutual", "mutual"]


def test_the_same_interest_sent_twice_at_once_is_stored_once(sides):
    a, b = sides
    results = run_together(
        *[
            lambda: cocreation.interest_send(user=a.user, sender=a.company, recipient=b.company)
            for _ in range(4)
        ]
    )
    assert Interest.objects.count() == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 3


def test_accepting_and_withdrawing_at_once_leaves_one_outcome(sides):
    a, b = sides
    cocreation.interest_send(user=a.user, sender=a.company, recipient=b.company)
    cocreation.interest_send(user=b.user, sender=b.company, recipient=a.company)
    match = Match.objects.get()
    terms = {"shared_goal": "Together", "starts_on": date(NEXT_YEAR, 1, 1),
             "duration_months": 6}  # fmt: skip
    proposal = cocreation.proposal_create(user=a.user, match=match, company=a.company, data=terms)
    results = run_together(
        lambda: cocreation.proposal_accept(user=b.user, proposal=proposal),
        lambda: cocreation.proposal_withdraw(user=a.user, proposal=proposal),
    )
    assert sum(isinstance(r, ValidationError) for r in results) == 1
    proposal.refresh_from_db()
    assert proposal.status in (AllianceProposal.Status.ACCEPTED, AllianceProposal.Status.WITHDRAWN)
    assert match.alliances.count() == (proposal.status == AllianceProposal.Status.ACCEPTED)
