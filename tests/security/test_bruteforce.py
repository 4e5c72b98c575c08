"""Brute force and passwords: allauth's limits on sign-in failures and password resets,
the admin signing in through the same limited form, and a passphrase-friendly policy."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from partners.models import User
from tests.factories import UserFactory

LOGIN = "/en/accounts/login/"
PASSWORD = "a long and winding passphrase 2026"


@pytest.fixture
def account(db):
    from allauth.account.models import EmailAddress

    user = UserFactory(email="hanako@example.com")
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def _login(client, password):
    return client.post(LOGIN, {"login": "hanako@example.com", "password": password})


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, account):
    for _ in range(5):
        response = _login(client, "wrong guess number one")
        assert response.status_code == 200  # the form again, with its error
    locked = _login(client, PASSWORD)
    assert locked.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in locked.content.decode()  # said plainly


def test_a_password_reset_unlocks_a_locked_account(client, account, mailoutbox):
    # The README's way out of a lockout (anyone can lock an account for five minutes
    # by failing five times): the member resets the password from the e-mail link.
    for _ in range(5):
        _login(client, "wrong guess number one")
    assert "Too many failed login attempts" in _login(client, PASSWORD).content.decode()

    client.post("/en/accounts/password/reset/", {"email": account.email})
    [link] = re.findall(r"https?://\S+/password/reset/key/\S+", mailoutbox[-1].body)
    form = client.get(link, follow=True)
    new = "a new and longer passphrase 2027"
    done = client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert done.status_code == 302

    client.logout()
    assert _login(client, new).status_code == 302
    assert client.session["_auth_user_id"] == str(account.pk)


def test_failures_from_one_address_are_limited_whichever_account_they_try(client, account):
    for n in range(10):  # 10 failures a minute from one address, each on another account
        client.post(LOGIN, {"login": f"someone{n}@example.com", "password": "guess"})
    refused = _login(client, PASSWORD)
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_few_failures_do_not_lock_anyone_out(client, account):
    for _ in range(3):
        _login(client, "wrong guess number one")
    assert _login(client, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(account.pk)


def test_password_reset_requests_are_limited(client, account):
    answers = [
        client.post("/en/accounts/password/reset/", {"email": "hanako@example.com"}).status_code
        for _ in range(8)
    ]
    assert answers[0] == 302
    assert 429 in answers  # allauth: at most 5 per minute for one address


def test_the_admin_signs_in_through_the_limited_form(client, db):
    response = client.get("/en/admin/login/?next=/en/admin/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN + "?next=/en/admin/"


def test_the_admin_login_never_checks_a_password(client, db):
    """A member who is not staff once was shown the admin's own form, and could guess
    staff passwords there as often as they liked, past allauth's limits."""
    staff = UserFactory(is_staff=True, email="boss@example.com")
    staff.set_password(PASSWORD)
    staff.save()
    client.force_login(UserFactory())
    assert client.get("/en/admin/login/?next=/en/admin/").status_code == 403
    answer = client.post("/en/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert answer.status_code == 403
    assert client.session["_auth_user_id"] != str(staff.pk)


def test_the_admin_login_sends_staff_on_but_only_to_this_site(client, db):
    client.force_login(UserFactory(is_staff=True))
    onward = client.get("/en/admin/login/?next=/en/admin/partners/company/")
    assert onward["Location"] == "/en/admin/partners/company/"
    away = client.get("/en/admin/login/?next=https://evil.example/")
    assert away["Location"] == "/en/admin/"


def test_staff_reach_the_admin_after_signing_in(client, db):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    assert client.get("/en/admin/").status_code == 200


@pytest.mark.parametrize(
    "password",
    [
        "correct horse battery staple 2026",
        "the quick brown fox jumps over the lazy dog and then naps a while",  # 64
        "とても長い合言葉を覚えておく",
        "x" * 30 + " y" * 400,
    ],
)
def test_long_passphrases_are_welcome(password, db):
    validate_password(password, User(email="hanako@example.com"))


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("password1234", "too common"),
        ("qwertyuiop", "too common"),
        ("8472615093", "entirely numeric"),
        ("short1", "too short"),
        ("hanako@example.com", "too similar"),
        ("p" * 1025, "too long"),
    ],
)
def test_weak_or_absurd_passwords_are_refused(password, problem, db):
    with pytest.raises(ValidationError, match=problem):
        validate_password(password, User(email="hanako@example.com"))


def test_signing_up_with_a_common_password_says_why(client, db):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "new@example.com", "password1": "password1234", "password2": "password1234"},
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(email="new@example.com").exists()


@pytest.mark.parametrize(
    "passphrase",
    [
        "correct horse battery staple 2026",
        "the quick brown fox jumps over the lazy dog and then naps a while",
    ],
)
def test_signing_up_with_a_long_passphrase_works(client, db, passphrase):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "new@example.com",
            "password1": passphrase,
            "password2": passphrase,
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(email="new@example.com").check_password(passphrase)


def test_signing_up_with_a_password_like_the_e_mail_is_refused(client, db):
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "yamada.taro@example.com",
            "password1": "yamada.taro",
            "password2": "yamada.taro",
        },
    )
    assert response.status_code == 200
    assert "too similar to the e-mail address" in response.content.decode()
    assert not User.objects.filter(email="yamada.taro@example.com").exists()
