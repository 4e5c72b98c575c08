import pytest
from django.utils import timezone, translation

from partners.forms import CompanyProfileForm, DirectoryFilterForm
from tests.factories import CompanyFactory
from tests.partners.profile_data import as_querydict, profile_post

pytestmark = pytest.mark.django_db


def bound_form(company=None, **overrides) -> CompanyProfileForm:
    return CompanyProfileForm(as_querydict(profile_post(**overrides)), company=company)


def errors_of(form: CompanyProfileForm, field: str) -> list[str]:
    assert not form.is_valid()
    return form.errors[field]


# --- A complete profile --------------------------------------------------------------


def test_it_accepts_a_complete_japanese_profile():
    form = bound_form()
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["name"] == "佐藤テキスタイル株式会社"
    assert data["employees"] == 120
    assert data["founded"] == 1952
    assert data["strengths"] == ["operations", "technology_development"]
    assert data["capabilities"] == ["吸湿発熱ポリエステル", "小ロット染色"]


def test_it_accepts_a_profile_with_only_the_required_fields():
    form = bound_form(
        industry_division="",
        region="",
        employees="",
        founded="",
        description="",
        seeks=[],
        contact_name="",
        contact_email="",
        contact_phone="",
        website="",
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["employees"] is None
    assert form.cleaned_data["seeks"] == []


@pytest.mark.parametrize("field", ["name", "industry", "language", "visibility"])
def test_it_requires_the_basic_fields(field):
    form = bound_form(**{field: ""})
    assert errors_of(form, field)


# --- Industry ---------------------------------------------------------------------------


def test_it_refuses_a_division_outside_the_chosen_section():
    form = bound_form(industry="J", industry_division="13")
    assert errors_of(form, "industry_division") == [
        "Division 13 is not part of industry J. Choose one of its divisions, or none."
    ]
    assert "industry" not in form.errors


def test_it_accepts_a_division_inside_the_chosen_section():
    form = bound_form(industry="J", industry_division="62")
    assert form.is_valid(), form.errors


def test_it_refuses_an_unknown_division():
    form = bound_form(industry_division="34")
    assert errors_of(form, "industry_division")


def test_the_division_select_is_grouped_by_section_with_translated_names():
    html = str(CompanyProfileForm()["industry_division"])
    assert '<optgroup label="C — Manufacturing">' in html
    assert '<option value="13">13 — Manufacture of textiles</option>' in html


def test_the_industries_offered_are_named_jsic_style_in_japanese_without_t_and_u():
    with translation.override("ja"):
        html = str(CompanyProfileForm()["industry"]) + str(
            CompanyProfileForm()["industry_division"]
        )
    assert '<option value="C">C — 製造業</option>' in html
    assert '<option value="G">G — 卸売業，小売業</option>' in html
    assert 'value="T"' not in html and 'value="U"' not in html
    assert 'value="97"' not in html and 'value="99"' not in html
    with translation.override("en"):
        html = str(CompanyProfileForm()["industry"])
    assert '<option value="C">C — Manufacturing</option>' in html
    assert 'value="T"' not in html and 'value="U"' not in html


def test_a_member_cannot_choose_households_or_extraterritorial_bodies():
    assert errors_of(bound_form(industry="T", industry_division=""), "industry")
    assert errors_of(bound_form(industry="U", industry_division=""), "industry")


def test_a_company_set_to_t_by_staff_keeps_it_when_its_profile_is_edited():
    company = CompanyFactory(industry="T", industry_division="97")
    form = CompanyProfileForm(company=company)
    assert 'value="T" selected' in str(form["industry"])
    assert 'value="U"' not in str(form["industry"])
    assert 'value="97" selected' in str(form["industry_division"])
    form = bound_form(company=company, industry="T", industry_division="97")
    assert form.is_valid(), form.errors


def test_an_industry_name_sent_instead_of_the_letter_is_read():
    form = bound_form(industry="製造業")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["industry"] == "C"


# --- Region, numbers, description ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"), [("jp-13", "JP-13"), (" jp ", "JP"), ("us-ca", "US-CA")]
)
def test_it_upper_cases_the_region(typed, stored):
    # A number with its country code: a national one would be read in the region's country.
    form = bound_form(region=typed, contact_phone="+81 3-1234-5678")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["region"] == stored


