"""Why two companies were suggested to each other, outside the suggestions page."""

from matching.pairs import pair_explanation
from matching.selectors import suggestions_for_company
from matching.services import match_run_start, match_run_sync, phrases_embed_missing
from tests.factories import CompanyFactory


def test_reasons_come_from_either_companys_list(population):
    phrases_embed_missing()
    match_run_sync(run=match_run_start())
    farm = population["farm"]
    partner = suggestions_for_company(company=farm).first().partner

    mine = pair_explanation(company=farm, partner=partner)
    theirs = pair_explanation(company=partner, partner=farm)

    assert mine is not None and mine.for_you
    assert theirs is not None and (theirs.for_you or theirs.for_them)


def test_no_reasons_for_a_pair_neither_list_holds(population):
    stranger = CompanyFactory(key="stranger", industry="U", industry_division="99")
    assert pair_explanation(company=population["farm"], partner=stranger) is None
