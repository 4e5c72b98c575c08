"""A member's home page: what waits for them, each kind counted, the newest few linked."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from partners.services import cocreation
from tests.factories import CompanyFactory, MembershipFactory, UserFactory, suggestions_make

pytestmark = pytest.mark.django_db
HOME = "/en/"


def terms() -> dict:
    return {
        "shared_goal": "A shared goal",
        "starts_on": date.today() + timedelta(days=30),
        "duration_months": 6,
    }


def block(html: str, name: str) -> str:
    """The home page's block ``name``: from its start to the next block's or the list's end."""
    start = html.index(f'data-waiting="{name}"')
    rest = html[start + 1 :]
    ends = [rest.find(mark) for mark in ('data-waiting="', "</section>") if mark in rest]
    return html[start : start + 1 + min(ends)]


def count_of(html: str, name: str) -> int:
    return int(re.search(r'<span class="waiting__count">(\d+)</span>', block(html, name)).group(1))


def partner(name: str, **fields):
    fields.setdefault("industry", "G")  # another industry: shown by default
    return CompanyFactory(name=name, **fields)


@pytest.fixture
def ours():
    return CompanyFactory(key="ours", name="Ours Textiles")


@pytest.fixture
def me(ours):
    return MembershipFactory(company=ours).user


@pytest.fixture
def home(client, me):
    client.force_login(me)
    return lambda: client.get(HOME).content.decode()


def owner_of(company):
    return MembershipFactory(company=company).user


def match_with(ours, me, other):
    cocreation.interest_send(user=me, sender=ours, recipient=other)
    cocreation.interest_send(user=owner_of(other), sender=other, recipient=ours)
    return cocreation.match_between(ours, other)


def test_a_visitor_still_gets_the_landing_page(client, db):
    html = client.get(HOME).content.decode()

    assert "Find partners from other industries" in html
    assert 'data-testid="waiting"' not in html


def test_a_member_without_a_company_is_guided_to_create_one(client, db):
    client.force_login(UserFactory())

    html = client.get(HOME).content.decode()

    assert 'data-testid="create-company"' in html
    assert 'href="/en/new-company/"' in html
    assert 'data-testid="waiting"' not in html


def test_nothing_waiting_says_so_and_points_to_the_suggestions(home):
    html = home()

    assert "Nothing waits for you" in html
    nothing = html[html.index('data-testid="nothing-waits"') :]
    assert 'href="/en/suggestions/"' in nothing[: nothing.index("</div>")]


def test_each_kind_of_waiting_thing_is_counted_and_linked(home, ours, me):
    shop, lab, admirer, wanted, mate, proposer, asked = (
        partner(n) for n in ("Shop", "Lab", "Admirer", "Wanted", "Mate", "Proposer", "Asked")
    )
    suggestions_make(ours, shop, lab)
    received = cocreation.interest_send(user=owner_of(admirer), sender=admirer, recipient=ours)
    cocreation.interest_send(user=me, sender=ours, recipient=wanted)
    idle = match_with(ours, me, mate)
    theirs = match_with(ours, me, proposer)
    proposal = cocreation.proposal_create(
        user=owner_of(proposer), match=theirs, company=proposer, data=terms()
    )
    mine = match_with(ours, me, asked)
    cocreation.proposal_create(user=me, match=mine, company=ours, data=terms())  # theirs to answer

    html = home()

    assert "Nothing waits for you" not in html
    assert count_of(html, "suggestions") == 2
    assert f'href="/en/suggestions/#suggestion-{shop.key}"' in block(html, "suggestions")
    assert count_of(html, "received") == 1
    assert "Admirer" in block(html, "received") and received.status == "pending"
    assert 'href="/en/interests/?box=received"' in block(html, "received")
    assert count_of(html, "sent") == 1
    assert f'href="/en/companies/{wanted.key}/"' in block(html, "sent")
    assert count_of(html, "matches") == 1  # proposals were made on the two others
    assert f'href="/en/matches/{idle.pk}/"' in block(html, "matches")
    assert ">Mate<" in block(html, "matches")
    assert count_of(html, "proposals") == 1  # ours waits for Asked, not for us
    assert f'href="/en/matches/{theirs.pk}/"' in block(html, "proposals")
    assert "Proposer (version 1)" in block(html, "proposals")
    assert proposal.status == "open"


def test_answered_interests_no_longer_wait(home, ours, me):
    admirer = partner("Admirer")
    interest = cocreation.interest_send(user=owner_of(admirer), sender=admirer, recipient=ours)
    cocreation.interest_decline(user=me, interest=interest)

    assert "Nothing waits for you" in home()


def test_each_block_lists_the_newest_three_and_counts_them_all(home, ours):
    admirers = [partner(f"Admirer {n}") for n in range(5)]
    for admirer in admirers:
        cocreation.interest_send(user=owner_of(admirer), sender=admirer, recipient=ours)

    received = block(home(), "received")

    assert re.search(r'waiting__count">5<', received)
    assert re.findall(r">(Admirer \d)<", received) == [
        "Admirer 4",
        "Admirer 3",
        "Admirer 2",
    ]


def test_suggestions_are_new_until_the_member_opens_the_suggestions_page(client, home, ours):
    shop, lab, newcomer = partner("Shop"), partner("Lab"), partner("Newcomer")
    suggestions_make(ours, shop, lab)
    assert count_of(home(), "suggestions") == 2

    assert client.get("/en/suggestions/").status_code == 200
    assert "Nothing waits for you" in home()

    suggestions_make(ours, lab, newcomer, shop)  # a new list: one partner not seen
    suggestions = block(home(), "suggestions")
    assert re.search(r'waiting__count">1<', suggestions)
    assert "Newcomer" in suggestions and "Shop" not in suggestions


def test_what_another_member_saw_is_not_seen_for_me(client, home, ours):
    suggestions_make(ours, partner("Shop"))
    colleague = MembershipFactory(company=ours, role="member").user
    client.force_login(colleague)
    client.get("/en/suggestions/")

    client.force_login(ours.memberships.exclude(user=colleague).get().user)
    assert count_of(home(), "suggestions") == 1


def test_the_home_page_reads_in_constant_queries(home, ours, me, django_assert_max_num_queries):
    def add_some(n: int) -> None:
        stamp = timezone.now().strftime("%H%M%S%f")
        others = [partner(f"P{stamp}-{i}") for i in range(n)]
        suggestions_make(ours, *others)
        for other in others[: n // 2]:
            cocreation.interest_send(user=owner_of(other), sender=other, recipient=ours)
        for other in others[n // 2 :]:
            match = match_with(ours, me, other)
            cocreation.proposal_create(
                user=owner_of(other), match=match, company=other, data=terms()
            )

    add_some(2)
    with django_assert_max_num_queries(20) as few:
        home()
    add_some(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = home()
    assert count_of(html, "proposals") == 7
