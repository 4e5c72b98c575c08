"""A new user signs up, verifies the address, creates a Japanese profile, edits it and
finds it in the directory with a Japanese query."""

import re

import pytest

from partners.models import Company, Membership
from tests.browser.test_suggestions_journey import signed_in
from tests.factories import CompanyFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EMAIL = "hanako@sato-textile.example"
PASSWORD = "kinou-sen-i-2025!"


def sign_up_and_verify(page, live_server, mailoutbox, screenshot):
    page.goto(f"{live_server.url}/en/")
    screenshot("01-home-en")
    page.get_by_role("link", name="Sign up for free").click()
    page.get_by_label("Email").fill(EMAIL)
    page.locator("#id_password1").fill(PASSWORD)  # "Password" is also part of "Password (again)"
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("I agree to the Terms of use and the Privacy policy.").check()
    screenshot("02-signup-en")
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()
    screenshot("03-verification-sent-en")

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(link)
    screenshot("04-confirm-email-en")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(lambda address: "confirm-email" not in address)
    if page.get_by_role("button", name="Sign In").count():  # not logged in by the link
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign In").click()
    page.get_by_role("button", name="Sign out").wait_for()


def fill_list(page, field: str, add_label: str, items: list[str]) -> None:
    """Type the items into an editable list, adding a row before each further item."""
    rows = page.locator(f"#id_{field}_field [data-phrase-row]")
    for n, text in enumerate(items):
        if n:
            page.get_by_role("button", name=add_label).click()
        rows.nth(n).locator("input, textarea").fill(text)


def create_profile(page, screenshot):
    page.get_by_role("link", name="Create your company profile").first.click()
    page.get_by_role("heading", name="Create your company profile").wait_for()
    page.get_by_label("Company name").fill("佐藤テキスタイル株式会社")
    page.get_by_label("Address of the company page").fill("sato-textile")
    page.get_by_label("Japanese").check()
    page.get_by_label("Industry (ISIC section)").select_option("C")
    # The script offers only the divisions of the chosen section.
    assert page.locator("#id_industry_division optgroup").count() == 1
    page.get_by_label("Industry division").select_option("13")
    # The region is a list of prefectures, then countries, named in English here.
    page.get_by_label("Region").select_option(label="Tokyo")
    page.get_by_label("Employees").fill("120")
    page.get_by_label("Year founded").fill("1952")
    page.get_by_label("Description").fill("吸湿発熱素材を開発する、創業七十年の繊維メーカーです。")
    page.get_by_label("Operations").first.check()
    page.locator("#id_strengths_field").get_by_label("Technology development").check()
    page.locator("#id_seeks_field").get_by_label("Marketing and sales").check()
    fill_list(page, "capabilities", "Add a capability", ["吸湿発熱ポリエステル", "小ロット染色"])
    # Enter in an item starts the next one instead of sending the form.
    page.locator("#id_capabilities_1").press("Enter")
    page.locator("#id_capabilities_2").fill("ＩｏＴ対応スマートテキスタイル")
    fill_list(page, "needs", "Add a need", ["量販アパレルとの共同開発", "海外の販路"])
    fill_list(page, "goals", "Add a goal", ["機能性衣料を10年で日常品にする"])
    page.get_by_label("Contact person").fill("佐藤花子")
    page.get_by_label("Contact e-mail").fill(EMAIL)
    screenshot("05-profile-form-en")
    page.get_by_role("button", name="Create company profile").click()
    page.get_by_role("heading", name="佐藤テキスタイル株式会社").wait_for()
    screenshot("06-company-page-en")


def edit_profile(page, screenshot):
    page.get_by_role("link", name="Edit profile").click()
    page.get_by_role("heading", name="Edit company profile").wait_for()
    # Remove the second capability; what was typed in the others stays.
    page.get_by_role("button", name="Remove capability 2").click()
    assert page.locator("#id_capabilities_1").input_value() == "ＩｏＴ対応スマートテキスタイル"
    page.get_by_role("button", name="Add a capability").click()
    page.locator("#id_capabilities_field [data-phrase-row]").last.locator("input").fill("抗菌加工")
    page.get_by_label("Description").fill("吸湿発熱素材と抗菌加工の繊維メーカーです。")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Your changes have been saved.").wait_for()
    screenshot("07-company-page-edited-en")


def find_in_directory(page, live_server, screenshot):
    page.get_by_role("link", name="Directory", exact=True).click()
    # Half-width katakana and Latin query, stored in full width: found all the same.
    page.get_by_label("Search").fill("iot ﾃｷｽﾀｲﾙ")
    page.get_by_role("button", name="Search").click()
    page.get_by_text("1 company matches your filters.").wait_for()
    assert page.get_by_role("link", name="佐藤テキスタイル株式会社").count() == 1
    screenshot("08-directory-search-en")


