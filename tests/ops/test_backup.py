"""Backups: the README's pg_dump / pg_restore commands, run for real, and
``export_companies`` as the portable backup of profiles.

The PostgreSQL tests run where the tests run on PostgreSQL (CI); on SQLite they are
skipped, saying why.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from urllib.parse import quote

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from matching.models import MatchRun, Suggestion, SuggestionList
from partners.models import Company, Interest, Match, Membership, User
from tests.factories import CompanyFactory, MembershipFactory, suggestions_make

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump backs up PostgreSQL (CI runs on it)"
)
TABLES = [
    Company._meta.db_table,
    User._meta.db_table,
    Membership._meta.db_table,
    Interest._meta.db_table,
    Match._meta.db_table,
    MatchRun._meta.db_table,
    Suggestion._meta.db_table,
    SuggestionList._meta.db_table,
    "django_migrations",
]


def _url(name: str) -> str:
    settings = connection.settings_dict
    password = f":{quote(settings['PASSWORD'], safe='')}" if settings["PASSWORD"] else ""
    host = settings["HOST"] or "127.0.0.1"
    return f"postgresql://{settings['USER']}{password}@{host}:{settings['PORT'] or 5432}/{name}"


def _counts(url: str) -> dict[str, int]:
    with psycopg2.connect(url) as db, db.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608  (our table names)
            counts[table] = cursor.fetchone()[0]
    db.close()
    return counts


@pytest.fixture
def platform(transactional_db):
    """Committed rows (pg_dump reads from another connection)."""
    a, b, c = (CompanyFactory(key=k, name=f"会社 {k}") for k in "abc")
    owner = MembershipFactory(company=a).user
    Interest.objects.create(sender=a, recipient=b, sent_by=owner, message="ご一緒に")
    Match.objects.create(company_a=a, company_b=b)
    suggestions_make(a, b, c)
    return a


@on_postgresql
def test_the_documented_dump_restores_into_a_new_database(platform, tmp_path):
    for tool in ("pg_dump", "pg_restore", "createdb", "dropdb"):
        assert shutil.which(tool), f"{tool} is not installed (postgresql-client)"
    source = _url(connection.settings_dict["NAME"])
    dump = tmp_path / "kyoso.dump"
    # The README's commands, word for word but for the names.
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--dbname={source}", f"--file={dump}"],
        check=True,
    )
    restored_name = f"{connection.settings_dict['NAME']}_restored"
    restored = _url(restored_name)
    subprocess.run(["dropdb", "--if-exists", f"--maintenance-db={source}", restored_name])
    subprocess.run(["createdb", f"--maintenance-db={source}", restored_name], check=True)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--single-transaction", f"--dbname={restored}", dump],
            check=True,
        )
        assert _counts(restored) == _counts(source)
        with psycopg2.connect(restored) as db, db.cursor() as cursor:
            cursor.execute("SELECT name, goals FROM partners_company WHERE key = 'a'")
            name, goals = cursor.fetchone()
        db.close()
        assert name == "会社 a" and goals == platform.goals  # text and JSON intact
    finally:
        subprocess.run(["dropdb", "--if-exists", f"--maintenance-db={source}", restored_name])


@on_postgresql
def test_restoring_over_the_live_database_brings_back_what_was_lost(platform, tmp_path):
    source = _url(connection.settings_dict["NAME"])
    dump = tmp_path / "kyoso.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--dbname={source}", f"--file={dump}"],
        check=True,
    )
    before = _counts(source)
    Company.objects.filter(key="c").delete()  # an accident after the backup
    assert _counts(source) != before
    connection.close()  # the restore drops and recreates the tables
    subprocess.run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
         f"--dbname={source}", dump],
        check=True,
    )  # fmt: skip
    assert _counts(source) == before
    assert Company.objects.filter(key="c").exists()


@pytest.mark.django_db
def test_export_companies_is_a_portable_backup_of_the_profiles(tmp_path):
    CompanyFactory(key="midori", name="株式会社みどり", goals=["地域の循環型経済をつくる"])
    CompanyFactory(key="blue-harbour", visibility=Company.Visibility.PARTNERS)
    backup = io.StringIO()
    call_command("export_companies", stdout=backup)
    document = json.loads(backup.getvalue())
    assert [c["key"] for c in document["companies"]] == ["blue-harbour", "midori"]

    Company.objects.all().delete()  # lost, and brought back from the file
    path = tmp_path / "companies.json"
    path.write_text(backup.getvalue(), encoding="utf-8")
    call_command("import_companies", str(path), stdout=io.StringIO())
    again = io.StringIO()
    call_command("export_companies", stdout=again)
    assert json.loads(again.getvalue())["companies"] == document["companies"]
