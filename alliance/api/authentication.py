"""Personal API tokens: ``Authorization: Bearer kyo_<prefix>_<secret>``.

A token is looked up by the SHA-256 digest of the whole text (the only thing
stored), so neither the lookup nor a comparison of the secret depends on how
much of a guess was right. Revoked tokens and inactive users authenticate
nothing; ``last_used_at`` is written at most once a minute per token, so busy
integrations do not turn every read into a write. A valid token is kept in the
shared cache for ``CREDENTIAL_SECONDS`` under the version of all credentials
(``alliance.versions.AUTH``): revoking any token, or saving any account (staff,
active, password), renews that version, so nothing revoked is ever taken from it.
"""

from __future__ import annotations

import copy
import hmac
from datetime import date, datetime, timedelta

from django.db.models import Q
from django.db.models.base import ModelState
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from alliance import versions
from alliance.api import ahead
from alliance.cache import loads, read_and_count
from partners.models import ApiToken, User
from partners.services.tokens import TOKEN_PATTERN, token_digest

KEYWORD = "Bearer"
LAST_USED_EVERY = timedelta(minutes=1)
CREDENTIAL_SECONDS = 300
#: Owners of the tokens this process authenticated (a token never changes owner): a
#: hint for reading ahead, never a credential. Forgotten when a token is refused.
_OWNERS: dict[str, int] = {}
OWNERS_KEPT = 10_000


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Authenticates ``Authorization: Bearer kyo_…`` with a member's personal API token."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None  # another scheme (or none): let the next class try
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Invalid Authorization header: give the token after “Bearer”, without spaces.")
            )
        try:
            text = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid API token.")) from None
        try:
            return self._authenticate(text, request)
        except exceptions.AuthenticationFailed:
            _OWNERS.pop(token_digest(text), None)
            raise

    def _authenticate(self, text: str, request: Request) -> tuple[User, ApiToken]:
        found = TOKEN_PATTERN.fullmatch(text)
        digest = token_digest(text)
        # A valid credential is kept in the cache under the version of all credentials,
        # which revoking a token or changing an account renews (``alliance.versions``).
        key = f"credential:{digest}"
        token, at = self._kept(key, digest, request) if found else (None, ())
        kept = token is not None
        if token is None and found:
            token = ApiToken.objects.select_related("user").filter(digest=digest).first()
        # The digest matched in the database; compare again in constant time so that
        # the decision never hangs on a string comparison of our own.
        if token is None or not hmac.compare_digest(token.digest, digest):
            raise exceptions.AuthenticationFailed(_("Invalid API token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API token has been revoked."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is inactive."))
        if _last_used_touch(token) or not kept:
            versions.cached_set(key, token, at, timeout=CREDENTIAL_SECONDS)
        if len(_OWNERS) >= OWNERS_KEPT:
            _OWNERS.clear()
        _OWNERS[digest] = token.user_id
        return token.user, token

    def _kept(self, key: str, digest: str, request: Request) -> tuple[ApiToken | None, tuple]:
        """The credential kept in the cache, at its version. If the view reads ahead and
        this process saw the token before (so knows its owner), the owner's rate count
        and the view's reads come in the same round trip (``alliance.api.ahead``)."""
        read = ahead.ahead_of(request)
        owner = _OWNERS.get(digest) if read is not None else None
        if owner is None:
            return versions.cached_get(key, [versions.AUTH])
        counter = read.counter_for(owner)
        reads = [*versions.cached_keys(key, [versions.AUTH]), *read.reads_for(owner)]
        found, counted = read_and_count(reads, counter, raw=[key])
        if isinstance(found.get(key), bytes):  # as Redis holds it: decode
            found[key] = _credential(found[key])
        token, at = versions.cached_get(key, [versions.AUTH], found)
        if token is not None and token.user_id == owner:
            read.settle(owner, found, counted)
        return token, at

    def authenticate_header(self, request: Request) -> str:
        # Makes a missing or refused credential a 401 (with this challenge), not a 403.
        return f'{KEYWORD} realm="api"'


#: Credentials as kept in the cache (the bytes) and decoded: decoding a token and its
#: user is most of reading one. Each request gets instances of its own (``_fresh``).
_DECODED: dict[bytes, tuple] = {}
DECODED_KEPT = 1_000


def _credential(data: bytes) -> tuple:
    """A credential read ahead (``(versions, token)``, as ``cached_set`` kept it)."""
    entry = _DECODED.get(data)
    if entry is None:
        entry = loads(data)
        if len(_DECODED) >= DECODED_KEPT:
            _DECODED.clear()
        _DECODED[data] = entry
    at, token = entry
    return at, _fresh(token)


_IMMUTABLE = frozenset({int, str, bool, bytes, type(None), datetime, date})


def _fresh(token: ApiToken) -> ApiToken:
    """A copy of the token and of its user that shares nothing mutable with them."""
    user = _copy(token.user)
    token = _copy(token)
    token._state.fields_cache = {"user": user}
    return token


def _copy(instance):
    other = object.__new__(type(instance))
    other.__dict__.update(
        (name, value if type(value) in _IMMUTABLE else copy.deepcopy(value))
        for name, value in instance.__dict__.items()
        if name != "_state"
    )
    state = other._state = ModelState()
    state.db, state.adding = instance._state.db, instance._state.adding
    return other


def _last_used_touch(token: ApiToken) -> bool:
    """Write ``last_used_at`` if it is older than a minute; whether it was."""
    now = timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_EVERY:
        return False
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY)
    ).update(last_used_at=now)
    token.last_used_at = now
    return True
