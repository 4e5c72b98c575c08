import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import CompanyFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: no throttle count or cached total of
    another test (the tests' cache is this process's memory)."""
    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language_after():
    """Each test ends in the default language: a request to a /ja/ page leaves Japanese
    active in the thread, and the next test in the same process (whichever xdist gives
    it) would read Japanese messages."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


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


# A real Celery worker process for integration tests (see tests/worker.py).
from tests.worker import celery_worker_process, live_worker  # noqa: E402, F401


@pytest.fixture
def companies_document():
    """Wrap company records into a document of the exchange format."""

    def document(*records):
        return {"format": "alliance-companies/1", "companies": list(records)}

    return document


@pytest.fixture
def contract_file(tmp_path, companies_document):
    """Write company records (or raw text) to a file; returns its path."""

    def write(*records, text=None, name="companies.json"):
        path = tmp_path / name
        if text is None:
            text = json.dumps(companies_document(*records), ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write
