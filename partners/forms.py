"""Forms of the company pages: the profile (every field of ``alliance-companies/1``) and
the directory's filters. Forms only validate; ``partners.services`` writes."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .form_fields import VisibleCharField
from .models import (
    MAX_DESCRIPTION_LENGTH,
    MAX_GOAL_LENGTH,
    MAX_GOALS,
    MAX_PHRASE_LENGTH,
    MAX_PHRASES,
    Company,
)
from .moderation_notice import HIDDEN_BY_STAFF
from .phones import PhoneInvalid, phone_normalize, phone_region
from .phrase_lists import PhraseListField
from .reference import (
    ISIC_DIVISIONS,
    ISIC_SECTION_CHOICES,
    ISIC_SECTIONS,
    LANGUAGE_CHOICES,
    MEMBER_SECTION_CHOICES,
    SECTIONS_NOT_OFFERED,
    VALUE_CHAIN_CHOICES,
    division_section,
    industry_code_from_text,
)
from .regions import region_choices, region_code_from_text, region_label
from .services.companies import PROFILE_FIELDS, company_key_check

MAX_EMPLOYEES = 10_000_000


def division_choices(sections: tuple[str, ...] = SECTIONS_NOT_OFFERED) -> list:
    """ISIC divisions grouped by section, for a <select> with one <optgroup> per section;
    without the groups of the sections in ``sections`` (those not offered to members)."""
    groups: list = [("", _("No division / not sure"))]
    for section, section_name in ISIC_SECTIONS.items():
        if section in sections:
            continue
        options = [
            (code, format_lazy("{} — {}", code, name))
            for code, (owner, name) in ISIC_DIVISIONS.items()
            if owner == section
        ]
        groups.append((format_lazy("{} — {}", section, section_name), options))
    return groups


# What is shown of a text a member typed, in a message about it.
_SHOWN_LENGTH = 40


def _shown(value: str) -> str:
    return value if len(value) <= _SHOWN_LENGTH else value[: _SHOWN_LENGTH - 1] + "…"


def clean_region_code(value: str) -> str:
    """The region code a typed region means (a name, an address or a code), "" for none."""
    code = region_code_from_text(value or "")
    if code is None:
        raise ValidationError(
            _(
                "“%(value)s” is not a region Kyoso knows. Type a prefecture or a country, "
                "e.g. 東京都, Osaka or Germany, an address that starts with its prefecture, "
                "or a code such as JP-13."
            ),
            code="invalid_region",
            params={"value": _shown(value.strip())},
        )
    return code


def clean_industry_code(value: str) -> str:
    """The ISIC section a typed industry means (a name or a letter), "" for none."""
    code = industry_code_from_text(value or "")
    if code is None:
        raise ValidationError(
            _(
                "“%(value)s” is not an industry Kyoso knows. Type its name, e.g. 製造業 "
                "or Manufacturing, or its ISIC section letter, e.g. C."
            ),
            code="invalid_industry",
            params={"value": _shown(value.strip())},
        )
    return code


class RegionSelect(forms.Select):
    """The prefectures, then the countries, named in the page's language. A value
    outside the list (a code such as US-CA, stored before) stays offered, first."""

    def optgroups(self, name: str, value: list, attrs: dict | None = None) -> list:
        codes = [region_code_from_text(v) or v for v in value]
        self.choices = region_choices()
        known = {code for _group, options in self.choices[1:] for code, _name in options}
        extra = [code for code in codes if code and code not in known]
        if extra:
            self.choices.insert(1, (extra[0], extra[0]))
        return super().optgroups(name, codes, attrs)


class RegionField(forms.CharField):
    """A region, typed or chosen: cleaned to the exchange format's code."""

    def clean(self, value: Any) -> str:
        return clean_region_code(super().clean(value))


class TypedIndustryField(forms.CharField):
    """An industry typed in a filter: a name in Japanese or English, or a section letter."""

    def clean(self, value: Any) -> str:
        return clean_industry_code(super().clean(value))


class IndustryChoiceField(forms.ChoiceField):
    """The industry <select>; a name sent instead of the letter is read as the letter."""

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return industry_code_from_text(value) or value


def _phrase_field(kind: str) -> PhraseListField:
    """The editable list of capabilities, needs or goals, with messages naming its items."""
    is_goal = kind == "goals"
    return PhraseListField(
        max_items=MAX_GOALS if is_goal else MAX_PHRASES,
        max_length=MAX_GOAL_LENGTH if is_goal else MAX_PHRASE_LENGTH,
        multiline=is_goal,
        **PHRASE_TEXTS[kind],
    )


