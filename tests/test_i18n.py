"""The Japanese catalogue: complete, well-formed, and actually used by every page.

Two kinds of check:

* the catalogue itself (``locale/ja/LC_MESSAGES/django.po``): every entry is
  translated, none is fuzzy (Django ignores fuzzy entries), and each
  translation keeps the placeholders and HTML tags of its msgid;
* the code: ``makemessages``, run on a copy of the project, finds no string
  that the catalogue lacks;
* the pages: rendered in Japanese for a visitor, a user without a company, a
  company's owner and an outsider, they show none of our English msgids. This
  catches strings that are marked but missing from the catalogue (makemessages
  not re-run), strings translated at import time instead of lazily, and a stale
  or missing compiled catalogue.
"""

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings

from partners.models import Company
from partners.selectors import invitation_digest
from tests.factories import CompanyFactory, MembershipFactory, UserFactory
from tests.partners.profile_data import profile_post

BASE_DIR = Path(settings.BASE_DIR)
CATALOGUE = BASE_DIR / "locale" / "ja" / "LC_MESSAGES" / "django.po"

# %(name)s, %(value).80r, %d, %s (not %%); {name}; HTML tags.
PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}|\{\d*\}")
TAG = re.compile(r"</?[A-Za-z][^>]*>")


@pytest.fixture(scope="module")
def catalogue():
    assert CATALOGUE.exists(), f"{CATALOGUE} is missing: run makemessages -l ja"
    return polib.pofile(str(CATALOGUE))


def placeholders(text: str) -> list[str]:
    found = [p for p in PERCENT.findall(text) if p != "%%"]
    return sorted(found + BRACE.findall(text) + TAG.findall(text))


def entry_name(entry: polib.POEntry) -> str:
    where = ", ".join(f"{path}:{line}" for path, line in entry.occurrences[:2])
    return f"{entry.msgid!r} ({where})"


# --- The catalogue ------------------------------------------------------------------------------


def test_the_catalogue_is_japanese_with_one_plural_form(catalogue):
    assert catalogue.metadata.get("Language") == "ja"
    assert catalogue.metadata.get("Plural-Forms", "").replace(" ", "") == "nplurals=1;plural=0;"


def test_every_entry_is_translated(catalogue):
    untranslated = [entry_name(e) for e in catalogue.untranslated_entries()]
    assert not untranslated, "untranslated entries:\n" + "\n".join(untranslated)


def test_no_entry_is_fuzzy(catalogue):
    fuzzy = [entry_name(e) for e in catalogue.fuzzy_entries()]
    assert not fuzzy, "fuzzy entries (Django ignores them):\n" + "\n".join(fuzzy)


def test_translations_keep_the_placeholders_and_tags(catalogue):
    problems = []
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural)
            # The single form may omit the count; Japanese has only the one form.
            allowed = set(expected) | set(placeholders(entry.msgid))
            for index, text in entry.msgstr_plural.items():
                got = placeholders(text)
                if not set(got) <= allowed or not set(placeholders(entry.msgid)) <= set(got):
                    problems.append(f"{entry_name(entry)} msgstr[{index}]: {got} vs {expected}")
        elif placeholders(entry.msgid) != placeholders(entry.msgstr):
            problems.append(
                f"{entry_name(entry)}: {placeholders(entry.msgstr)} vs {placeholders(entry.msgid)}"
            )
    assert not problems, "placeholders that differ:\n" + "\n".join(problems)


# Folders makemessages must not read: third-party code, generated files, and the tests, whose
# gettext() calls look up strings (some of them allauth's, which our catalogue must not shadow).
NOT_SOURCE = [
    ".venv", ".git", "var", "artifacts", "benchmarks", "staticfiles", "test-results", "tests",
]  # fmt: skip
MAKEMESSAGES = ["makemessages", "-l", "ja", "--no-obsolete", *(f"--ignore={d}" for d in NOT_SOURCE)]


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext")
def test_the_catalogue_has_every_string_marked_in_the_code(tmp_path, catalogue):
    copy = tmp_path / "project"
    shutil.copytree(
        BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(*NOT_SOURCE, "__pycache__", "*.mo", "*.sqlite3*"),
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alliance.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / CATALOGUE.relative_to(BASE_DIR)))
    known = {(entry.msgctxt, entry.msgid) for entry in catalogue}
    missing = [entry_name(e) for e in fresh if (e.msgctxt, e.msgid) not in known]
    assert not missing, (
        "strings marked for translation that locale/ja/LC_MESSAGES/django.po lacks; run\n"
        f"    .venv/bin/python manage.py {' '.join(MAKEMESSAGES)}\n"
        "then translate them and run scripts/compile_messages.py:\n" + "\n".join(missing)
    )