@pytest.mark.parametrize("typed", ["Atlantis", "JPN", "JP-1234", "J", "大阪市北区", "東京タワー"])
def test_it_refuses_a_region_it_cannot_read_saying_what_it_expects(typed):
    form = bound_form(region=typed)
    assert errors_of(form, "region") == [
        f"“{typed}” is not a region Kyoso knows. Type a prefecture or a country, e.g. "
        "東京都, Osaka or Germany, an address that starts with its prefecture, or a code "
        "such as JP-13."
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("東京都大田区", "JP-13"),
        ("〒144-0052 東京都大田区蒲田5-1", "JP-13"),
        ("大阪", "JP-27"),
        ("大阪府", "JP-27"),
        ("Osaka Prefecture", "JP-27"),
        ("ｏｓａｋａ", "JP-27"),
        ("北海道", "JP-01"),
        ("Germany", "DE"),
        ("ドイツ", "DE"),
    ],
)
def test_it_reads_a_region_name_or_address_and_stores_its_code(typed, stored):
    # An international phone: a national one would be read as a number of the region.
    form = bound_form(region=typed, contact_phone="+81 3-1234-5678")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["region"] == stored


def test_the_region_is_a_list_of_prefectures_then_countries_in_the_page_language():
    with translation.override("ja"):
        html = str(CompanyProfileForm()["region"])
    assert html.index('<optgroup label="日本の都道府県">') < html.index(
        '<optgroup label="国・地域">'
    )
    assert '<option value="JP-13">東京都</option>' in html
    assert '<option value="JP-27">大阪府</option>' in html
    assert '<option value="DE">ドイツ</option>' in html
    with translation.override("en"):
        html = str(CompanyProfileForm()["region"])
    assert '<option value="JP-13">Tokyo</option>' in html
    assert '<option value="DE">Germany</option>' in html


def test_a_stored_region_outside_the_list_stays_chosen():
    html = str(CompanyProfileForm(company=CompanyFactory(region="US-CA"))["region"])
    assert '<option value="US-CA" selected>US-CA</option>' in html
    html = str(CompanyProfileForm(company=CompanyFactory(region="JP-40"))["region"])
    assert '<option value="JP-40" selected>' in html


def test_it_refuses_negative_numbers():
    form = bound_form(employees="-1", founded="-5")
    assert not form.is_valid()
    assert "employees" in form.errors
    assert "founded" in form.errors


def test_it_refuses_a_founding_year_in_the_future():
    next_year = timezone.now().year + 1
    form = bound_form(founded=str(next_year))
    assert errors_of(form, "founded") == [
        f"The founding year cannot be in the future (after {next_year - 1})."
    ]


def test_it_accepts_a_company_founded_this_year():
    form = bound_form(founded=str(timezone.now().year))
    assert form.is_valid(), form.errors


def test_it_refuses_a_description_longer_than_5000_characters():
    assert bound_form(description="あ" * 5000).is_valid()
    assert errors_of(bound_form(description="あ" * 5001), "description")


def test_it_adds_https_to_a_website_without_scheme():
    form = bound_form(website="sato-textile.example")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["website"] == "https://sato-textile.example"


# --- Value chain -----------------------------------------------------------------------------


def test_it_requires_at_least_one_strength():
    form = bound_form(strengths=[])
    assert errors_of(form, "strengths") == [
        "Choose at least one activity your company is strong in."
    ]


def test_it_refuses_an_unknown_activity():
    form = bound_form(seeks=["sales_magic"])
    assert errors_of(form, "seeks")


def test_every_activity_checkbox_carries_its_explanation():
    from django.template.loader import render_to_string

    html = render_to_string(
        "partners/includes/activity_choices.html", {"field": CompanyProfileForm()["strengths"]}
    )
    assert html.count('type="checkbox"') == 9
    assert 'aria-describedby="id_strengths_0_help"' in html
    assert "Receiving, storing and handling the inputs" in html


# --- Editable lists ---------------------------------------------------------------------------


def test_it_drops_blank_items_trims_whitespace_and_removes_duplicates():
    form = bound_form(
        capabilities=["  小ロット染色 ", "", "吸湿発熱素材", "小ロット染色", "   ", "吸湿発熱素材 "]
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["capabilities"] == ["小ロット染色", "吸湿発熱素材"]


def test_duplicates_differing_only_in_width_or_case_count_as_one():
    form = bound_form(needs=["ＥＣ販路", "EC販路", "ec販路"])
    assert form.is_valid(), form.errors
    assert form.cleaned_data["needs"] == ["ＥＣ販路"]


def test_it_keeps_the_order_of_the_items():
    form = bound_form(goals=["三つ目", "一つ目", "二つ目"])
    assert form.is_valid()
    assert form.cleaned_data["goals"] == ["三つ目", "一つ目", "二つ目"]


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("capabilities", "Add at least one capability."),
        ("needs", "Add at least one need."),
        ("goals", "Add at least one long-term goal."),
    ],
)
def test_each_list_needs_at_least_one_item(field, message):
    form = bound_form(**{field: ["", "  "]})
    assert errors_of(form, field) == [message]


