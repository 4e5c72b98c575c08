"""The language switcher's target addresses."""

from django import template
from django.urls import translate_url

register = template.Library()


@register.simple_tag(takes_context=True)
def path_in_language(context, language: str) -> str:
    """The current page's path and query in another language ('/en/companies/?q=…' → '/ja/…').

    The switcher sends this as ``next``: Django's set_language can only translate
    a path given in the language the switch request itself is read in.
    """
    request = context.get("request")
    if request is None:
        return "/"
    return translate_url(request.get_full_path(), language)