# --- The pages, rendered in Japanese ------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """Compile the .po (a no-op when the .mo is newer) and make Django reload it."""
    sys.path.insert(0, str(BASE_DIR / "scripts"))
    try:
        import compile_messages
    finally:
        sys.path.remove(str(BASE_DIR / "scripts"))
    if compile_messages.catalogue_compile(CATALOGUE):
        from django.utils.translation import trans_real

        trans_real._translations = {}
        trans_real._default = None
        trans_real._active = trans_real.Local()


class VisibleText(HTMLParser):
    """The text a reader meets: element text plus the attributes shown or read aloud.

    Skipped: scripts, styles, and elements marked as written in another language
    (``lang="en"``: the language switcher's "English", companies' own texts).
    """

    SHOWN_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "label", "value"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
            "track", "wbr"}  # fmt: skip

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[tuple[str, str, bool]] = []  # (tag, language in force, is a script)
        self.parts: list[str] = []

    def hidden(self) -> bool:
        if not self.stack:
            return False
        _tag, lang, script = self.stack[-1]
        return script or not lang.startswith(self.language)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        outer_lang, outer_script = self.stack[-1][1:] if self.stack else (self.language, False)
        lang = attributes.get("lang") or outer_lang
        script = outer_script or tag in {"script", "style"}
        self.stack.append((tag, lang, script))
        if not self.hidden():
            self.collect_attributes(tag, attributes)
        if tag in self.VOID:
            self.stack.pop()

    def collect_attributes(self, tag, attributes):
        for name in sorted(self.SHOWN_ATTRIBUTES & attributes.keys()):
            # Only a button's value is text; an input's value is the user's data.
            if name == "value" and not (
                tag == "input" and attributes.get("type") in {"submit", "button", "reset"}
            ):
                continue
            self.parts.append(attributes[name] or "")
        if tag == "meta" and attributes.get("name") == "description":
            self.parts.append(attributes.get("content") or "")
        for name in ("data-item-label", "data-remove-label"):  # shown by profile-form.js
            if attributes.get(name):
                self.parts.append(attributes[name])

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        # Pop up to the matching tag; tolerate the odd unclosed <p> or <li>.
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if not self.hidden():
            self.parts.append(data)

    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.parts))


def visible_text(html: str, language: str = "ja") -> str:
    parser = VisibleText(language)
    parser.feed(html)
    parser.close()
    return parser.text()


def english_pattern(msgid: str) -> re.Pattern[str] | None:
    """A regex for the English msgid as a page would show it, or None if too short.

    Tags are dropped, each placeholder matches a short run of any text, and the
    match must not start or end inside a word or an address (``user`` is not found
    in ``user0@example.com``, nor ``company`` in ``contact@company.example``).
    """
    placeholder = re.compile(PERCENT.pattern + "|" + BRACE.pattern)
    pieces = [piece.strip() for piece in placeholder.split(TAG.sub(" ", msgid))]
    pieces = [piece for piece in pieces if piece]
    if len(re.sub(r"[^A-Za-z]", "", "".join(pieces))) <= 3:
        return None
    body = r".{1,40}?".join(r"\s+".join(map(re.escape, piece.split())) for piece in pieces)
    # Not inside a word, an e-mail address or a domain name.
    return re.compile(r"(?<![A-Za-z0-9_@./-])" + body + r"(?![A-Za-z0-9_@-])(?!\.[A-Za-z])")


