import factory
from allauth.account.models import EmailAddress

from partners.models import Company, Membership, User
from partners.services.cocreation import proposal_first_day
from partners.services.companies import company_search_text

# Proposals may not start in the past: tests date theirs in the coming years.
NEXT_YEAR = proposal_first_day().year + 1


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company
        skip_postgeneration_save = True

    key = factory.Sequence(lambda n: f"company-{n:04d}")
    name = factory.Sequence(lambda n: f"Company {n}")
    language = "en"
    industry = "C"
    industry_division = "13"
    region = "JP-13"
    description = "A maker of technical textiles."
    strengths = factory.LazyFunction(lambda: ["operations", "technology_development"])
    seeks = factory.LazyFunction(lambda: ["marketing_sales"])
    capabilities = factory.LazyFunction(lambda: ["moisture-wicking fabric"])
    needs = factory.LazyFunction(lambda: ["a retail partner for sportswear"])
    goals = factory.LazyFunction(lambda: ["make functional clothing an everyday product"])
    visibility = Company.Visibility.LISTED
    contact_name = "Hanako Sato"
    contact_email = factory.Sequence(lambda n: f"contact{n}@company.example")

    @factory.post_generation
    def index_text(self, create, extracted, **kwargs):
        self.search_text = company_search_text(self)
        if create:
            Company.objects.filter(pk=self.pk).update(search_text=self.search_text)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)
    role = Membership.Role.OWNER


class ValueChainRecordFactory(factory.DictFactory):
    strengths = factory.LazyFunction(lambda: ["operations", "technology_development"])
    seeks = factory.LazyFunction(lambda: ["marketing_sales"])


class CompanyRecordFactory(factory.DictFactory):
    """A valid company record of the exchange format ``alliance-companies/1``."""

    key = factory.Sequence(lambda n: f"record-{n:04d}")
    name = factory.Sequence(lambda n: f"Record Company {n}")
    language = "en"
    industry = "C"
    industry_division = "13"
    region = "JP-13"
    employees = 120
    founded = 1990
    description = "A maker of technical textiles."
    value_chain = factory.SubFactory(ValueChainRecordFactory)
    capabilities = factory.LazyFunction(lambda: ["moisture-wicking fabric"])
    needs = factory.LazyFunction(lambda: ["a retail partner for sportswear"])
    goals = factory.LazyFunction(lambda: ["Make functional clothing an everyday product."])


def _now():
    from django.utils import timezone

    return timezone.now()


class MatchRunFactory(factory.django.DjangoModelFactory):
    """A complete full run (the kind whose rows readers see)."""

    class Meta:
        model = "matching.MatchRun"

    kind = "full"
    status = "complete"
    started_at = factory.LazyFunction(_now)
    finished_at = factory.LazyFunction(_now)


def suggestions_make(company, *partners, reasons=None, score=0.7):
    """Give ``company`` a current list of ``partners`` (rank order) in a new complete run."""
    from matching.models import SuggestionList

    run = suggestions_run(company, *partners, reasons=reasons, score=score)
    SuggestionList.objects.update_or_create(company=company, defaults={"run": run})
    return run


def suggestions_run(company, *partners, reasons=None, score=0.7):
    """A new complete run with a row per partner (rank order); no list points to it yet."""
    from matching.models import Suggestion

    run = MatchRunFactory()
    for rank, partner in enumerate(partners, start=1):
        Suggestion.objects.create(
            run=run,
            company=company,
            partner=partner,
            rank=rank,
            score=score,
            components={"complementarity": 0.8, "goals": 0.4, "value_chain": 0.2},
            reasons=list(reasons or []),
        )
    return run
