"""What changed between two versions of a proposal: the pure comparison the match page shows."""

from datetime import date

from partners.models import AllianceProposal
from partners.proposal_changes import INLINE_TEXT_LENGTH, proposal_changes

BASE = {
    "shared_goal": "Fermented foods on European tables",
    "value_chain_change": "Their export channel carries our products",
    "activities": ["marketing_sales", "outbound_logistics"],
    "starts_on": date(2027, 1, 1),
    "ends_on": date(2028, 1, 1),
    "duration_months": 12,
    "conditions": "Costs shared equally.",
}


def version(**changes) -> AllianceProposal:
    """An unsaved proposal: the comparison needs no database."""
    return AllianceProposal(**(BASE | changes))


def fields(rows) -> list[str]:
    return [row.field for row in rows]


def test_the_same_terms_make_no_change():
    assert proposal_changes(version(), version()) == []


def test_a_new_start_reads_before_and_after():
    [change] = proposal_changes(version(), version(starts_on=date(2027, 2, 1)))
    assert (change.field, str(change.label), change.kind) == ("starts_on", "Start", "date")
    assert (change.before, change.after, change.inline) == (
        date(2027, 1, 1),
        date(2027, 2, 1),
        True,
    )


def test_an_end_date_instead_of_a_duration_shows_both_moves():
    later = version(ends_on=date(2028, 5, 31), duration_months=None)
    rows = proposal_changes(version(), later)
    assert fields(rows) == ["ends_on", "duration_months"]
    assert (rows[1].before, rows[1].after) == (12, None)


def test_changes_come_in_the_order_of_the_terms():
    later = version(
        conditions="Costs shared 60/40.",
        shared_goal="Fermented foods in Europe and Asia",
        starts_on=date(2027, 3, 1),
    )
    assert fields(proposal_changes(version(), later)) == ["shared_goal", "starts_on", "conditions"]


def test_long_or_multi_line_texts_are_shown_as_before_and_after():
    long_text = "x" * (INLINE_TEXT_LENGTH + 1)
    [change] = proposal_changes(version(), version(value_chain_change=long_text))
    assert change.inline is False and change.after == long_text
    [change] = proposal_changes(version(), version(conditions="Costs shared.\nResults too."))
    assert change.inline is False
    [change] = proposal_changes(version(), version(conditions="Costs shared 60/40."))
    assert change.inline is True


def test_activities_list_what_was_added_and_removed_not_their_order():
    assert proposal_changes(version(), version(activities=list(reversed(BASE["activities"])))) == []
    [change] = proposal_changes(version(), version(activities=["marketing_sales", "operations"]))
    assert (change.added, change.removed) == (("operations",), ("outbound_logistics",))


def test_emptied_or_new_texts_are_changes_and_spaces_are_not():
    [change] = proposal_changes(version(), version(conditions=""))
    assert (change.before, change.after) == ("Costs shared equally.", None)
    assert proposal_changes(version(), version(conditions="  Costs shared equally. ")) == []


def test_a_second_text_and_its_language_are_changes_too():
    later = version(translation_language="en", shared_goal_translation="Fermented foods in Europe")
    rows = proposal_changes(version(), later)
    assert fields(rows) == ["translation_language", "shared_goal_translation"]
    assert (rows[0].before, str(rows[0].after)) == (None, "English")


def test_texts_turned_round_by_the_other_side_are_compared_in_the_same_language():
    # The maker wrote Japanese with an English second text; the trader answers in English
    # first with the Japanese second, changing only the English conditions.
    earlier = version(
        shared_goal="発酵食品を欧州へ",
        shared_goal_translation="Fermented foods to Europe",
        conditions="費用は折半。",
        conditions_translation="Costs shared.",
        translation_language="en",
    )
    later = version(
        shared_goal="Fermented foods to Europe",
        shared_goal_translation="発酵食品を欧州へ",
        conditions="Costs shared 60/40.",
        conditions_translation="費用は折半。",
        translation_language="ja",
    )
    rows = proposal_changes(earlier, later)
    assert fields(rows) == ["conditions", "translation_language"]
    assert (rows[0].before, rows[0].after) == ("Costs shared.", "Costs shared 60/40.")
