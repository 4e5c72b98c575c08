"""Suggestion rows are stored exactly as the engine made them (COPY on PostgreSQL)."""

import pytest

from matching.engine import CompanySuggestions
from matching.engine import Suggestion as EngineSuggestion
from matching.models import MatchRun, Suggestion
from matching.services.storage import lists_write
from tests.factories import CompanyFactory


@pytest.mark.django_db
def test_rows_keep_every_character_of_components_and_reasons():
    a, b = CompanyFactory(key="a"), CompanyFactory(key="b", industry="G")
    run = MatchRun.objects.create(kind=MatchRun.Kind.FULL)
    need = '海外の販路, "quoted", and a\\backslash'
    reasons = [
        {"kind": "need_capability", "direction": "for_you", "need": need, "capability": "a\nb"}
    ]
    components = {"goals": 0.5, "complementarity": 0.25, "for_you": {"score": 0.1}}
    lists = [
        CompanySuggestions("a", [EngineSuggestion("b", 1, 0.1234567, "G", components, reasons)])
    ]

    written = lists_write(run=run, lists=lists, id_of={"a": a.pk, "b": b.pk})

    row = Suggestion.objects.get(run=run)
    assert written == 1
    assert (row.company_id, row.partner_id, row.rank) == (a.pk, b.pk, 1)
    assert row.score == pytest.approx(0.123457)
    assert row.components == components and row.reasons == reasons
