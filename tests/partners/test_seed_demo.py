"""Demo data: varied, valid, deterministic companies, and two demo logins."""

import io
import re
from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.urls import reverse

from partners.exchange import FORMAT
from partners.exchange.validation import document_problems
from partners.keys import base_key
from partners.models import KEY_PATTERN, Company, Membership, User
from partners.reference import ISIC_SECTIONS, VALUE_CHAIN_ACTIVITIES
from partners.services.demo import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    PARTNER_EMAIL,
    STAFF_EMAIL,
    demo_company_records,
)
from tests.factories import CompanyFactory


def records(count, seed=1):
    return list(demo_company_records(count=count, seed=seed))


def seed_demo(*args):
    out = io.StringIO()
    call_command("seed_demo", *args, "--no-progress", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_same_seed_gives_the_same_companies():
    assert records(120, seed=5) == records(120, seed=5)


def test_different_seeds_give_different_companies():
    assert records(50, seed=1) != records(50, seed=2)


def test_a_longer_run_starts_with_the_companies_of_a_shorter_one():
    assert records(300)[:40] == records(40)


def test_generated_companies_are_valid_records_of_the_format():
    generated = records(400, seed=9)

    assert document_problems({"format": FORMAT, "companies": generated}) == []
    assert [r["key"] for r in generated[:2]] == [
        "kyousou-seimitsu-kougyou",
        "harbour-bridge-trading",
    ]
    assert len({r["key"] for r in generated}) == 400


def test_demo_keys_are_readable_romanisations_of_the_names():
    for record in records(200):
        key, name = record["key"], record["name"]
        assert re.fullmatch(KEY_PATTERN, key), name
        assert not key.startswith("company-"), name  # something readable remained
        assert re.sub(r"-\d+$", "", key) == base_key(name), name
    japanese = {r["name"]: r["key"] for r in records(60) if r["language"] == "ja"}
    assert len(japanese) > 10
    assert all(key.isascii() and key != "company" for key in japanese.values())


def test_a_name_given_twice_gets_a_suffixed_key():
    generated = records(1000)
    keys = [r["key"] for r in generated]
    names = Counter(r["name"] for r in generated)
    twice = next(name for name, count in names.items() if count > 1)
    first, second = [r["key"] for r in generated if r["name"] == twice][:2]

    assert len(set(keys)) == len(keys)
    assert second == f"{first}-2"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_two_hundred_companies_cover_every_section_and_activity(seed):
    generated = records(200, seed=seed)

    assert {r["industry"] for r in generated} == set(ISIC_SECTIONS)
    strengths = {a for r in generated for a in r["value_chain"]["strengths"]}
    seeks = {a for r in generated for a in r["value_chain"].get("seeks", [])}
    assert strengths == seeks == set(VALUE_CHAIN_ACTIVITIES)


def test_about_half_the_companies_write_in_japanese():
    languages = Counter(r["language"] for r in records(1000))

    assert 400 < languages["ja"] < 600
    assert languages["ja"] + languages["en"] == 1000


def test_japanese_companies_are_in_japan_and_english_ones_around_the_world():
    generated = [r for r in records(600) if "region" in r]

    assert all(r["region"].startswith("JP-") for r in generated if r["language"] == "ja")
    countries = {r["region"][:2] for r in generated if r["language"] == "en"}
    assert {"US", "GB", "DE", "FR", "SG", "TW", "KR", "CA", "JP"} <= countries


def test_texts_are_written_in_the_company_language():
    for record in records(100):
        text = record["name"] + "".join(record["capabilities"])
        has_kana_or_kanji = any("\u3040" <= ch <= "\u9fff" for ch in text)
        assert has_kana_or_kanji == (record["language"] == "ja"), record["name"]


def test_optional_fields_are_sometimes_left_out_like_in_real_files():
    generated = records(500)

    for field in ("industry_division", "employees", "founded", "description"):
        assert 0 < sum(field in r for r in generated) < 500, field


@pytest.mark.django_db
def test_seed_demo_creates_the_companies_and_is_idempotent():
    assert "30 created" in seed_demo("--companies", "30", "--seed", "4")
    before = list(Company.objects.order_by("key").values_list("key", "name", "updated_at"))

    assert "30 unchanged" in seed_demo("--companies", "30", "--seed", "4")

    assert list(Company.objects.order_by("key").values_list("key", "name", "updated_at")) == before
    assert Company.objects.get(key="kyousou-seimitsu-kougyou").search_text != ""


@pytest.mark.django_db
def test_if_empty_does_nothing_when_companies_exist():
    CompanyFactory(key="someone")

    out = seed_demo("--companies", "30", "--with-users", "--if-empty")

    assert "no demo data added" in out
    assert list(Company.objects.values_list("key", flat=True)) == ["someone"]
    assert not User.objects.exists()


@pytest.mark.django_db
def test_if_empty_seeds_an_empty_database():
    seed_demo("--companies", "12", "--if-empty")

    assert Company.objects.count() == 12


@pytest.mark.django_db
def test_demo_users_own_companies_of_different_industries_and_are_not_duplicated():
    seed_demo("--companies", "30", "--with-users")
    seed_demo("--companies", "30", "--with-users")

    demo, partner = User.objects.get(email=DEMO_EMAIL), User.objects.get(email=PARTNER_EMAIL)
    assert User.objects.count() == 3  # and the staff login, a member of no company
    assert User.objects.get(is_staff=True).email == STAFF_EMAIL
    assert not User.objects.get(email=STAFF_EMAIL).companies.exists()
    assert [c.key for c in demo.companies.all()] == ["kyousou-seimitsu-kougyou"]
    [partner_company] = partner.companies.all()
    assert partner_company.industry != demo.companies.get().industry
    assert Membership.objects.filter(role=Membership.Role.OWNER).count() == 2
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 3


@pytest.mark.django_db
def test_demo_users_can_log_in(client):
    seed_demo("--companies", "30", "--with-users")

    assert client.login(email=DEMO_EMAIL, password=DEMO_PASSWORD)
    client.logout()
    assert client.login(email=PARTNER_EMAIL, password=DEMO_PASSWORD)
    client.logout()
    assert client.login(email=STAFF_EMAIL, password=DEMO_PASSWORD)
    assert client.get("/en/dashboard/").status_code == 200
    assert client.get(reverse("admin:partners_report_changelist")).status_code == 200


@pytest.mark.django_db
def test_demo_users_get_past_the_login_form_with_a_verified_address(client):
    seed_demo("--companies", "30", "--with-users")

    response = client.post(
        reverse("account_login"), {"login": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert "confirm-email" not in response["Location"]
    assert response.wsgi_request.user.email == DEMO_EMAIL


@pytest.mark.django_db
def test_a_demo_password_changed_since_is_kept():
    seed_demo("--companies", "30", "--with-users")
    user = User.objects.get(email=DEMO_EMAIL)
    user.set_password("a-new-password-123")
    user.save()

    seed_demo("--companies", "30", "--with-users")

    user.refresh_from_db()
    assert user.check_password("a-new-password-123")


@pytest.mark.django_db
def test_with_users_needs_two_companies():
    with pytest.raises(CommandError, match="at least 2"):
        seed_demo("--companies", "1", "--with-users")
