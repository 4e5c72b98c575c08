"""``recompute_matches`` and ``export_suggestions``."""

import json
from io import StringIO
from pathlib import Path

import jsonschema
import pytest
from django.core.management import CommandError, call_command

from matching.models import MatchRun, PhraseEmbedding, SuggestionList
from matching.selectors import suggestions_for_company

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "matching/schemas/suggestions.schema.json").read_text()
)


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_recompute_sync_embeds_missing_phrases_then_runs_in_process(population):
    out, err = run_command("recompute_matches", "--sync")

    run = MatchRun.objects.get()
    assert run.status == MatchRun.Status.COMPLETE
    assert f"Run {run.pk} complete: 8 companies" in out
    assert PhraseEmbedding.objects.exists()
    assert SuggestionList.objects.count() == 8
    assert "Embedding" in err and "Scoring" in err  # progress bars on stderr


def test_recompute_without_sync_enqueues_and_prints_the_run_id(population):
    out, _ = run_command("recompute_matches", "--no-progress")  # eager tasks in tests

    run = MatchRun.objects.get()
    assert out.strip() == str(run.pk)
    run.refresh_from_db()
    assert run.status == MatchRun.Status.COMPLETE


def test_recompute_one_company(population):
    run_command("recompute_matches", "--sync", "--no-progress")

    out, _ = run_command("recompute_matches", "--company", "fibers", "--sync", "--no-progress")

    rescoring = MatchRun.objects.get(kind=MatchRun.Kind.COMPANY)
    assert rescoring.company == population["fibers"]
    assert f"Run {rescoring.pk}:" in out
    assert list(suggestions_for_company(company=population["fibers"]))


def test_recompute_if_missing_starts_nothing_once_suggestions_exist(population):
    run_command("recompute_matches", "--sync", "--no-progress", "--if-missing")

    out, _ = run_command("recompute_matches", "--sync", "--no-progress", "--if-missing")

    assert MatchRun.objects.count() == 1
    assert "no run started" in out


def test_recompute_refuses_an_unknown_company(db):
    with pytest.raises(CommandError, match="nobody"):
        run_command("recompute_matches", "--company", "nobody", "--sync")


def test_export_follows_the_suggestion_format(population):
    run_command("recompute_matches", "--sync", "--no-progress")

    out, _ = run_command("export_suggestions", "--top", "2", "-")

    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    run = MatchRun.objects.get()
    assert document["computed_at"] == run.finished_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    rows = document["suggestions"]
    assert {r["company"] for r in rows} == set(population)
    assert all(r["rank"] in (1, 2) for r in rows)
    first = next(r for r in rows if r["company"] == "fibers" and r["rank"] == 1)
    assert first["partner"] == "retail"
    assert any("moisture-wicking" in reason for reason in first["reasons"])


def test_export_to_a_file(population, tmp_path):
    run_command("recompute_matches", "--sync", "--no-progress")
    path = tmp_path / "suggestions.json"

    run_command("export_suggestions", str(path))

    document = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.validate(document, SCHEMA)
    assert len(document["suggestions"]) == MatchRun.objects.get().suggestions_count


def test_export_refuses_before_anything_was_computed(db):
    with pytest.raises(CommandError, match="No suggestions"):
        run_command("export_suggestions")
