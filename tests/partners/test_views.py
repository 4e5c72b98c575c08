import re

import pytest
from django.urls import reverse

from partners.models import Company, Membership
from tests.factories import CompanyFactory, MembershipFactory, UserFactory
from tests.partners.profile_data import profile_post

pytestmark = pytest.mark.django_db


def url(name: str, *args, lang: str = "en") -> str:
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"partners:{name}", args=args)


def page_text(response) -> str:
    return response.content.decode()


@pytest.fixture
def user(db):
    """A signed-up user without a company."""
    return UserFactory()


# --- Home ----------------------------------------------------------------------------------------


def test_home_invites_visitors_to_sign_up_and_log_in(client):
    html = page_text(client.get(url("home")))
    assert 'href="/en/accounts/signup/"' in html
    assert 'href="/en/accounts/login/"' in html
    assert "Find partners from other industries" in html


def test_home_asks_a_user_without_company_to_create_the_profile(client, user):
    client.force_login(user)
    html = page_text(client.get(url("home")))
    assert f'href="{url("company_create")}"' in html
    assert "Create your company profile" in html


def test_home_links_a_member_to_their_company(client, owner, company):
    client.force_login(owner)
    html = page_text(client.get(url("home")))
    assert f'href="{url("company_detail", company.key)}"' in html
    assert f'href="{url("company_edit", company.key)}"' in html
    assert f'href="{url("directory")}"' in html


# --- Creating a profile --------------------------------------------------------------------------


def test_the_create_page_shows_the_empty_profile_form(client, user):
    client.force_login(user)
    response = client.get(url("company_create"))
    assert response.status_code == 200
    html = page_text(response)
    assert 'name="capabilities"' in html
    assert 'src="/static/js/profile-form.js"' in html
    assert '<select name="region"' in html
    assert '<optgroup label="Prefectures of Japan">' in html


def test_creating_a_profile_makes_the_creator_its_owner(client, user):
    client.force_login(user)
    response = client.post(url("company_create"), profile_post(key="sato-textile"))
    company = Company.objects.get(key="sato-textile")
    assert response.status_code == 302
    assert response["Location"] == url("company_detail", "sato-textile")
    membership = Membership.objects.get(company=company)
    assert (membership.user, membership.role) == (user, Membership.Role.OWNER)
    assert company.capabilities == ["吸湿発熱ポリエステル", "小ロット染色"]
    assert company.goals == ["機能性衣料を10年で日常品にする"]
    assert company.strengths == ["operations", "technology_development"]
    assert "吸湿発熱ポリエステル" in company.search_text


def test_creating_a_profile_without_a_key_derives_one(client, user):
    client.force_login(user)
    response = client.post(url("company_create"), profile_post(name="Mori Foods"))
    company = Company.objects.get()
    assert company.key == "mori-foods"
    assert response["Location"] == url("company_detail", "mori-foods")


def test_creating_then_shows_a_confirmation(client, user):
    client.force_login(user)
    response = client.post(url("company_create"), profile_post(), follow=True)
    assert "Your company profile has been created." in page_text(response)


def test_a_refused_profile_is_shown_again_with_everything_typed(client, user):
    client.force_login(user)
    response = client.post(
        url("company_create"),
        profile_post(capabilities=["吸湿発熱ポリエステル", "x" * 201], region="Atlantis"),
    )
    assert response.status_code == 200
    assert not Company.objects.exists()
    html = page_text(response)
    assert "Capability 2 is longer than 200 characters (it has 201)." in html
    assert 'value="吸湿発熱ポリエステル"' in html
    assert 'value="' + "x" * 201 + '"' in html
    assert '<option value="Atlantis" selected>Atlantis</option>' in html
    assert "Please correct the 2 problems below." in html


