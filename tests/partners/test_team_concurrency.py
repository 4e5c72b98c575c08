"""Team changes made at the same moment by two owners (PostgreSQL: row locks)."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections

from partners.models import Invitation, Membership
from partners.services import teams
from tests.factories import CompanyFactory, MembershipFactory

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
        except (ValidationError, PermissionDenied) as error:
            return error
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.fixture
def two_owners(transactional_db):
    company = CompanyFactory(key="maker")
    a = MembershipFactory(company=company, role="owner")
    b = MembershipFactory(company=company, role="owner")
    return company, a, b


def test_two_owners_demoting_each_other_at_once_leave_one_owner(two_owners):
    company, a, b = two_owners
    results = run_together(
        lambda: teams.member_role_change(user=a.user, membership=b, role="member"),
        lambda: teams.member_role_change(user=b.user, membership=a, role="member"),
    )
    assert Membership.objects.filter(company=company, role="owner").count() == 1
    assert sum(isinstance(r, PermissionDenied) for r in results) == 1


def test_two_owners_leaving_at_once_leave_one_owner(two_owners):
    company, a, b = two_owners
    results = run_together(
        lambda: teams.membership_leave(user=a.user, company=company),
        lambda: teams.membership_leave(user=b.user, company=company),
    )
    assert Membership.objects.filter(company=company, role="owner").count() == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1


def test_the_same_address_invited_twice_at_once_is_invited_once(two_owners):
    company, a, b = two_owners
    results = run_together(
        lambda: teams.invitation_create(
            user=a.user, company=company, email="new@example.com", role="member"
        ),
        lambda: teams.invitation_create(
            user=b.user, company=company, email="new@example.com", role="owner"
        ),
    )
    assert Invitation.objects.count() == 1
    assert sum(isinstance(r, ValidationError) for r in results) == 1
