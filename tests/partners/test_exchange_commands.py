"""The management commands import_companies and export_companies."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from partners.models import Company
from tests.factories import CompanyFactory, CompanyRecordFactory

ROOT = Path(__file__).resolve().parents[2]
SMALL_FILE = Path(__file__).parent / "data" / "companies_small.json"

pytestmark = pytest.mark.django_db


def run(name, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command(name, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_reports_what_it_created_and_updated(contract_file):
    acme, beta = CompanyRecordFactory(key="acme"), CompanyRecordFactory(key="beta")
    run("import_companies", str(contract_file(acme, beta)))

    path = contract_file({**acme, "name": "Renamed"}, beta, CompanyRecordFactory(key="gamma"))
    out, err = run("import_companies", str(path))

    assert out.strip() == "1 created, 1 updated, 1 unchanged."
    assert err == ""  # no progress bar when stderr is not a terminal


def test_import_reads_standard_input(monkeypatch):
    stdin = io.TextIOWrapper(io.BytesIO(SMALL_FILE.read_bytes()), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)

    out, _err = run("import_companies", "-")

    assert out.strip() == "5 created, 0 updated, 0 unchanged."
    assert Company.objects.get(key="aozora-textiles").name == "青空テキスタイル株式会社"


def test_a_refused_file_fails_the_command_listing_each_problem(contract_file):
    path = contract_file(
        CompanyRecordFactory(key="acme", industry_division="62"),
        CompanyRecordFactory(key="beta", capabilities=[]),
    )

    with pytest.raises(CommandError) as refused:
        run("import_companies", str(path))

    message = str(refused.value)
    assert "refused (2 problems); nothing was imported" in message
    assert (
        'companies[0] (key "acme"): industry_division: division 62 belongs to section J' in message
    )
    assert 'companies[1] (key "beta"): capabilities: must list at least 1 item' in message
    assert refused.value.returncode == 1
    assert not Company.objects.exists()


def test_a_long_list_of_problems_is_cut_at_max_errors(contract_file):
    path = contract_file(*(CompanyRecordFactory(language="fr") for _ in range(5)))

    with pytest.raises(CommandError) as refused:
        run("import_companies", str(path), "--max-errors", "2")

    assert str(refused.value).count("language: must be one of") == 2
    assert "... and 3 more" in str(refused.value)


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.json"):
        run("import_companies", str(tmp_path / "missing.json"))


def test_invalid_json_is_reported(contract_file):
    path = contract_file(text="{not json")

    with pytest.raises(CommandError, match="document: not valid JSON"):
        run("import_companies", str(path))


def test_export_writes_the_document_to_standard_output():
    CompanyFactory(key="acme", name="青空")

    out, err = run("export_companies")

    document = json.loads(out)
    assert [c["name"] for c in document["companies"]] == ["青空"]
    assert err.strip() == "1 company exported."


def test_export_writes_a_file(tmp_path):
    CompanyFactory(key="acme")
    path = tmp_path / "out.json"

    out, _err = run("export_companies", str(path), "--indent", "2")

    assert out.strip() == "1 company exported."
    assert json.loads(path.read_text(encoding="utf-8"))["companies"][0]["key"] == "acme"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_export_mentions_companies_it_left_out():
    CompanyFactory(key="half-done", needs=[])

    _out, err = run("export_companies")

    assert "1 company left out, its profile is incomplete: half-done" in err


def test_the_command_exits_non_zero_on_a_refused_file(tmp_path):
    # A real process: the exit code and the message a shell user sees.
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "alliance-companies/1", "companies": [{"key": "x"}]}')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "alliance.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }

    done = subprocess.run(
        [sys.executable, "manage.py", "import_companies", str(bad), "--no-progress"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 1
    assert "CommandError: The file was refused" in done.stderr
    assert "companies[0]: key: must be 2 to 64" in done.stderr
    assert "companies[0]: name: is required" in done.stderr


@pytest.mark.parametrize(
    "app, name",
    [
        ("partners", "import_companies"),
        ("partners", "export_companies"),
        ("partners", "seed_demo"),
        ("matching", "recompute_matches"),
        ("matching", "export_suggestions"),
    ],
)
def test_command_help_renders(app, name):
    from django.core.management import load_command_class

    command = load_command_class(app, name)
    assert name in command.create_parser("manage.py", name).format_help()


def test_a_deeply_nested_file_is_refused_with_a_message(contract_file):
    path = contract_file(text='{"companies": ' + "[" * 50_000 + "]" * 50_000 + "}")

    with pytest.raises(CommandError, match="nested more than 32 levels deep"):
        run("import_companies", str(path))
