"""``suggestions.refreshed`` webhook deliveries when a full run or a rescoring is published."""

from matching.models import SuggestionList
from matching.services import (
    company_rescore,
    match_run_start,
    match_run_sync,
    phrases_embed_missing,
)
from partners.models import WebhookDelivery
from partners.services.webhooks import webhook_create
from tests.factories import MembershipFactory


def subscribe(company, events=("suggestions.refreshed",)):
    user = MembershipFactory(company=company).user
    webhook_create(user=user, company=company, url="http://127.0.0.1:9/", events=list(events))


def refreshed():
    rows = WebhookDelivery.objects.filter(event="suggestions.refreshed")
    return sorted((d.payload["company"], d.payload["run_id"]) for d in rows)


def test_a_published_full_run_tells_only_the_subscribed_companies(population):
    subscribe(population["farm"])
    subscribe(population["retail"])
    subscribe(population["software"], events=["match.created"])
    phrases_embed_missing()

    run = match_run_sync(run=match_run_start())

    assert refreshed() == [("farm", run.pk), ("retail", run.pk)]


def test_a_rescoring_tells_the_subscribed_companies_whose_list_changed(population):
    phrases_embed_missing()
    first = match_run_sync(run=match_run_start())
    subscribe(population["software"])
    subscribe(population["farm"])
    subscribe(population["hospital"])
    WebhookDelivery.objects.all().delete()
    software = population["software"]
    software.capabilities = ["refrigerated delivery of fresh produce to cities"]
    software.needs = ["organic vegetables grown year round"]
    software.save()
    phrases_embed_missing(company_ids=[software.pk])

    run = company_rescore(company_id=software.pk)

    moved = set(SuggestionList.objects.filter(run=run).values_list("company__key", flat=True)) & {
        "software",
        "farm",
        "hospital",
    }
    assert {"software", "farm"} <= moved
    assert refreshed() == sorted((key, run.pk) for key in moved)
    assert run.pk != first.pk
