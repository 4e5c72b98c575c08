"""Demo data: realistic, varied companies and two demo logins.

Companies are generated as records of the exchange format (``alliance-companies/1``)
from the phrase banks in ``partners.demo_data`` and written through the import
service, so they obey exactly the rules an imported file does. Generation is
deterministic: the same seed gives the same companies, and a longer run starts
with the companies of a shorter one (company n does not depend on the count).
"""

import itertools
import math
import random
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction

from partners import demo_data
from partners.exchange import FORMAT
from partners.exchange.validation import ProgressCallback
from partners.keys import RESERVED_KEYS, base_key
from partners.models import Company, Membership, User
from partners.reference import VALUE_CHAIN_ACTIVITIES
from partners.services.exchange import ImportResult, companies_import

DEMO_PASSWORD = "kyoso-demo-2026"  # noqa: S105 (a published demo login, not a secret)
DEMO_EMAIL = "demo@kyoso.example"
PARTNER_EMAIL = "partner@kyoso.example"
STAFF_EMAIL = "staff@kyoso.example"
DEMO_CONTACTS = (
    ("山田 花子", "hanako.yamada@kyoso.example"),
    ("Alex Morgan", "alex.morgan@kyoso.example"),
)

_ACTIVITIES = tuple(VALUE_CHAIN_ACTIVITIES)


def _cumulative(table: Sequence[tuple[Any, float]]) -> tuple[list[Any], list[float]]:
    # random.choices with cum_weights: the running sums are computed once, not per call.
    return [value for value, _w in table], list(itertools.accumulate(w for _v, w in table))


_SECTORS = _cumulative([(sector, sector["weight"]) for sector in demo_data.SECTORS])
_REGIONS = {"ja": _cumulative(demo_data.JA_REGIONS), "en": _cumulative(demo_data.EN_REGIONS)}
# Needs written in the first person ("... for our buildings") read oddly in a description.
_FIRST_PERSON = re.compile(r"\b(our|we|us)\b", re.IGNORECASE)
# The first companies go through every sector once, these two first: the demo login
# owns a manufacturer and its partner login a retailer.
_LEAD_SECTORS = (demo_data.MACHINERY_MANUFACTURING, demo_data.TRADE)


class DemoKeys:
    """Readable keys made from the demo companies' names, as a member's new company gets
    one (``partners.keys``): 共創精密工業株式会社 → ``kyousou-seimitsu-kougyou``, and a
    suffix where an earlier demo company has the key already (``-2``...), so that the
    n-th company's key depends only on the companies before it."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.last: dict[str, int] = {}  # the last suffix given to a base

    def make(self, name: str) -> str:
        base = base_key(name)
        n = self.last.get(base, 1)
        key = base if n == 1 else f"{base}-{n}"
        while key in self.taken or key in RESERVED_KEYS:
            n += 1
            key = f"{base}-{n}"
        self.last[base] = n
        self.taken.add(key)
        return key


def demo_login_keys() -> tuple[str, str]:
    """The keys of the demo logins' companies, the first two (``demo_data.DEMO_PAIR``)."""
    keys = DemoKeys()
    return keys.make(demo_data.DEMO_PAIR[1]["name"]), keys.make(demo_data.DEMO_PAIR[2]["name"])


