"""From a suggestion to an alliance, in a real browser, in Japanese and in English.

Company A (a parts maker) finds B (a trading house) among its suggested
partners, with the reasons, and expresses interest with a message; B, in a
browser of its own, sees the unread notification in the header and the
interest with the message, and expresses interest back: a match. Both now see
each other's contact details, on the match page and on the company page, and
did not before. A proposes an alliance, B accepts, and the alliance shows on
both company pages. Both members sign in through the real login page.
Screenshots go to ``artifacts/cocreation-<language>-*.png``.

The expected texts are taken from the catalogue of the page's language (so a
reworded translation does not break the journey), and the Japanese journey
checks that they are translated at all.
"""

import re
from datetime import date

import pytest
from django.utils import translation

from matching import embeddings
from matching.selectors import suggestions_for_company
from matching.services import match_run_start, match_run_sync, phrases_embed_missing
from partners.models import Alliance, Interest, Match
from tests.browser.conftest import ARTIFACTS
from tests.factories import NEXT_YEAR, CompanyFactory, MembershipFactory

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # the factories' password

FILLERS = [
    # key, name, section, division, capabilities, needs, goals
    ("farm", "Green Valley Farm", "A", "01", ["organic vegetables grown all year"],
     ["refrigerated delivery of fresh produce"], ["cut food waste"]),
    ("cold-chain", "Polar Logistics", "H", "49", ["refrigerated delivery of fresh produce"],
     ["organic vegetables grown all year"], ["cut food waste"]),
    ("clinic", "Sakura Clinic", "Q", "86", ["clinical studies with elderly patients"],
     ["demand forecasting software for hospitals"], ["better care for an ageing society"]),
    ("software", "Forecast Labs", "J", "62", ["demand forecasting software for hospitals"],
     ["clinical studies with elderly patients"], ["better care for an ageing society"]),
    ("hotel", "Onsen Hotel", "I", "55", ["hotel rooms for tour groups"],
     ["tour operators abroad"], ["revive tourism in rural towns"]),
]  # fmt: skip

GOAL = "bring precision machined parts from regional makers to the world"
MAKER_EMAIL = "hello@maker.example"
TRADER_EMAIL = "sales@harbour.example"

JOURNEYS = {
    "en": {
        "maker": "Maker Precision",
        "trader": "Harbour Trading",
        "message": "We make the parts your customers need.",
        "conditions": "Costs and results shared equally.",
    },
    "ja": {
        "maker": "精密工業株式会社",
        "trader": "ハーバー商事株式会社",
        "message": "御社の欧州のお客様が必要とする部品を製造しています。",
        "conditions": "費用と成果は折半とする。",
    },
}


def t(lang: str, message: str, **params) -> str:
    """``message`` as the pages in ``lang`` show it; in Japanese it must be translated."""
    with translation.override(lang):
        text = translation.gettext(message)
    if lang != "en":
        assert text != message, f"not translated into {lang}: {message!r}"
    return text % params if params else text


def build_pair(names: dict[str, str]):
    """A and B, written to answer each other, among a few unrelated companies; a full run."""
    for key, name, section, division, caps, needs, goals in FILLERS:
        CompanyFactory(key=key, name=name, industry=section, industry_division=division,
                       description=f"{name}: {caps[0]}.", capabilities=caps, needs=needs,
                       goals=goals)  # fmt: skip
    maker = CompanyFactory(
        key="maker", name=names["maker"], industry="C", industry_division="28",
        description="A machine shop of forty people making precision parts in small lots.",
        capabilities=["precision machined metal parts and prototypes"],
        needs=["overseas sales channel for machined metal parts"],
        goals=[GOAL], strengths=["operations"], seeks=["marketing_sales"],
        contact_email=MAKER_EMAIL,
    )  # fmt: skip
    trader = CompanyFactory(
        key="trader", name=names["trader"], industry="G", industry_division="46",
        description="A trading house selling Japanese industrial goods across Europe.",
        capabilities=["overseas sales channel for machined metal parts in Europe"],
        needs=["precision machined metal parts for European machine builders"],
        goals=[GOAL], strengths=["marketing_sales"], seeks=["operations"],
        contact_email=TRADER_EMAIL,
    )  # fmt: skip
    a = MembershipFactory(company=maker).user
    b = MembershipFactory(company=trader).user
    phrases_embed_missing()
    match_run_sync(run=match_run_start())
    # Each is among the other's suggestions before any browser starts.
    assert "trader" in [s.partner.key for s in suggestions_for_company(company=maker)]
    assert "maker" in [s.partner.key for s in suggestions_for_company(company=trader)]
    return maker, trader, a, b


