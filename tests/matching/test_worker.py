"""Matching end to end through a real Celery worker process, broker and database."""

import os
import time

import pytest

from matching.models import MatchRun
from matching.selectors import suggestions_for_company
from matching.services import match_run_start, match_run_sync, phrases_embed_missing
from partners.services.companies import company_update
from tests.matching.conftest import PROFILES, company_for
from tests.worker import wait_until

pytestmark = pytest.mark.worker

# The session's worker is started after collection: this makes it use the lexical
# embedder (no model to load), like the rest of the matching tests.
os.environ.setdefault("MATCHING_EMBEDDER", "lexical")


def partners_of(company):
    return [s.partner.key for s in suggestions_for_company(company=company)]


def test_saving_a_profile_changes_another_companys_suggestions(live_worker):
    companies = {row[0]: company_for(*row) for row in PROFILES}
    phrases_embed_missing()
    match_run_sync(run=match_run_start())
    farm, software = companies["farm"], companies["software"]
    assert "software" not in partners_of(farm)

    saved = time.monotonic()
    company_update(
        company=software,
        data={
            "capabilities": ["refrigerated delivery of fresh produce to cities"],
            "needs": ["organic vegetables grown year round"],
            "goals": ["cut food waste and bring fresh food to cities"],
        },
    )

    wait_until(lambda: "software" in partners_of(farm), 60, live_worker, "rescoring of software")
    print(f"profile saved -> suggestions visible: {time.monotonic() - saved:.2f} s")
    rescoring = MatchRun.objects.get(kind=MatchRun.Kind.COMPANY)
    assert rescoring.company_id == software.pk
    assert rescoring.status == MatchRun.Status.COMPLETE
    assert partners_of(software)[0] == "farm"