def test_the_error_names_the_capability_that_is_too_long():
    form = bound_form(capabilities=["短い", "", "x" * 201])
    assert errors_of(form, "capabilities") == [
        "Capability 3 is longer than 200 characters (it has 201)."
    ]


def test_a_capability_of_exactly_200_characters_is_accepted():
    assert bound_form(capabilities=["x" * 200]).is_valid()


def test_every_item_that_is_too_long_is_named():
    form = bound_form(needs=["n" * 250, "ok", "n" * 300])
    assert errors_of(form, "needs") == [
        "Need 1 is longer than 200 characters (it has 250).",
        "Need 3 is longer than 200 characters (it has 300).",
    ]


def test_goals_may_be_sentences_of_up_to_500_characters():
    assert bound_form(goals=["g" * 500]).is_valid()
    form = bound_form(goals=["g" * 501])
    assert errors_of(form, "goals") == ["Goal 1 is longer than 500 characters (it has 501)."]


def test_it_refuses_more_than_30_capabilities():
    form = bound_form(capabilities=[f"能力{i}" for i in range(31)])
    assert errors_of(form, "capabilities") == ["List at most 30 capabilities (there are 31)."]


def test_it_refuses_more_than_10_goals():
    form = bound_form(goals=[f"目標{i}" for i in range(11)])
    assert errors_of(form, "goals") == ["List at most 10 goals (there are 11)."]


def test_a_refused_form_gives_back_every_item_as_typed():
    typed = ["一つ目", "", "y" * 201, "四つ目"]
    form = bound_form(capabilities=typed)
    assert not form.is_valid()
    rows = form["capabilities"].rows
    assert [row.value for row in rows[:4]] == typed
    assert [row.invalid for row in rows[:4]] == [False, False, True, False]
    assert rows[2].label == "Capability 3"
    assert rows[2].id == "id_capabilities_2"


def test_the_list_offers_blank_inputs_for_browsers_without_javascript():
    form = CompanyProfileForm(company=CompanyFactory(capabilities=["a", "b"]))
    rows = form["capabilities"].rows
    assert [row.value for row in rows] == ["a", "b", "", ""]


def test_an_empty_list_offers_at_least_one_input():
    rows = CompanyProfileForm()["needs"].rows
    assert rows and all(row.value == "" for row in rows)


def test_blank_inputs_do_not_pile_up_when_the_form_is_sent_back():
    form = bound_form(capabilities=["a", "", "", ""], name="")
    assert not form.is_valid()
    assert [row.value for row in form["capabilities"].rows] == ["a", "", ""]


# --- Key, creation and editing ------------------------------------------------------------------


def test_the_key_is_optional_when_creating():
    form = bound_form(key="")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["key"] == ""


def test_it_lower_cases_a_chosen_key():
    form = bound_form(key="Sato-Textile")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["key"] == "sato-textile"


@pytest.mark.parametrize("key", ["-sato", "s", "sato textile", "佐藤"])
def test_it_refuses_an_invalid_or_reserved_key(key):
    assert errors_of(bound_form(key=key), "key")


def test_it_refuses_a_key_already_taken():
    CompanyFactory(key="sato-textile")
    assert errors_of(bound_form(key="sato-textile"), "key") == ["This address is already taken."]


def test_the_edit_form_starts_from_the_company_and_has_no_key():
    company = CompanyFactory(name="Mori Foods", capabilities=["fermentation"])
    form = CompanyProfileForm(company=company)
    assert "key" not in form.fields
    assert form["name"].value() == "Mori Foods"
    assert form["capabilities"].value() == ["fermentation"]


def test_a_new_profile_defaults_to_the_language_of_the_page_and_to_listed():
    from django.utils import translation

    with translation.override("ja"):
        form = CompanyProfileForm()
    assert form["language"].value() == "ja"
    assert form["visibility"].value() == "listed"


# --- Directory filters -------------------------------------------------------------------------