def demo_company_records(*, count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``count`` company records of the exchange format, generated from ``seed``.

    Every sector comes once among the first 23 companies, so any run of that size
    covers all ISIC sections A-U; the rest follow the sectors' weights. About half
    the companies write in Japanese, half in English.
    """
    rng = random.Random(seed)
    keys = DemoKeys()
    lead = list(_LEAD_SECTORS)
    rest = [s for s in demo_data.SECTORS if all(s is not x for x in lead)]
    rng.shuffle(rest)
    order = lead + rest
    for n in range(1, count + 1):
        if n <= len(order):
            sector = order[n - 1]
            language = "ja" if n <= len(lead) else rng.choice(("ja", "en"))
        else:
            sector = _pick(rng, _SECTORS)
            language = rng.choice(("ja", "en"))
        record = _record(rng, n, sector, language, complete=n <= len(lead))
        record["key"] = keys.make(record["name"])
        yield record


def _record(
    rng: random.Random, n: int, sector: Mapping, language: str, *, complete: bool
) -> dict[str, Any]:
    bank = sector[language]
    region = _pick(rng, _REGIONS[language])
    employees, founded = _employees(rng, sector), _founded(rng, sector)
    strengths = _activities(rng, sector["strengths"], exclude=(), low=1, high=3)
    texts = {
        "capabilities": rng.sample(bank["capabilities"], rng.randint(3, 6)),
        "needs": rng.sample(bank["needs"], rng.randint(2, 5)),
        "goals": rng.sample(bank["goals"], rng.randint(1, 3)),
    }
    # Some companies leave optional fields out, as real files do; not the demo logins' own.
    maybe = (lambda _probability, value: value) if complete else partial(_maybe, rng)
    stated_founded = maybe(0.92, founded)
    record = {
        "key": "",  # made from the name (``DemoKeys``)
        "name": _name(rng, bank, language, region),
        "language": language,
        "industry": sector["section"],
        "industry_division": maybe(0.92, rng.choice(sector["divisions"])),
        "region": maybe(0.96, region),
        "employees": maybe(0.88, employees),
        "founded": stated_founded,
        "description": maybe(
            0.95, _description(rng, bank, language, region, employees, stated_founded, texts)
        ),
        "value_chain": {"strengths": strengths, "seeks": _seeks(rng, sector, strengths)},
        **texts,
    }
    # The demo logins' companies are written by hand (after the same draws, so that every
    # other company is what it would be without them).
    record.update(demo_data.DEMO_PAIR.get(n, {}))
    return _without_empty(record)


def _maybe(rng: random.Random, probability: float, value: Any) -> Any:
    return value if rng.random() < probability else None


def _without_empty(record: dict[str, Any]) -> dict[str, Any]:
    record = {k: v for k, v in record.items() if v is not None}
    if not record["value_chain"]["seeks"]:
        del record["value_chain"]["seeks"]
    return record


def _pick(rng: random.Random, table: tuple[list[Any], list[float]]) -> Any:
    values, cumulative = table
    return rng.choices(values, cum_weights=cumulative)[0]


def _employees(rng: random.Random, sector: Mapping) -> int:
    low, high = sector["employees"]
    value = math.exp(rng.uniform(math.log(low), math.log(high)))  # log-uniform: many small ones
    step = 100 if value >= 1000 else 10 if value >= 100 else 1
    return max(low, round(value / step) * step)


def _founded(rng: random.Random, sector: Mapping) -> int:
    low, high = sector["founded"]
    return int(rng.triangular(low, high, high - (high - low) // 4))


def _activities(
    rng: random.Random,
    typical: tuple[str, ...],
    *,
    exclude: tuple[str, ...] | list[str],
    low: int,
    high: int,
) -> list[str]:
    """Mostly the sector's typical activities, now and then one from elsewhere."""
    pool = [a for a in typical if a not in exclude]
    chosen = rng.sample(pool, min(len(pool), rng.randint(low, high)))
    if rng.random() < 0.15:
        others = [a for a in _ACTIVITIES if a not in chosen and a not in exclude]
        chosen.append(rng.choice(others))
    return chosen


def _seeks(rng: random.Random, sector: Mapping, strengths: list[str]) -> list[str]:
    if rng.random() < 0.1:
        return []
    return _activities(rng, sector["seeks"], exclude=strengths, low=1, high=3)


def _name(rng: random.Random, bank: Mapping, language: str, region: str) -> str:
    if bank.get("names"):
        return rng.choice(bank["names"])
    if bank.get("household"):
        if language == "ja":
            return rng.choice(demo_data.JA_SURNAMES) + bank["household"]
        return f"The {rng.choice(demo_data.EN_SURNAMES)} {bank['household']}"
    if language == "ja":
        base = rng.choice(demo_data.JA_NAME_PREFIXES) + rng.choice(bank["words"])
        legal = rng.choice(bank.get("legal", demo_data.JA_LEGAL_FORMS + ("",)))
        # 医療法人, 学校法人... always come first; 株式会社 and the like go either side.
        before = "法人" in legal or rng.random() < 0.5
        return (legal + base if before else base + legal) if legal else base
    base = f"{rng.choice(demo_data.EN_NAME_PREFIXES)} {rng.choice(bank['words'])}"
    legal = rng.choice(bank.get("legal", demo_data.EN_LEGAL_FORMS[region[:2]]))
    return f"{base} {legal}" if legal else base


def _description(
    rng: random.Random,
    bank: Mapping,
    language: str,
    region: str,
    employees: int,
    founded: int | None,
    texts: Mapping[str, list[str]],
) -> str:
    templates = bank.get("descriptions") or (
        demo_data.JA_DESCRIPTIONS if language == "ja" else demo_data.EN_DESCRIPTIONS
    )
    if founded is None:
        templates = [t for t in templates if "{founded}" not in t]
    sizes = demo_data.JA_SIZES if language == "ja" else demo_data.EN_SIZES
    size = next(word for limit, word in sizes if limit is None or employees < limit)
    places = demo_data.JA_PLACE_NAMES if language == "ja" else demo_data.EN_PLACE_NAMES
    needs = [n for n in texts["needs"] if not _FIRST_PERSON.search(n)] or texts["needs"]
    return rng.choice(templates).format(
        place=places[region],
        noun=rng.choice(bank["nouns"]),
        size=size,
        Size=size[:1].upper() + size[1:],
        founded=founded,
        cap0=texts["capabilities"][0],
        cap1=texts["capabilities"][1],
        need0=needs[0],
    )


def demo_seed(
    *, companies: int, seed: int = 1, progress: ProgressCallback | None = None
) -> ImportResult:
    """Create (or, for keys that exist, update) ``companies`` demo companies, keyed by
    their names (``DemoKeys``).

    Written through ``companies_import``: a second run with the same seed changes nothing.
    """
    records = list(demo_company_records(count=companies, seed=seed))
    return companies_import(document={"format": FORMAT, "companies": records}, progress=progress)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    company: Company
    created: bool


@transaction.atomic
def demo_users_setup() -> list[DemoLogin]:
    """Two verified demo logins (password ``DEMO_PASSWORD``), each owning a demo company.

    ``demo@kyoso.example`` owns the first demo company, a Japanese parts maker
    (``kyousou-seimitsu-kougyou``), and ``partner@kyoso.example`` the second, an
    English-writing trading house (``harbour-bridge-trading``):
    written to answer each other (``demo_data.DEMO_PAIR``). Safe to run again: nothing is
    duplicated and a password changed since is kept. Raises ``Company.DoesNotExist``
    without them.
    """
    first_key, partner_key = demo_login_keys()
    first = Company.objects.get(key=first_key)
    partner = Company.objects.get(key=partner_key)
    for company, contact in zip((first, partner), DEMO_CONTACTS, strict=True):
        if not company.contact_email:  # shown to the other side after a mutual match
            company.contact_name, company.contact_email = contact
            company.save(update_fields=["contact_name", "contact_email"])
    return [_demo_login(DEMO_EMAIL, first), _demo_login(PARTNER_EMAIL, partner)]


def _demo_login(email: str, company: Company) -> DemoLogin:
    user, created = User.objects.get_or_create(email=email)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    Membership.objects.get_or_create(
        user=user, company=company, defaults={"role": Membership.Role.OWNER}
    )
    return DemoLogin(email=email, company=company, created=created)


@transaction.atomic
def demo_staff_setup() -> bool:
    """A verified staff login (``STAFF_EMAIL``, password ``DEMO_PASSWORD``) for the staff
    dashboard and the admin of a local demo platform (a superuser, so that every admin
    page and action works); a member of no company. Safe to run again
    (a password changed since is kept). Returns whether it was created."""
    user, created = User.objects.get_or_create(
        email=STAFF_EMAIL, defaults={"is_staff": True, "is_superuser": True}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    elif not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    EmailAddress.objects.update_or_create(
        user=user, email=STAFF_EMAIL, defaults={"verified": True, "primary": True}
    )
    return created