def new_page(browser, lang: str):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="ja-JP" if lang == "ja" else "en-US"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def sign_in(page, base: str, lang: str, email: str) -> None:
    """Through the real login page, with e-mail and password."""
    page.goto(f"{base}/{lang}/accounts/login/")
    assert page.locator("html").get_attribute("lang") == lang
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    page.locator("form[action*='/accounts/logout/']").wait_for()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def open_company(page, base: str, lang: str, key: str, name: str):
    """Open a company page; returns its contact panel once the page is there."""
    page.goto(f"{base}/{lang}/companies/{key}/")
    page.locator("h1.company__name", has_text=name).wait_for()
    return page.locator("section.contact")


def assert_contact_hidden(page, base, lang, key, name, email) -> None:
    contact = open_company(page, base, lang, key, name)
    hidden = "Contact details are shared once both companies have expressed interest in each other."
    assert t(lang, hidden) in contact.inner_text()
    assert contact.locator("[data-contact-details]").count() == 0
    assert email not in page.content()


def assert_contact_shown(page, base, lang, key, name, email) -> None:
    contact = open_company(page, base, lang, key, name)
    assert email in contact.locator("[data-contact-details]").inner_text()
    shown = "You see these details because both companies expressed interest in each other."
    assert t(lang, shown) in contact.inner_text()


def unread(page) -> int:
    """The number of unread notifications the header shows (0 when it shows none)."""
    badge = page.locator("[data-testid=unread-count]")
    if not badge.count():
        return 0
    return int(re.search(r"(\d+)\s*$", badge.inner_text()).group(1))


def open_notification(page, text: str) -> None:
    """Open the notifications from the header and follow the (unread) one saying ``text``."""
    page.locator("a.nav-notifications").click()
    page.wait_for_url("**/notifications/")
    row = page.locator(".notification--unread", has_text=text)
    assert row.count() == 1
    row.locator("button.notification__open").click()