PHRASE_TEXTS: dict[str, dict[str, Any]] = {
    "capabilities": {
        "label": _("Capabilities"),
        "help_text": _(
            "What your company brings to a partnership: technologies, products, "
            "know-how, channels, assets. One short phrase per line."
        ),
        "item_label": _("Capability %(number)s"),
        "remove_label": _("Remove capability %(number)s"),
        "add_label": _("Add a capability"),
        "error_messages": {
            "required": _("Add at least one capability."),
            "too_long": _(
                "Capability %(number)d is longer than %(limit)d characters (it has %(length)d)."
            ),
            "too_many": _("List at most %(limit)d capabilities (there are %(count)d)."),
        },
    },
    "needs": {
        "label": _("Needs"),
        "help_text": _(
            "What you look for in a partner: the know-how, market access or resources "
            "you lack. One short phrase per line."
        ),
        "item_label": _("Need %(number)s"),
        "remove_label": _("Remove need %(number)s"),
        "add_label": _("Add a need"),
        "error_messages": {
            "required": _("Add at least one need."),
            "too_long": _(
                "Need %(number)d is longer than %(limit)d characters (it has %(length)d)."
            ),
            "too_many": _("List at most %(limit)d needs (there are %(count)d)."),
        },
    },
    "goals": {
        "label": _("Long-term goals"),
        "help_text": _(
            "The larger purpose you want to share with partners, in a sentence or two each."
        ),
        "item_label": _("Goal %(number)s"),
        "remove_label": _("Remove goal %(number)s"),
        "add_label": _("Add a goal"),
        "error_messages": {
            "required": _("Add at least one long-term goal."),
            "too_long": _(
                "Goal %(number)d is longer than %(limit)d characters (it has %(length)d)."
            ),
            "too_many": _("List at most %(limit)d goals (there are %(count)d)."),
        },
    },
}


