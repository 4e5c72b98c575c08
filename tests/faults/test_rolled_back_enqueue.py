"""A task enqueued inside a transaction that rolls back is never sent, so never runs."""

import time

import pytest
from django.db import transaction

from matching.models import MatchRun
from matching.services import company_rescore_enqueue
from partners.models import Company
from partners.services.companies import company_update
from tests.worker import wait_until

pytestmark = [pytest.mark.worker, pytest.mark.fault]


class Abandoned(Exception):
    """Raised to roll a transaction back, as a failing request would."""


def test_a_rescoring_enqueued_in_a_rolled_back_transaction_never_runs(
    small_population, fault_workers
):
    farm, software = small_population["farm"], small_population["software"]
    needs = list(software.needs)
    worker = fault_workers.start(concurrency=1)  # one at a time: runs in the order sent

    with pytest.raises(Abandoned), transaction.atomic():
        company_update(company=software, data={"needs": ["organic vegetables"]})
        company_rescore_enqueue(company_id=farm.pk)
        raise Abandoned
    with transaction.atomic():  # the control, committed: sent after the abandoned ones
        company_rescore_enqueue(company_id=small_population["retail"].pk)

    rescorings = MatchRun.objects.filter(kind=MatchRun.Kind.COMPANY)
    done = rescorings.filter(status=MatchRun.Status.COMPLETE)
    wait_until(done.exists, 60, worker, "the committed rescoring")
    time.sleep(3)  # and a little longer, for anything sent after it by mistake

    assert list(rescorings.values_list("company_id", flat=True)) == [small_population["retail"].pk]
    assert Company.objects.get(pk=software.pk).needs == needs  # the profile rolled back too
    received = [line for line in worker.log().splitlines() if "received" in line]
    assert len([line for line in received if "company_rescore_task" in line]) == 1