def test_the_contact_phone_is_stored_in_international_format_and_linked(client, user):
    client.force_login(user)
    client.post(url("company_create"), profile_post(key="sato-textile"))  # "03-1234-5678"
    company = Company.objects.get(key="sato-textile")
    assert company.contact_phone == "+81 3-1234-5678"
    html = page_text(client.get(url("company_detail", "sato-textile")))
    assert '<a href="tel:+81-3-1234-5678">+81 3-1234-5678</a>' in html


def test_invisible_text_and_a_phone_that_is_not_a_number_are_refused(client, user):
    client.force_login(user)
    response = client.post(
        url("company_create"),
        profile_post(name="\u200b\u3000", goals=["\u2060", ""], contact_phone="電話してね"),
    )
    assert response.status_code == 200
    assert not Company.objects.exists()
    html = page_text(response)
    assert "Company name must contain visible text" in html
    assert "Long-term goals must contain visible text" in html
    assert "“電話してね” is not a phone number we can read." in html
    assert 'value="電話してね"' in html  # kept as typed, to correct


def test_a_user_with_a_company_is_sent_to_it_instead_of_creating_another(client, owner, company):
    client.force_login(owner)
    assert client.get(url("company_create"))["Location"] == url("company_detail", company.key)
    response = client.post(url("company_create"), profile_post(key="second-company"))
    assert response["Location"] == url("company_detail", company.key)
    assert not Company.objects.filter(key="second-company").exists()


# --- Editing -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["owner", "member"])
def test_members_can_edit_the_profile(client, request, company, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        url("company_edit", company.key),
        profile_post(
            name="新しい社名", needs=["海外の販路", "", "海外の販路"], visibility="hidden"
        ),
    )
    assert response["Location"] == url("company_detail", company.key)
    company.refresh_from_db()
    assert company.name == "新しい社名"
    assert company.needs == ["海外の販路"]
    assert company.visibility == "hidden"
    assert "新しい社名" in company.search_text


def test_the_edit_page_starts_from_the_saved_profile(client, owner, company):
    client.force_login(owner)
    html = page_text(client.get(url("company_edit", company.key)))
    assert f'value="{company.name}"' in html
    assert 'value="moisture-wicking fabric"' in html
    assert '<option value="13" selected>' in html
    assert 'name="key"' not in html


def test_editing_cannot_change_the_key(client, owner, company):
    client.force_login(owner)
    client.post(url("company_edit", company.key), profile_post(key="stolen-key"))
    company.refresh_from_db()
    assert company.key != "stolen-key"


# --- Company page --------------------------------------------------------------------------------


def test_the_company_page_shows_the_profile_with_translated_names(client, outsider):
    company = CompanyFactory(
        industry="C",
        industry_division="13",
        region="JP-13",
        employees=4800,
        founded=1926,
        strengths=["operations"],
        seeks=["marketing_sales"],
        capabilities=["吸湿発熱ポリエステル"],
        needs=["量販アパレルとの共同開発"],
        goals=["機能性衣料を日常品にする"],
    )
    client.force_login(outsider)
    html = page_text(client.get(url("company_detail", company.key)))
    assert "C — Manufacturing" in html
    assert "13 — Manufacture of textiles" in html
    assert "Tokyo (JP-13)" in html
    assert "4,800" in html
    assert "1926" in html
    assert "Operations" in html
    assert "Marketing and sales" in html
    assert "吸湿発熱ポリエステル" in html
    assert "量販アパレルとの共同開発" in html
    assert "機能性衣料を日常品にする" in html


def test_the_company_page_shows_contact_details_and_edit_link_to_members(client, member, company):
    client.force_login(member)
    html = page_text(client.get(url("company_detail", company.key)))
    assert company.contact_email in html
    assert company.contact_name in html
    assert f'href="{url("company_edit", company.key)}"' in html


def test_the_company_page_marks_the_text_language(client, owner, company):
    company.language = "ja"
    company.save()
    client.force_login(owner)
    assert '<article class="company" lang="ja">' in page_text(
        client.get(url("company_detail", company.key, lang="en"))
    )


