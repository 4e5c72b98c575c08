"""The page address (key): made readable at creation, changed by the owner, and old
addresses leading to the new one for those who may see the company, 404 for others."""

import pytest
from django.urls import reverse
from django.utils import translation

from alliance import kept as kept_answers
from partners.models import Company, CompanyKeyHistory
from partners.services.companies import company_key_change
from tests.factories import CompanyFactory, UserFactory
from tests.partners.profile_data import profile_post

pytestmark = pytest.mark.django_db


def url(name: str, *args, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(f"partners:{name}", args=args)


@pytest.fixture
def company(db):
    return CompanyFactory(key="ymt", name="株式会社ヤマト精密")


def rename(client, owner, company, key):
    client.force_login(owner)
    response = client.post(url("company_key_edit", company.key), {"key": key})
    if response.status_code == 302:
        client.get(response["Location"])  # the confirmation shown, not left for the next page
    return response


# --- Creation ----------------------------------------------------------------------------


def test_a_new_japanese_named_company_gets_a_readable_address(client):
    client.force_login(UserFactory())

    response = client.post(url("company_create"), profile_post(name="株式会社ヤマト精密"))

    assert response["Location"] == url("company_detail", "yamato-seimitsu")
    assert Company.objects.get().key == "yamato-seimitsu"


def test_a_second_company_of_the_same_name_gets_a_suffix(client):
    CompanyFactory(key="yamato-seimitsu")
    client.force_login(UserFactory())

    client.post(url("company_create"), profile_post(name="ヤマト精密株式会社"))

    assert Company.objects.filter(key="yamato-seimitsu-2").exists()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("new", "“new” is reserved for Kyoso&#x27;s own pages."),
        ("Bad Key!", "Use 2 to 64 lowercase letters, digits and hyphens"),
    ],
)
def test_a_chosen_address_at_creation_is_checked(client, key, message):
    client.force_login(UserFactory())

    response = client.post(url("company_create"), profile_post(key=key))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Company.objects.exists()


# --- The owner changes the address --------------------------------------------------------


def test_the_owner_changes_the_address_and_the_old_one_redirects(client, owner, company):
    response = rename(client, owner, company, " Yamato-Seimitsu ")

    assert response["Location"] == url("company_detail", "yamato-seimitsu")
    company.refresh_from_db()
    assert company.key == "yamato-seimitsu"
    old = client.get(url("company_detail", "ymt"))
    assert old.status_code == 301
    assert old["Location"] == url("company_detail", "yamato-seimitsu")


def test_the_owner_is_told_the_new_address(client, owner, company):
    client.force_login(owner)

    response = client.post(url("company_key_edit", company.key), {"key": "yamato"}, follow=True)

    assert (
        "Your company page is now at http://testserver/en/companies/yamato/. "
        "Links to the old address ymt lead there."
    ) in response.content.decode()


def test_the_owner_sees_the_address_page_from_the_company_page(client, owner, company):
    client.force_login(owner)

    html = client.get(url("company_detail", company.key)).content.decode()
    form = client.get(url("company_key_edit", company.key)).content.decode()

    assert f'href="{url("company_key_edit", company.key)}"' in html
    assert 'name="key"' in form and 'value="ymt"' in form
    assert "http://testserver/en/companies/ymt/" in form


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_old_sub_pages_redirect_with_their_query(client, owner, company, outsider, lang):
    rename(client, owner, company, "yamato-seimitsu")
    client.force_login(outsider)

    for name in ("company_detail", "interest_send", "company_report"):
        response = client.get(url(name, "ymt", lang=lang) + "?next=/en/suggestions/")
        assert response.status_code == 301, name
        assert response["Location"] == (
            url(name, "yamato-seimitsu", lang=lang) + "?next=/en/suggestions/"
        )
    client.force_login(owner)
    for name in ("company_edit", "company_key_edit"):
        response = client.get(url(name, "ymt", lang=lang))
        assert (response.status_code, response["Location"]) == (
            301,
            url(name, "yamato-seimitsu", lang=lang),
        )


def test_a_form_sent_to_an_old_address_is_sent_again_to_the_new_one(client, owner, company):
    rename(client, owner, company, "yamato-seimitsu")

    response = client.post(url("company_edit", "ymt"), profile_post())

    assert response.status_code == 308
    assert response["Location"] == url("company_edit", "yamato-seimitsu")


def test_a_plain_member_cannot_change_the_address(client, company, member):
    client.force_login(member)

    assert client.get(url("company_key_edit", company.key)).status_code == 404
    assert client.post(url("company_key_edit", company.key), {"key": "mine"}).status_code == 404
    assert (
        "data-change-address" not in client.get(url("company_detail", company.key)).content.decode()
    )
    company.refresh_from_db()
    assert company.key == "ymt"