def test_a_new_member_creates_edits_and_finds_a_japanese_profile(
    page, live_server, mailoutbox, screenshot
):
    CompanyFactory(name="Mori Foods", capabilities=["発酵技術"], industry="C", region="JP-27")
    sign_up_and_verify(page, live_server, mailoutbox, screenshot)
    create_profile(page, screenshot)
    edit_profile(page, screenshot)
    find_in_directory(page, live_server, screenshot)

    company = Company.objects.get(key="sato-textile")
    assert company.region == "JP-13"
    assert company.capabilities == [
        "吸湿発熱ポリエステル",
        "ＩｏＴ対応スマートテキスタイル",
        "抗菌加工",
    ]
    assert company.needs == ["量販アパレルとの共同開発", "海外の販路"]
    assert company.memberships.get().role == Membership.Role.OWNER

    # The same pages in Japanese, through the language switcher.
    page.locator(".language-switcher").get_by_role("button", name="日本語").click()
    page.wait_for_url(re.compile(r"/ja/companies/\?q="))
    assert page.locator("html").get_attribute("lang") == "ja"
    screenshot("09-directory-search-ja")
    page.goto(f"{live_server.url}/ja/companies/sato-textile/edit/")
    screenshot("10-profile-form-ja")
    page.goto(f"{live_server.url}/ja/companies/sato-textile/")
    screenshot("11-company-page-ja")


def test_a_japanese_named_company_gets_a_readable_address_its_owner_can_change(
    page, live_server, screenshot
):
    """In Japanese: the address is made from the name (romanised, without 株式会社), the
    owner changes it, and the old address leads to the new one."""
    from tests.browser.test_suggestions_journey import signed_in

    signed_in(page, live_server, UserFactory(verified=True))
    page.goto(f"{live_server.url}/ja/new-company/")
    page.locator("#id_name").fill("株式会社ヤマト精密")
    page.locator("form.profile-form input[name=language][value=ja]").check()
    page.locator("#id_industry").select_option("C")
    page.locator("input[name=strengths][value=operations]").check()
    page.locator("#id_capabilities_0").fill("精密切削加工")
    page.locator("#id_needs_0").fill("海外の販路")
    page.locator("#id_goals_0").fill("町工場の技術を世界に届ける")
    page.locator("form.profile-form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ja/companies/yamato-seimitsu/")
    page.get_by_role("heading", name="株式会社ヤマト精密").wait_for()
    screenshot("12-readable-address-ja")

    page.locator("a[data-change-address]").click()
    page.get_by_role("heading", name="企業ページのアドレス").wait_for()
    page.get_by_label("企業ページのアドレス").fill("yamato")
    screenshot("13-change-address-ja")
    page.get_by_role("button", name="アドレスを変更").click()
    page.wait_for_url(f"{live_server.url}/ja/companies/yamato/")
    page.get_by_text(
        "古いアドレス yamato-seimitsu へのリンクもこのページにつながります。"
    ).wait_for()
    screenshot("14-address-changed-ja")

    page.goto(f"{live_server.url}/ja/companies/yamato-seimitsu/")
    assert page.url == f"{live_server.url}/ja/companies/yamato/"
    assert Company.objects.get().key == "yamato"


def test_a_japanese_member_chooses_a_prefecture_and_a_japanese_industry_name(
    page, live_server, screenshot
):
    CompanyFactory(name="大阪発酵工業", industry="C", region="JP-27", capabilities=["発酵技術"])
    CompanyFactory(name="浪速商事", industry="G", region="JP-27")
    CompanyFactory(name="東京精機", industry="C", region="JP-13")
    signed_in(page, live_server, UserFactory())
    page.goto(f"{live_server.url}/ja/new-company/")
    page.get_by_label("企業名").fill("株式会社ヤマト精密")
    if page.locator("#id_key").count():
        page.locator("#id_key").fill("yamato-seimitsu")
    industry = page.get_by_label("業種（ISIC 大分類）")
    # JSIC-style Japanese names; households (T) and extraterritorial bodies (U) are not offered.
    assert industry.locator("option", has_text="卸売業，小売業").count() == 1
    assert industry.locator('option[value="T"], option[value="U"]').count() == 0
    industry.select_option(label="C — 製造業")
    page.get_by_label("業種の中分類").select_option("28")
    region = page.get_by_label("地域", exact=True)
    assert region.locator("optgroup").first.get_attribute("label") == "日本の都道府県"
    region.select_option(label="大阪府")
    page.locator("#id_strengths_field").get_by_label("製造・オペレーション").check()
    page.locator("#id_capabilities_0").fill("精密切削加工")
    page.locator("#id_needs_0").fill("海外の販路")
    page.locator("#id_goals_0").fill("町工場の技術を世界に届ける")
    screenshot("15-profile-form-prefecture-industry-ja")
    page.get_by_role("button", name="企業プロフィールを作成").click()
    page.get_by_role("heading", name="株式会社ヤマト精密").wait_for()
    assert page.get_by_text("大阪府 (JP-27)").count() >= 1
    assert page.get_by_text("C — 製造業").count() == 1
    screenshot("16-company-page-prefecture-industry-ja")

    company = Company.objects.get(name="株式会社ヤマト精密")
    assert (company.region, company.industry, company.industry_division) == ("JP-27", "C", "28")

    # The directory's filters read names typed in Japanese.
    page.goto(f"{live_server.url}/ja/companies/")
    page.get_by_label("業種", exact=True).fill("製造業")
    page.get_by_label("地域", exact=True).fill("大阪")
    page.get_by_role("button", name="検索").click()
    page.wait_for_url(lambda address: "industry=" in address)
    names = page.locator(".cards h2, .cards h3").all_inner_texts()
    assert sorted(n.strip() for n in names) == ["大阪発酵工業", "株式会社ヤマト精密"]
    assert page.get_by_label("地域", exact=True).input_value() == "大阪"
    screenshot("17-directory-filtered-by-names-ja")
