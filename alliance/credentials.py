"""Signed-in users and API tokens kept in the shared cache as plain values.

A page loads its user from the session, an API request its token and user: each one
read of the cache here instead of a query. Kept are the rows' values
(``QuerySet.values()``), never instances; each request builds its own with
``Model.from_db``. An entry is removed directly when its rows change (``forget_*``,
called by the services and by ``partners.receivers``): a changed password, a
deactivated account or a revoked token is refused at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import models, transaction

SECONDS = 300


def rebuilt(model: type[models.Model], values: dict[str, Any]) -> models.Model:
    return model.from_db("default", list(values), list(values.values()))


def user_key(user_id: int) -> str:
    return f"credential:user:{user_id}"


def token_key(digest: str) -> str:
    return f"credential:token:{digest}"


def forget_user(user_id: int) -> None:
    """The user's row changed: its entry and those of its tokens go, now and at commit."""
    from partners.models import ApiToken

    digests = ApiToken.objects.filter(user_id=user_id).values_list("digest", flat=True)
    _forget([user_key(user_id), *(token_key(d) for d in digests)])


def forget_tokens(digests: Iterable[str]) -> None:
    _forget([token_key(d) for d in digests])


def _forget(keys: list[str]) -> None:
    cache.delete_many(keys)
    # Again after commit: a request may have read the old row before the commit.
    transaction.on_commit(lambda: cache.delete_many(keys), robust=True)


class _KeptUser:
    def get_user(self, user_id):
        values = cache.get(user_key(user_id))
        if values is None:
            values = get_user_model().objects.filter(pk=user_id).values().first()
            if values is None:
                return None
            cache.set(user_key(user_id), values, SECONDS)
        user = rebuilt(get_user_model(), values)
        return user if self.user_can_authenticate(user) else None


class KeptModelBackend(_KeptUser, ModelBackend):
    """Django's model backend (sign-in by e-mail and password)."""


class KeptAllauthBackend(_KeptUser, AuthenticationBackend):
    """django-allauth's backend (its sign-in forms)."""