def test_the_directory_filters_map_to_the_selector_arguments():
    form = DirectoryFilterForm(
        {"q": "繊維", "industry": "C", "activity": "operations", "region": "jp-13"}
    )
    assert form.filters() == {
        "text": "繊維",
        "industry": "C",
        "activity": "operations",
        "region": "JP-13",
    }


def test_an_invalid_filter_is_reported_and_ignored():
    form = DirectoryFilterForm({"q": "繊維", "region": "Atlantis", "industry": "Z"})
    assert form.filters() == {"text": "繊維"}
    assert "region" in form.errors
    assert "industry" in form.errors


@pytest.mark.parametrize(
    ("industry", "region", "expected"),
    [
        ("製造業", "大阪", {"industry": "C", "region": "JP-27"}),
        ("manufacturing", "東京都大田区", {"industry": "C", "region": "JP-13"}),
        ("卸売業，小売業", "Osaka Prefecture", {"industry": "G", "region": "JP-27"}),
        ("小売", "japan", {"industry": "G", "region": "JP"}),
        ("c", "jp-13", {"industry": "C", "region": "JP-13"}),
        ("T", "", {"industry": "T"}),  # not offered, still a valid filter
    ],
)
def test_the_directory_filters_read_names(industry, region, expected):
    assert DirectoryFilterForm({"industry": industry, "region": region}).filters() == expected


def test_an_unknown_industry_name_is_explained():
    form = DirectoryFilterForm({"industry": "宇宙開発業"})
    assert form.filters() == {}
    assert form.errors["industry"] == [
        "“宇宙開発業” is not an industry Kyoso knows. Type its name, e.g. 製造業 or "
        "Manufacturing, or its ISIC section letter, e.g. C."
    ]


def test_an_empty_directory_form_filters_nothing():
    assert DirectoryFilterForm().filters() == {}
    assert DirectoryFilterForm({"page": "2"}).filters() == {}


# --- Invisible text and phone numbers (issue #16) ----------------------------------------------

ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u3000"


def test_a_name_of_invisible_characters_is_refused_naming_the_field():
    form = bound_form(name=ZERO_WIDTH)
    assert errors_of(form, "name") == [
        "Company name must contain visible text: spaces and invisible characters such as "
        "zero-width spaces do not count."
    ]


@pytest.mark.parametrize(
    ("field", "label"),
    [("capabilities", "Capabilities"), ("needs", "Needs"), ("goals", "Long-term goals")],
)
def test_a_list_of_only_invisible_items_is_refused_naming_the_field(field, label):
    form = bound_form(**{field: ["\u200b", "\ufeff\u3000", ""]})
    assert errors_of(form, field) == [
        f"{label} must contain visible text: spaces and invisible characters such as "
        "zero-width spaces do not count."
    ]


def test_invisible_characters_are_trimmed_from_the_edges_of_texts():
    form = bound_form(
        name="\ufeff佐藤テキスタイル\u200b",
        description="\u3000説明\u2060",
        goals=["\u200b機能性衣料を日常品に\u3000", "\u200b", "機能性衣料を日常品に"],
    )
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert (data["name"], data["description"]) == ("佐藤テキスタイル", "説明")
    assert data["goals"] == ["機能性衣料を日常品に"]  # the blank item dropped, the repeat too


@pytest.mark.parametrize(
    ("typed", "region", "stored"),
    [
        ("03-1234-5678", "JP-13", "+81 3-1234-5678"),
        ("+81 3-1234-5678", "JP-13", "+81 3-1234-5678"),
        ("090 1234 5678", "", "+81 90-1234-5678"),  # no region: Japan
        ("(212) 555-0100", "US", "+1 212-555-0100"),  # a national number of the region
        ("+44 20 7946 0958", "JP-27", "+44 20 7946 0958"),
        ("", "JP-13", ""),  # optional
    ],
)
def test_the_contact_phone_is_stored_in_international_format(typed, region, stored):
    form = bound_form(contact_phone=typed, region=region)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["contact_phone"] == stored


def test_a_contact_phone_that_is_not_a_number_is_refused():
    form = bound_form(contact_phone="電話してね")
    assert errors_of(form, "contact_phone") == [
        "Contact phone: “電話してね” is not a phone number we can read. Enter a number such "
        "as +81 3-1234-5678, or a national number such as 03-1234-5678 (read as a number "
        "of Japan (JP))."
    ]


def test_a_japanese_national_number_is_refused_for_a_company_abroad():
    form = bound_form(contact_phone="03-1234-5678", region="US-CA")
    assert "United States (US)" in errors_of(form, "contact_phone")[0]