# --- Directory -----------------------------------------------------------------------------------


@pytest.fixture
def reader(client, user):
    """A signed-in user without a company of their own (nothing else in the directory)."""
    client.force_login(user)
    return client


def listed(response) -> list[str]:
    """Names of the companies on a directory page, in order."""
    card_title = r'<h2 class="card__title"[^>]*><a href="[^"]+">([^<]+)</a>'
    return re.findall(card_title, page_text(response))


def test_the_directory_lists_only_listed_companies(reader):
    CompanyFactory(name="Listed Co")
    CompanyFactory(name="Partners Only Co", visibility="partners")
    CompanyFactory(name="Hidden Co", visibility="hidden")
    names = listed(reader.get(url("directory")))
    assert "Listed Co" in names
    assert "Partners Only Co" not in names
    assert "Hidden Co" not in names


def test_the_directory_filters_by_industry(reader):
    CompanyFactory(name="Textiles", industry="C", industry_division="13")
    CompanyFactory(name="Software", industry="J", industry_division="62")
    assert listed(reader.get(url("directory"), {"industry": "J"})) == ["Software"]


def test_the_directory_filters_by_value_chain_activity(reader):
    CompanyFactory(name="Maker", strengths=["operations"])
    CompanyFactory(name="Seller", strengths=["marketing_sales"], seeks=["operations"])
    assert listed(reader.get(url("directory"), {"activity": "operations"})) == ["Maker"]


def test_the_directory_filters_by_country_or_prefecture(reader):
    CompanyFactory(name="Tokyo Co", region="JP-13")
    CompanyFactory(name="Osaka Co", region="JP-27")
    CompanyFactory(name="Berlin Co", region="DE")
    assert listed(reader.get(url("directory"), {"region": "jp-13"})) == ["Tokyo Co"]
    assert listed(reader.get(url("directory"), {"region": "JP"})) == ["Osaka Co", "Tokyo Co"]


def test_the_directory_finds_japanese_text_in_every_part_of_the_profile(reader):
    CompanyFactory(name="Name hit 株式会社森田")
    CompanyFactory(name="Capability hit", capabilities=["高機能繊維の加工"])
    CompanyFactory(name="Need hit", needs=["繊維の販路"])
    CompanyFactory(name="Goal hit", goals=["繊維を日常へ"])
    CompanyFactory(name="Description hit", description="伝統的な繊維産業")
    CompanyFactory(name="No hit", capabilities=["発酵技術"])
    names = listed(reader.get(url("directory"), {"q": "繊維"}))
    assert names == ["Capability hit", "Description hit", "Goal hit", "Need hit"]
    assert listed(reader.get(url("directory"), {"q": "森田"})) == ["Name hit 株式会社森田"]


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("ＩｏＴセンサー", "iot"),  # full-width Latin in the profile, half-width query
        ("IoTセンサー", "ＩＯＴ"),  # and the other way round
        ("センサー開発", "ｾﾝｻｰ"),  # half-width katakana query
        ("ｾﾝｻｰ開発", "センサー"),  # half-width katakana in the profile
        ("第２工場", "第2工場"),  # full-width digits
    ],
)
def test_the_directory_search_ignores_character_width_and_case(reader, stored, query):
    CompanyFactory(name="Match", capabilities=[stored])
    CompanyFactory(name="Other", capabilities=["木材加工"])
    assert listed(reader.get(url("directory"), {"q": query})) == ["Match"]


def test_every_word_of_the_query_must_match(reader):
    CompanyFactory(name="Both", capabilities=["繊維", "東京の工場"])
    CompanyFactory(name="One", capabilities=["繊維"])
    # The ideographic space separates words like an ordinary one.
    assert listed(reader.get(url("directory"), {"q": "繊維　東京"})) == ["Both"]