@pytest.fixture
def lexical(settings):
    settings.MATCHING_EMBEDDER = "lexical"
    embeddings._process_embedder.cache_clear()
    yield
    embeddings._process_embedder.cache_clear()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_from_a_suggestion_to_an_alliance(lang, browser, live_server, lexical):
    texts = JOURNEYS[lang]
    maker, trader, a, b = build_pair(texts)
    base = live_server.url
    errors = []
    page_a, page_b = new_page(browser, lang), new_page(browser, lang)
    for page in (page_a, page_b):
        page.on("pageerror", lambda error: errors.append(error))
    try:
        # A signs in and finds B among its suggestions, with the reasons both ways.
        sign_in(page_a, base, lang, a.email)
        page_a.goto(f"{base}/{lang}/suggestions/")
        card = page_a.locator("#suggestion-trader")
        card.wait_for()
        assert texts["trader"] in card.locator(".suggestion__name").inner_text()
        why = card.locator("section.why").first
        assert why.locator(".why__title").inner_text() == t(lang, "Why them for you")
        assert why.locator(".reasons li").count() >= 1
        assert "overseas sales channel" in why.inner_text()  # the companies' own words
        shot(page_a, f"cocreation-{lang}-01-suggestions")

        # No contact details before a match.
        assert_contact_hidden(page_a, base, lang, "trader", texts["trader"], TRADER_EMAIL)

        # A expresses interest from the card, with a message.
        page_a.goto(f"{base}/{lang}/suggestions/")
        card.locator("summary", has_text=t(lang, "Express interest")).click()
        card.locator("textarea[name=message]").fill(texts["message"])
        card.get_by_role("button", name=t(lang, "Send interest")).click()
        state = page_a.locator("#suggestion-trader .interest-state")
        state.wait_for()
        assert state.inner_text().strip() == t(lang, "Interest sent: waiting for their answer.")
        assert unread(page_a) == 0

        # B, in a browser of its own, is told in the header and finds the interest.
        sign_in(page_b, base, lang, b.email)
        assert unread(page_b) == 1
        assert_contact_hidden(page_b, base, lang, "maker", texts["maker"], MAKER_EMAIL)
        open_notification(
            page_b, t(lang, "%(name)s is interested in your company.", name=texts["maker"])
        )
        page_b.wait_for_url("**/interests/?box=received")
        assert unread(page_b) == 0  # read now
        interest = page_b.locator("[data-interest]", has_text=texts["maker"])
        assert interest.locator(".card__title").inner_text() == t(
            lang, "%(name)s is interested in you", name=texts["maker"]
        )
        assert interest.locator("blockquote.message").inner_text() == texts["message"]
        shot(page_b, f"cocreation-{lang}-02-interest-received")

        # B expresses interest back: a match, with A's contact details.
        interest.get_by_role("button", name=t(lang, "Express interest back")).click()
        page_b.wait_for_url("**/matches/*/")
        page_b.locator(".messages").get_by_text(
            t(
                lang,
                "It's a match: %(company)s is interested too. You can now see each other's "
                "contact details.",
                company=texts["maker"],
            )
        ).wait_for()
        assert MAKER_EMAIL in page_b.locator("[data-contact-details]").inner_text()
        assert_contact_shown(page_b, base, lang, "maker", texts["maker"], MAKER_EMAIL)
        match = Match.objects.get()
        assert Interest.objects.filter(status=Interest.Status.MUTUAL).count() == 2

        # A is told of the match and sees B's contact details, on the match page (reached
        # through the notification) and on the company page.
        assert_contact_shown(page_a, base, lang, "trader", texts["trader"], TRADER_EMAIL)
        assert unread(page_a) == 1
        told = "It's a match with %(name)s: you can now see each other's contact details."
        open_notification(page_a, t(lang, told, name=texts["trader"]))
        page_a.wait_for_url(f"**/{lang}/matches/{match.pk}/")
        assert TRADER_EMAIL in page_a.locator("[data-contact-details]").inner_text()

        # A proposes an alliance: the shared goal chosen, a start, a duration, conditions.
        page_a.locator("#id_propose-goal_choice").select_option(GOAL)
        page_a.locator("#id_propose-value_chain_change").fill(
            "Harbour sells what Maker makes; Maker builds to European specifications."
        )
        page_a.locator("#id_propose-starts_on").fill(f"{NEXT_YEAR}-04-01")
        page_a.locator("#id_propose-duration_months").fill("12")
        page_a.locator("#id_propose-conditions").fill(texts["conditions"])
        page_a.get_by_role("button", name=t(lang, "Send the proposal")).click()
        proposal = page_a.locator("section[aria-labelledby=open-proposal]")
        proposal.wait_for()
        assert GOAL in proposal.inner_text()
        assert texts["conditions"] in proposal.inner_text()

        # B is told of the proposal and accepts it; the match page shows the agreed alliance.
        open_notification(page_b, t(lang, "%(name)s proposed an alliance.", name=texts["maker"]))
        page_b.wait_for_url(f"**/{lang}/matches/{match.pk}/")
        offered = page_b.locator("section[aria-labelledby=open-proposal]")
        assert texts["conditions"] in offered.inner_text()
        offered.get_by_role("button", name=t(lang, "Accept the alliance")).click()
        agreed = page_b.locator("section.panel--success")
        agreed.get_by_role("heading", name=t(lang, "Alliance agreed")).wait_for()
        assert GOAL in agreed.inner_text()
        assert agreed.locator(f"time[datetime='{NEXT_YEAR}-04-01']").count() == 1
        assert page_b.locator("section[aria-labelledby=open-proposal]").count() == 0
        shot(page_b, f"cocreation-{lang}-03-alliance")

        # The alliance shows on both company pages, to both members.
        alliance = Alliance.objects.get()
        assert (alliance.shared_goal, alliance.starts_on) == (GOAL, date(NEXT_YEAR, 4, 1))
        assert alliance.conditions == texts["conditions"]
        for page in (page_a, page_b):
            for key in ("trader", "maker"):
                open_company(page, base, lang, key, texts[key])
                section = page.locator("section[aria-labelledby=alliances-title]")
                assert section.locator("h2").inner_text() == t(lang, "Alliances")
                listed = section.locator(f"[data-alliance='{alliance.pk}']")
                assert listed.locator(".alliance__goal").inner_text() == GOAL
                partners = listed.locator(".alliance__partners").inner_text()
                assert texts["maker"] in partners and texts["trader"] in partners
        shot(page_b, f"cocreation-{lang}-04-company-page-alliance")  # A's page, seen by B
    finally:
        page_a.context.close()
        page_b.context.close()
    assert errors == []
