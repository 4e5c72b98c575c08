"""Personal API tokens: made, listed and revoked by their member.

A token is ``kyo_<prefix>_<secret>``: the prefix (8 hex digits) is kept in clear so
that tokens can be told apart, the whole text only as its SHA-256 digest. The plain
text leaves ``api_token_create`` once and is never stored or shown again.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alliance import credentials
from partners.models import ApiToken, User

TOKEN_PREFIX = "kyo"
# kyo_<prefix: 8 hex digits>_<secret: URL-safe base64>
TOKEN_PATTERN = re.compile(r"kyo_([0-9a-f]{8})_([A-Za-z0-9_-]{20,128})")
MAX_ACTIVE_TOKENS = 20
MAX_NAME_LENGTH = ApiToken._meta.get_field("name").max_length


def token_digest(token: str) -> str:
    """The SHA-256 hex digest stored for a token (never the token itself)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _token_text() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """A new active token named ``name`` and its plain text (to be shown once).

    Raises ``ValidationError`` (field ``name``) for a blank or too long name, or when
    the user already has ``MAX_ACTIVE_TOKENS`` active tokens.
    """
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")}, code="required")
    if len(name) > MAX_NAME_LENGTH:
        raise ValidationError(
            {
                "name": _("The name may have at most %(max)d characters (it has %(length)d).")
                % {"max": MAX_NAME_LENGTH, "length": len(name)}
            },
            code="max_length",
        )
    # Lock the user's row so two requests at once cannot both pass the limit.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("You have %(max)d active tokens, the most allowed: revoke one you no longer use.")
            % {"max": MAX_ACTIVE_TOKENS},
            code="too_many",
        )
    prefix, text = _token_text()
    token = ApiToken.objects.create(user=user, name=name, prefix=prefix, digest=token_digest(text))
    return token, text


def api_token_revoke(*, user: User, token: ApiToken) -> bool:
    """Revoke the user's own token; False if it was revoked already.

    Raises ``PermissionError`` for someone else's token (views look tokens up
    through ``api_tokens_of`` so that this never happens).
    """
    if token.user_id != user.pk:
        raise PermissionError("a member revokes only their own tokens")
    changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    credentials.forget_tokens([token.digest])  # a queryset update: no signal says so
    token.refresh_from_db(fields=["revoked_at"])
    return changed == 1