def test_the_directory_combines_filters(reader):
    CompanyFactory(name="Right", industry="C", region="JP-13", capabilities=["繊維"])
    CompanyFactory(name="Wrong region", industry="C", region="JP-27", capabilities=["繊維"])
    CompanyFactory(
        name="Wrong industry",
        industry="J",
        industry_division="",
        region="JP-13",
        capabilities=["繊維"],
    )
    response = reader.get(url("directory"), {"q": "繊維", "industry": "C", "region": "JP-13"})
    assert listed(response) == ["Right"]
    assert "1 company matches your filters." in page_text(response)


def test_the_directory_shows_the_result_count(reader):
    CompanyFactory.create_batch(3)
    assert "3 companies are listed." in page_text(reader.get(url("directory")))


def test_the_directory_paginates_and_keeps_the_filters(reader, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    for n in range(5):
        CompanyFactory(name=f"Fibre {n}", capabilities=["繊維"])
    CompanyFactory(name="Food", capabilities=["発酵"])
    first = reader.get(url("directory"), {"q": "繊維", "industry": "C"})
    assert listed(first) == ["Fibre 0", "Fibre 1"]
    html = page_text(first)
    assert "5 companies match your filters." in html
    assert "Page 1 of 3" in html
    next_link = re.search(r'<a class="button button--secondary" rel="next" href="([^"]+)"', html)
    assert next_link
    href = next_link.group(1).replace("&amp;", "&")
    assert "industry=C" in href and "page=2" in href and "q=%E7%B9%8A%E7%B6%AD" in href
    second = reader.get(url("directory") + href)
    assert listed(second) == ["Fibre 2", "Fibre 3"]
    assert 'rel="prev"' in page_text(second)


def test_a_page_number_out_of_range_shows_the_last_page(reader, settings):
    settings.DIRECTORY_PAGE_SIZE = 2
    for n in range(3):
        CompanyFactory(name=f"Co {n}")
    assert listed(reader.get(url("directory"), {"page": "99"})) == ["Co 2"]
    assert listed(reader.get(url("directory"), {"page": "abc"})) == ["Co 0", "Co 1"]


def test_the_directory_says_honestly_when_nothing_matches(reader):
    CompanyFactory(capabilities=["繊維"])
    html = page_text(reader.get(url("directory"), {"q": "宇宙ロケット"}))
    assert "0 companies match your filters." in html
    assert "No listed company matches these filters." in html


def test_the_empty_directory_explains_why_it_is_empty(client, user):
    client.force_login(user)
    html = page_text(client.get(url("directory")))
    assert "No company is listed yet." in html


def test_an_invalid_region_filter_is_explained_not_applied(reader):
    CompanyFactory(name="Any")
    response = reader.get(url("directory"), {"region": "Atlantis"})
    assert listed(response) == ["Any"]
    assert "“Atlantis” is not a region Kyoso knows." in page_text(response)


def test_the_directory_industry_filter_uses_translated_names(reader):
    html = page_text(reader.get(url("directory")))
    assert '<input type="text" name="industry"' in html
    assert '<option value="Manufacturing" label="C"></option>' in html
    assert '<option value="Tokyo" label="JP-13"></option>' in html
    assert '<option value="technology_development">Technology development</option>' in html
    assert 'label="T"' not in html and 'label="U"' not in html
    html = page_text(reader.get(url("directory", lang="ja")))
    assert '<option value="製造業" label="C"></option>' in html
    assert '<option value="東京都" label="JP-13"></option>' in html


@pytest.mark.parametrize(
    ("industry", "region"),
    [
        ("製造業", "大阪"),
        ("Manufacturing", "Osaka"),
        ("ｍａｎｕｆａｃｔｕｒｉｎｇ", "大阪府大阪市北区"),
    ],
)
def test_the_directory_filters_by_names(reader, industry, region):
    CompanyFactory(name="Osaka Works", industry="C", region="JP-27")
    CompanyFactory(name="Tokyo Works", industry="C", region="JP-13")
    CompanyFactory(name="Osaka Shop", industry="G", region="JP-27")
    response = reader.get(url("directory"), {"industry": industry, "region": region})
    assert listed(response) == ["Osaka Works"]
    # What was typed stays in the boxes.
    assert f'value="{region}"' in page_text(response)


# --- Languages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("name", ["home", "directory", "company_create"])
def test_pages_render_in_both_languages(client, user, lang, name):
    client.force_login(user)
    response = client.get(url(name, lang=lang))
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in page_text(response)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_company_pages_render_in_both_languages(client, owner, company, lang):
    client.force_login(owner)
    for name in ("company_detail", "company_edit"):
        response = client.get(url(name, company.key, lang=lang))
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in page_text(response)


@pytest.mark.parametrize("path", ["/ja/accounts/login/", "/en/accounts/signup/"])
def test_account_pages_use_the_site_layout(client, path):
    html = page_text(client.get(path))
    assert 'class="language-switcher"' in html
    assert 'class="auth-card"' in html


def switcher_forms(html: str) -> dict[str, str]:
    """language -> the ``next`` its switcher form sends, checking each posts to set_language."""
    forms = re.findall(
        r'<form action="([^"]+)" method="post">\s*<input type="hidden" name="csrfmiddlewaretoken"'
        r'[^>]*>\s*<input type="hidden" name="next" value="([^"]+)">\s*'
        r'<input type="hidden" name="language" value="([a-z]+)">',
        html,
    )
    assert {action for action, _next, _lang in forms} == {"/i18n/setlang/"}
    return {lang: next_url.replace("&amp;", "&") for _action, next_url, lang in forms}


def test_the_language_switcher_posts_to_set_language_with_the_current_page(client, user):
    client.force_login(user)
    html = page_text(client.get(url("directory"), {"q": "繊維", "page": "1"}))
    assert switcher_forms(html) == {
        "ja": "/ja/companies/?q=%E7%B9%8A%E7%B6%AD&page=1",
        "en": "/en/companies/?q=%E7%B9%8A%E7%B6%AD&page=1",
    }
    assert '<button type="submit" lang="en" aria-current="true">English</button>' in html
    assert '<button type="submit" lang="ja">日本語</button>' in html


@pytest.mark.parametrize("browser_language", ["en", "ja", "fr"])
@pytest.mark.parametrize(("page_lang", "target"), [("en", "ja"), ("ja", "en")])
def test_switching_language_keeps_the_page_whatever_the_browser_language(
    client, owner, company, browser_language, page_lang, target
):
    client.force_login(owner)
    page = url("company_edit", company.key, lang=page_lang)
    html = page_text(client.get(page, HTTP_ACCEPT_LANGUAGE=browser_language))
    next_url = switcher_forms(html)[target]
    response = client.post(
        "/i18n/setlang/",
        {"language": target, "next": next_url},
        HTTP_ACCEPT_LANGUAGE=browser_language,
    )
    assert response.status_code == 302
    assert response["Location"] == url("company_edit", company.key, lang=target)
    followed = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=browser_language)
    assert f'<html lang="{target}">' in page_text(followed)


def test_the_switcher_works_on_the_account_pages(client):
    html = page_text(client.get("/ja/accounts/login/?next=/ja/companies/"))
    assert switcher_forms(html)["en"] == "/en/accounts/login/?next=/ja/companies/"


def test_the_header_shows_the_right_navigation(client, owner, company):
    html = page_text(client.get(url("home")))
    assert "Sign in" in html and "Sign up" in html and "Sign out" not in html
    client.force_login(owner)
    html = page_text(client.get(url("home")))
    assert "Sign out" in html
    assert f'href="{url("company_detail", company.key)}"' in html


def test_a_member_of_another_company_sees_its_own_company_in_the_header(client):
    membership = MembershipFactory(role="member")
    client.force_login(membership.user)
    html = page_text(client.get(url("directory")))
    assert f'href="{url("company_detail", membership.company.key)}"' in html
