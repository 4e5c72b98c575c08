"""Staff only: /api/v1/import/ (all or nothing) and /api/v1/recompute/."""

import pytest

from matching.models import MatchRun
from partners.models import Company
from tests.api.conftest import assert_error
from tests.factories import CompanyRecordFactory

pytestmark = pytest.mark.django_db
IMPORT = "/api/v1/import/"
RECOMPUTE = "/api/v1/recompute/"


@pytest.mark.parametrize("url", [IMPORT, RECOMPUTE])
def test_members_get_403(api_as, member, url):
    assert_error(api_as(member).post(url, {}, format="json"), 403, "permission_denied")


@pytest.mark.parametrize("url", [IMPORT, RECOMPUTE])
def test_anonymous_callers_get_401(api, url):
    assert_error(api.post(url, {}, format="json"), 401, "not_authenticated")


def test_staff_import_a_document(api_as, staff, companies_document):
    first, second = CompanyRecordFactory(), CompanyRecordFactory()

    response = api_as(staff).post(IMPORT, companies_document(first, second), format="json")

    assert response.status_code == 200, response.json()
    assert response.json() == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "changed_keys": [first["key"], second["key"]],
    }
    assert Company.objects.filter(key__in=[first["key"], second["key"]]).count() == 2


def test_an_import_is_all_or_nothing_and_names_record_and_field(api_as, staff, companies_document):
    good, bad = CompanyRecordFactory(), CompanyRecordFactory(capabilities=[])
    del bad["industry"]

    response = api_as(staff).post(IMPORT, companies_document(good, bad), format="json")

    body = assert_error(response, 400, "invalid")
    assert body["fields"] == {
        "companies[1].industry": ["is required"],
        "companies[1].capabilities": ["must list at least 1 item(s)"],
    }
    assert "nothing was imported" in body["message"]
    assert not Company.objects.exists()


def test_a_document_without_its_format_is_refused(api_as, staff):
    response = api_as(staff).post(IMPORT, {"companies": []}, format="json")

    body = assert_error(response, 400, "invalid")
    assert body["fields"] == {"format": ["is required"]}


def test_staff_start_a_full_run(api_as, staff):
    response = api_as(staff).post(RECOMPUTE)

    assert response.status_code == 202
    run = MatchRun.objects.get()
    assert response.json()["run"] == run.pk
    assert response.json()["task"]
    assert run.kind == MatchRun.Kind.FULL


def test_without_an_eager_worker_the_run_id_is_not_known_yet(api_as, staff, monkeypatch):
    from matching import tasks

    class Queued:
        id = "queued-task"

    monkeypatch.setattr(tasks.match_run_start_task, "delay", lambda *a, **k: Queued())

    response = api_as(staff).post(RECOMPUTE)

    assert response.status_code == 202
    assert response.json() == {"run": None, "task": "queued-task"}