@pytest.fixture(scope="module")
def english_patterns(catalogue):
    """msgid -> pattern, for every msgid whose Japanese differs from the English.

    Untranslated entries are included: Django shows them in English.
    """
    patterns = {}
    for entry in catalogue:
        if entry.obsolete:
            continue
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            if len(msgid) <= 3 or msgid in translations:
                continue
            pattern = english_pattern(msgid)
            if pattern is not None:
                patterns[msgid] = pattern
    return patterns


def english_found(
    html: str, patterns: dict[str, re.Pattern[str]], language: str = "ja"
) -> list[str]:
    text = visible_text(html, language)
    return sorted(msgid for msgid, pattern in patterns.items() if pattern.search(text))


JAPANESE_COMPANY = {
    "key": "sato-textiles",
    "name": "佐藤テキスタイル株式会社",
    "language": "ja",
    "description": "吸湿発熱素材を開発する繊維メーカーです。",
    "capabilities": ["吸湿発熱ポリエステル", "小ロット染色"],
    "needs": ["量販アパレルとの共同開発"],
    "goals": ["機能性衣料を10年で日常品にする"],
    "contact_name": "佐藤花子",
    "contact_email": "hanako@sato-textile.example",
    "contact_phone": "03-1234-5678",
    "website": "https://sato-textile.example",
    "employees": 120,
    "founded": 1952,
}


@pytest.fixture
def people(db):
    company = CompanyFactory(**JAPANESE_COMPANY)
    CompanyFactory(
        key="kobe-logistics",
        name="神戸ロジスティクス",
        language="ja",
        industry="H",
        industry_division="52",
        region="JP-28",
        description="冷蔵倉庫と共同配送を手がけています。",
        capabilities=["冷蔵倉庫"],
        needs=["新しい荷主"],
        goals=["地域の物流を持続可能にする"],
        visibility=Company.Visibility.PARTNERS,
    )
    return {
        "company": company,
        "owner": MembershipFactory(company=company, role="owner").user,
        "newcomer": UserFactory(),
        # A company that writes in English: its texts are marked lang="en", the labels are not.
        "outsider": MembershipFactory(
            company=CompanyFactory(key="kanazawa-tech", name="Kanazawa Precision Robotics")
        ).user,
    }


def render(client, method: str, path: str, data=None, lang: str = "ja"):
    response = getattr(client, method)(path, data or {}, follow=True)
    assert response.status_code in (200, 404), f"{method.upper()} {path}: {response.status_code}"
    assert response.headers.get("Content-Language") == lang, path
    return response.content.decode()


# (who, method, path, data): who is None for a visitor who is not signed in.
PAGES = [
    (None, "get", "/ja/", None),
    (None, "get", "/ja/accounts/login/", None),
    (None, "post", "/ja/accounts/login/", {"login": "nobody@example.com", "password": "wrong"}),
    (None, "get", "/ja/accounts/signup/", None),
    (None, "get", "/ja/accounts/password/reset/", None),
    (None, "post", "/ja/accounts/signup/", {"email": "x@example.com"}),  # no consent, no password
    (None, "get", "/ja/terms/", None),
    (None, "get", "/ja/privacy/", None),
    ("newcomer", "get", "/ja/", None),
    ("newcomer", "get", "/ja/companies/", None),
    ("newcomer", "get", "/ja/new-company/", None),
    ("newcomer", "post", "/ja/new-company/", {"name": "", "capabilities": "x" * 300}),
    ("newcomer", "post", "/ja/new-company/", profile_post(key="new-company")),
    ("owner", "get", "/ja/", None),
    ("owner", "get", "/ja/companies/", None),
    ("owner", "get", "/ja/companies/?q=存在しない語&industry=C", None),
    ("owner", "get", "/ja/companies/?industry=Z&activity=nonsense&region=%%%", None),
    ("owner", "get", "/ja/companies/?page=2", None),
    ("owner", "get", "/ja/companies/sato-textiles/", None),
    ("owner", "get", "/ja/companies/sato-textiles/edit/", None),
    ("owner", "post", "/ja/companies/sato-textiles/edit/", profile_post(founded="2999")),
    ("owner", "post", "/ja/companies/sato-textiles/edit/", profile_post()),
    ("owner", "get", "/ja/new-company/", None),
    ("owner", "get", "/ja/companies/sato-textiles/team/", None),
    ("owner", "post", "/ja/companies/sato-textiles/team/", {"email": "x", "role": "member"}),
    ("owner", "post", "/ja/companies/sato-textiles/team/", {"email": "kasumi@example.com"}),
    ("owner", "post", "/ja/companies/sato-textiles/team/leave/", None),
    ("owner", "get", "/ja/companies/nothing-here/", None),
    ("owner", "get", "/ja/accounts/email/", None),
    ("owner", "get", "/ja/accounts/password/change/", None),
    ("owner", "get", "/ja/accounts/logout/", None),
    ("owner", "get", "/ja/account/data/", None),
    ("owner", "get", "/ja/companies/sato-textiles/delete/", None),
    ("owner", "post", "/ja/companies/sato-textiles/delete/", {"confirmation": "x"}),
    ("owner", "get", "/ja/account/delete/", None),
    ("owner", "post", "/ja/account/delete/", {"confirmation": "wrong"}),
    ("newcomer", "get", "/ja/account/delete/", None),
    ("outsider", "get", "/ja/companies/sato-textiles/", None),
    ("outsider", "get", "/ja/companies/kobe-logistics/", None),
    ("outsider", "get", "/ja/companies/kanazawa-tech/", None),
    ("outsider", "get", "/ja/companies/?q=textiles", None),
]