def test_an_outsider_cannot_change_the_address(client, company, outsider):
    client.force_login(outsider)

    assert client.post(url("company_key_edit", company.key), {"key": "mine"}).status_code == 404
    company.refresh_from_db()
    assert company.key == "ymt"


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "Enter the new address of your company page."),
        ("new", "“new” is reserved for Kyoso&#x27;s own pages. Choose another address."),
        ("ヤマト", "Use 2 to 64 lowercase letters, digits and hyphens"),
        ("-yamato", "Use 2 to 64 lowercase letters, digits and hyphens"),
        ("x" * 65, "Ensure this value has at most 64 characters"),
        ("taken", "This address is already taken."),
        ("someone-elses-old", "This address is already taken."),
    ],
)
def test_a_refused_address_is_explained_and_nothing_changes(client, owner, company, key, message):
    CompanyFactory(key="taken")
    CompanyKeyHistory.objects.create(company=CompanyFactory(key="someone"), key="someone-elses-old")

    response = rename(client, owner, company, key)

    assert response.status_code == 200
    assert message in response.content.decode()
    company.refresh_from_db()
    assert company.key == "ymt"
    assert not CompanyKeyHistory.objects.filter(company=company).exists()


def test_the_owner_may_take_back_a_former_address(client, owner, company):
    rename(client, owner, company, "yamato-seimitsu")
    rename(client, owner, Company.objects.get(pk=company.pk), "ymt")

    company.refresh_from_db()
    assert company.key == "ymt"
    assert list(CompanyKeyHistory.objects.values_list("key", flat=True)) == ["yamato-seimitsu"]
    assert client.get(url("company_detail", "ymt")).status_code == 200
    old = client.get(url("company_detail", "yamato-seimitsu"))
    assert old["Location"] == url("company_detail", "ymt")


def test_every_former_address_leads_to_the_current_one(client, owner, company):
    rename(client, owner, company, "yamato")
    rename(client, owner, Company.objects.get(pk=company.pk), "yamato-seimitsu")

    for old in ("ymt", "yamato"):
        assert client.get(url("company_detail", old))["Location"] == url(
            "company_detail", "yamato-seimitsu"
        )


# --- Old addresses leak nothing --------------------------------------------------------------


def test_a_hidden_company_is_not_found_through_its_old_address(client, owner, company, outsider):
    rename(client, owner, company, "yamato-seimitsu")
    Company.objects.filter(pk=company.pk).update(visibility=Company.Visibility.HIDDEN)
    client.force_login(outsider)

    for name in ("company_detail", "interest_send", "company_report"):
        old = client.get(url(name, "ymt"))
        missing = client.get(url(name, "never-existed"))
        assert old.status_code == missing.status_code == 404, name
        assert "yamato-seimitsu" not in old.content.decode()


def test_an_old_address_sends_an_anonymous_visitor_to_sign_in_first(client, owner, company):
    rename(client, owner, company, "yamato-seimitsu")
    client.logout()

    response = client.get(url("company_detail", "ymt"))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert "yamato-seimitsu" not in response["Location"]


def test_a_company_s_own_key_wins_over_another_s_former_key(client, owner, company, outsider):
    rename(client, owner, company, "yamato-seimitsu")
    CompanyFactory(key="ymt", name="Imported Later")  # an import may bring any key
    client.force_login(outsider)

    response = client.get(url("company_detail", "ymt"))

    assert response.status_code == 200
    assert "Imported Later" in response.content.decode()


# --- Kept responses ---------------------------------------------------------------------------


def test_a_key_change_makes_kept_responses_stale(owner, company):
    before = kept_answers.versions([kept_answers.PROFILES])

    company_key_change(company=company, key="yamato-seimitsu")

    after = kept_answers.versions([kept_answers.PROFILES])
    assert before != after


def test_the_kept_directory_page_links_to_the_new_address(client, owner, company, outsider):
    client.force_login(outsider)
    client.get(url("directory"))  # sets the CSRF cookie: the page is kept from now on
    assert url("company_detail", "ymt") in client.get(url("directory")).content.decode()

    company_key_change(company=company, key="yamato-seimitsu")

    html = client.get(url("directory")).content.decode()
    assert url("company_detail", "yamato-seimitsu") in html
    assert url("company_detail", "ymt") not in html


def test_staff_see_the_former_keys_on_the_company_s_admin_page(client, company):
    company_key_change(company=company, key="yamato-seimitsu")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    html = client.get(reverse("admin:partners_company_change", args=[company.pk])).content

    assert b"ymt" in html
