"""Small template helpers of the co-creation pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (None if missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