def test_pages_in_japanese_show_none_of_our_english_strings(client, people, english_patterns):
    found = {}
    for who, method, path, data in PAGES:
        client.logout()
        if who is not None:
            client.force_login(people[who])
        html = render(client, method, path, data)
        english = english_found(html, english_patterns)
        if english:
            found[f"{who or 'visitor'} {method.upper()} {path}"] = english
    report = "\n".join(
        f"{page}:\n" + "\n".join(f"    {msgid!r}" for msgid in msgids)
        for page, msgids in found.items()
    )
    assert not found, (
        "English text on Japanese pages. Mark the string for translation, re-run "
        "`manage.py makemessages -l ja`, translate it in locale/ja/LC_MESSAGES/django.po "
        "and compile (scripts/compile_messages.py):\n" + report
    )


def test_invitation_pages_in_japanese_show_none_of_our_english_strings(
    client, people, english_patterns
):
    """The invitation link as the invitee meets it: signed out, with another account,
    with the invited one, and once it is used; then a link that is not valid."""
    from partners.services import teams

    teams.invitation_create(
        user=people["owner"], company=people["company"], email="kasumi@example.com",
        role="member", language="ja",
    )  # fmt: skip
    invitation = people["company"].invitations.get()
    token = "a-token-only-this-test-knows"
    invitation.digest = invitation_digest(token)
    invitation.save()
    invitee = UserFactory(email="kasumi@example.com")
    link = f"/ja/invitations/{token}/"
    found = {}
    for who, method in [(None, "get"), ("outsider", "get"), ("outsider", "post"),
                        ("invitee", "get"), ("invitee", "post"), ("invitee", "get")]:  # fmt: skip
        client.logout()
        if who is not None:
            client.force_login(invitee if who == "invitee" else people[who])
        english = english_found(render(client, method, link), english_patterns)
        if english:
            found[f"{who} {method} {link}"] = english
    client.logout()
    english = english_found(render(client, "get", "/ja/invitations/nothing/"), english_patterns)
    if english:
        found["unknown link"] = english
    assert not found, found


def test_the_checker_finds_english_text(english_patterns):
    html = (
        '<html lang="ja"><body><h1>Edit profile</h1><p>Page 2 of 7</p>'
        '<button lang="en">English</button><a href="/Sign-in">ログイン</a></body></html>'
    )
    found = english_found(html, english_patterns)
    assert {"Edit profile", "Page %(number)s of %(total)s"} <= set(found)
    assert "English" not in found
    assert "Sign in" not in found


def test_the_checker_sees_the_english_of_an_english_page(client, people, english_patterns):
    client.force_login(people["owner"])
    html = render(client, "get", "/en/companies/sato-textiles/", lang="en")
    found = english_found(html, english_patterns, language="en")
    assert {"Edit profile", "Value chain", "Sign out", "Manufacture of textiles"} <= set(found)
