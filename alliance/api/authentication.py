"""Personal API tokens: ``Authorization: Bearer kyo_<prefix>_<secret>``, looked up by
the SHA-256 digest of the whole text (the only thing stored, indexed), so no lookup or
comparison depends on how much of a guess was right; kept as plain values in the cache
(``alliance.credentials``). ``last_used_at`` is written at most once a minute."""

from __future__ import annotations

import hmac
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from alliance import credentials
from partners.models import ApiToken, User
from partners.services.tokens import TOKEN_PATTERN, token_digest

KEYWORD = "Bearer"
LAST_USED_EVERY = timedelta(minutes=1)


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
        token = digest = None
        if TOKEN_PATTERN.fullmatch(text):
            digest = token_digest(text)
            token, values = _token(digest)
        # The digest matched in the database; compare again in constant time so that
        # the decision never hangs on a string comparison of our own.
        if token is None or not hmac.compare_digest(token.digest, digest):
            raise exceptions.AuthenticationFailed(_("Invalid API token."))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This API token has been revoked."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This account is inactive."))
        if _last_used_touch(token):
            values[0]["last_used_at"] = token.last_used_at
            cache.set(credentials.token_key(digest), values, credentials.SECONDS)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes a missing or refused credential a 401 (with this challenge), not a 403.
        return f'{KEYWORD} realm="api"'


def _token(digest: str) -> tuple[ApiToken | None, tuple]:
    """The token and its user (from the cache or the database), and their values."""
    key = credentials.token_key(digest)
    values = cache.get(key)
    if values is None:
        token = ApiToken.objects.filter(digest=digest).values().first()
        if token is None:
            return None, ()
        values = (token, User.objects.filter(pk=token["user_id"]).values().first())
        if values[1] is None:
            return None, ()
        cache.set(key, values, credentials.SECONDS)
    token = credentials.rebuilt(ApiToken, values[0])
    token.user = credentials.rebuilt(User, values[1])
    return token, values


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