class CompanyProfileForm(forms.Form):
    """Every profile field of the exchange format, plus visibility and contact details.

    Pass ``company`` to edit it (its values become the initial ones; the key is
    fixed); without it the form creates a company and offers an optional key.
    """

    key = forms.CharField(
        label=_("Address of the company page"),
        required=False,
        max_length=64,
        help_text=_(
            "Lowercase letters, digits and hyphens, e.g. sato-textiles. It becomes part "
            "of your page's address. Leave it blank to have one made from the name "
            "(a Japanese name is romanised). You can change it later."
        ),
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    name = VisibleCharField(label=_("Company name"), max_length=200)
    language = forms.ChoiceField(
        label=_("Language of the texts"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("The language your description, capabilities, needs and goals are written in."),
    )
    industry = IndustryChoiceField(
        label=_("Industry (ISIC section)"),
        choices=[("", _("Choose an industry"))] + MEMBER_SECTION_CHOICES,
        help_text=_(
            "The letter is the section of the international ISIC classification, which "
            "Kyoso stores; the Japanese names follow Japan's standard industry "
            "classification (JSIC)."
        ),
    )
    industry_division = forms.ChoiceField(
        label=_("Industry division"),
        required=False,
        choices=division_choices,
        help_text=_("Optional. The divisions of the industry chosen above."),
        widget=forms.Select(attrs={"data-division-for": "id_industry"}),
    )
    region = RegionField(
        label=_("Region"),
        required=False,
        help_text=_("Where the company is based: its prefecture, or its country outside Japan."),
        widget=RegionSelect(attrs={"autocomplete": "off"}),
    )
    employees = forms.IntegerField(
        label=_("Employees"), required=False, min_value=0, max_value=MAX_EMPLOYEES
    )
    founded = forms.IntegerField(label=_("Year founded"), required=False, min_value=0)
    description = VisibleCharField(
        label=_("Description"),
        required=False,
        max_length=MAX_DESCRIPTION_LENGTH,
        help_text=_(
            "What your company does and what it wants to create. At most 5,000 characters."
        ),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    strengths = forms.MultipleChoiceField(
        label=_("Where your company is strong"),
        choices=VALUE_CHAIN_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one activity your company is strong in.")},
    )
    seeks = forms.MultipleChoiceField(
        label=_("What you look for in a partner"),
        required=False,
        choices=VALUE_CHAIN_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    capabilities = _phrase_field("capabilities")
    needs = _phrase_field("needs")
    goals = _phrase_field("goals")
    visibility = forms.ChoiceField(
        label=_("Who can see the profile"),
        choices=Company.Visibility.choices,
        widget=forms.RadioSelect,
    )
    contact_name = VisibleCharField(label=_("Contact person"), required=False, max_length=200)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(
        label=_("Contact phone"),
        required=False,
        max_length=40,
        help_text=_(
            "A number with its country code, such as +81 3-1234-5678, or a national number "
            "of your company's country (Japan if no region is given), such as 03-1234-5678."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https", max_length=200
    )

    def __init__(self, *args: Any, company: Company | None = None, **kwargs: Any) -> None:
        self.company = company
        if company is not None:
            kwargs.setdefault("initial", profile_initial(company))
        else:
            kwargs.setdefault("initial", {})
            kwargs["initial"].setdefault("language", _current_language())
            kwargs["initial"].setdefault("visibility", Company.Visibility.LISTED)
        super().__init__(*args, **kwargs)
        if company is not None:
            del self.fields["key"]
            if company.industry in SECTIONS_NOT_OFFERED:
                # Set by staff or an import: kept, though members cannot choose it.
                self._offer_section(company.industry)
        if company is not None and company.hidden_by_staff:
            # Only staff show it again: the choice is shown, not offered.
            self.fields["visibility"].disabled = True
            self.fields["visibility"].help_text = HIDDEN_BY_STAFF
        self.fields["founded"].widget.attrs["max"] = timezone.now().year

    def _offer_section(self, section: str) -> None:
        industry = self.fields["industry"]
        industry.choices = [
            *industry.choices,
            *(c for c in ISIC_SECTION_CHOICES if c[0] == section),
        ]
        hidden = tuple(s for s in SECTIONS_NOT_OFFERED if s != section)
        self.fields["industry_division"].choices = division_choices(hidden)

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip().lower()
        return company_key_check(key=key) if key else ""

    def clean_founded(self) -> int | None:
        founded = self.cleaned_data["founded"]
        this_year = timezone.now().year
        if founded is not None and founded > this_year:
            raise ValidationError(
                _("The founding year cannot be in the future (after %(year)d)."),
                code="future",
                params={"year": this_year},
            )
        return founded

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self._clean_phone(data)
        division, industry = data.get("industry_division"), data.get("industry")
        if division and industry and division_section(division) != industry:
            self.add_error(
                "industry_division",
                ValidationError(
                    _(
                        "Division %(division)s is not part of industry %(industry)s. "
                        "Choose one of its divisions, or none."
                    ),
                    code="division_outside_section",
                    params={"division": division, "industry": industry},
                ),
            )
        return data

    def _clean_phone(self, data: dict[str, Any]) -> None:
        """The contact phone in international format (``partners.phones``); a national
        number is read in the country of the region given (or kept), else Japan's."""
        phone = data.get("contact_phone")
        if not phone:
            return
        region = data.get("region")
        if region is None and self.company is not None:  # the region was refused: keep
            region = self.company.region
        try:
            data["contact_phone"] = phone_normalize(phone, region=phone_region(region))
        except PhoneInvalid as invalid:
            self.add_error(
                "contact_phone",
                ValidationError(
                    _(
                        "Contact phone: “%(phone)s” is not a phone number we can read. "
                        "Enter a number such as +81 3-1234-5678, or a national number "
                        "such as 03-1234-5678 (read as a number of %(country)s)."
                    ),
                    code="invalid_phone",
                    params={"phone": invalid.text, "country": region_label(invalid.region)},
                ),
            )

    @property
    def phrase_fields(self) -> list:
        return [self["capabilities"], self["needs"], self["goals"]]


def profile_initial(company: Company) -> dict[str, Any]:
    """The company's profile values, as the form's initial data."""
    return {field: getattr(company, field) for field in PROFILE_FIELDS}


def _current_language() -> str:
    language = (get_language() or "ja")[:2]
    return language if language in dict(LANGUAGE_CHOICES) else "ja"


def industry_filter_field() -> TypedIndustryField:
    """A filter's industry: typed, with the names offered as suggestions."""
    return TypedIndustryField(
        label=_("Industry"),
        required=False,
        help_text=_("A name such as 製造業 or Manufacturing, or an ISIC letter such as C."),
        widget=forms.TextInput(
            attrs={
                "list": "industry-names",
                "autocomplete": "off",
                "placeholder": _("All industries"),
            }
        ),
    )


def region_filter_field() -> RegionField:
    """A filter's region: typed, with the names offered as suggestions."""
    return RegionField(
        label=_("Region"),
        required=False,
        help_text=_("A prefecture or country, e.g. 大阪 or Germany, or a code such as JP-13."),
        widget=forms.TextInput(
            attrs={"list": "region-names", "autocomplete": "off", "placeholder": _("Anywhere")}
        ),
    )


class DirectoryFilterForm(forms.Form):
    """The directory's filters, all optional; an invalid one is reported and ignored."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words from the name, description, capabilities, needs or goals."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    industry = industry_filter_field()
    activity = forms.ChoiceField(
        label=_("Strong in"),
        required=False,
        choices=[("", _("Any value-chain activity"))] + VALUE_CHAIN_CHOICES,
    )
    region = region_filter_field()

    def filters(self) -> dict[str, str]:
        """Keyword arguments for ``selectors.directory_companies`` from the valid filters."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        names = {"industry": "industry", "activity": "activity", "region": "region", "q": "text"}
        return {arg: data[field] for field, arg in names.items() if data.get(field)}
