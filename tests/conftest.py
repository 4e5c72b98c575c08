import pytest

from tests.factories import CompanyFactory, MembershipFactory, UserFactory


@pytest.fixture
def company(db):
    return CompanyFactory()


@pytest.fixture
def owner(company):
    """A user who owns ``company``."""
    return MembershipFactory(company=company, role="owner").user


@pytest.fixture
def member(company):
    """A user who is a plain member of ``company``."""
    return MembershipFactory(company=company, role="member").user


@pytest.fixture
def outsider(db):
    """A user who belongs to another company."""
    return MembershipFactory().user


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True)
