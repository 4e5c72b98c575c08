"""The action forms of one suggestion card, with ids unique on the page."""

from django import template

from matching.cards import SuggestionCard
from matching.forms import DismissForm, InterestForm, SaveForm

register = template.Library()


@register.simple_tag
def suggestion_forms(card: SuggestionCard, next_url: str) -> dict:
    """``dismiss``, ``save`` and ``interest`` forms for ``card``, returning to ``next_url``."""
    key, initial = card.partner.key, {"next": next_url}
    return {
        "dismiss": DismissForm(auto_id=f"id_{key}_dismiss_%s", initial=initial),
        "save": SaveForm(auto_id=f"id_{key}_save_%s", initial=initial),
        "interest": InterestForm(auto_id=f"id_{key}_interest_%s", initial=initial),
    }
