"""``/api/v1/webhooks/``: a company's webhooks and their delivery log.

Thin, like the member pages (``partners.webhook_views``): serializers check the
shape of the input, ``partners.services.webhooks`` decides and writes. Only
members of a webhook's company see it; webhooks of other companies answer 404,
as missing ones do. The signing secret is in the answer of a create and of a
rotation, and never again.

The events themselves (what Kyoso sends to a webhook) are documented as
OpenAPI 3.1 ``webhooks`` (``SPECTACULAR_SETTINGS["WEBHOOKS"]``, built from
``WEBHOOK_EVENTS`` by ``webhook_event_docs``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    OpenApiWebhook,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from alliance.api.exceptions import InputRefused
from alliance.api.fields import StrictBooleanField, StrictCharField
from alliance.api.schema import SPACES, error_responses, interpolate_lazy, no_content
from partners.models import Company, Webhook, WebhookDelivery
from partners.selectors import company_of_member, webhook_deliveries, webhook_for_user, webhooks_of
from partners.services import webhooks as service
from partners.services.webhooks import MAX_WEBHOOKS_PER_COMPANY, USER_AGENT, WEBHOOK_EVENTS

from .views import COMPANY_PARAMETER

MAX_URL_LENGTH = Webhook._meta.get_field("url").max_length
MAX_DESCRIPTION_LENGTH = Webhook._meta.get_field("description").max_length

# One text for translators: the request stays as it is, its comments and the prose
# around it are translated.
SIGNATURE_SCHEME = interpolate_lazy(
    gettext_lazy(
        """Every event is one `POST` of a JSON body to the webhook's URL:

    POST <url>
    Content-Type: application/json
    User-Agent: %(user_agent)s
    Kyoso-Event: interest.received
    Kyoso-Delivery: 0b6f3c1e-…     (the event id: the same on every retry)
    Kyoso-Timestamp: 1767225600    (unix seconds of this attempt)
    Kyoso-Signature: sha256=<hex HMAC-SHA256(secret, "<timestamp>.<body>")>

    {"id": "0b6f3c1e-…", "event": "interest.received",
     "created": "2026-01-01T00:00:00+00:00", "data": {…}}

Verify the signature over the raw bytes of the body (before parsing the JSON)
with the webhook's signing secret, refuse timestamps more than a few minutes
old, and ignore an `id` you have already seen. Any 2xx answer counts as
delivered; anything else (redirects too) is retried with exponential backoff.
Each event's `data` is documented under the schema's `webhooks`."""
    ),
    user_agent=USER_AGENT,
)


EVENT_REQUEST = gettext_lazy(
    "Sent as `POST <url>` with the headers `Kyoso-Event`, `Kyoso-Delivery` (the event id), "
    "`Kyoso-Timestamp` (unix seconds) and `Kyoso-Signature: sha256=<hex HMAC-SHA256(secret, "
    '"<timestamp>.<raw body>")>`: see the operation `webhooks_create`.'
)


# --- Serializers -----------------------------------------------------------------------------


@extend_schema_serializer(description=gettext_lazy("A webhook, without its signing secret."))
class WebhookSerializer(serializers.ModelSerializer):
    company = serializers.SlugRelatedField(
        slug_field="key",
        read_only=True,
        help_text=gettext_lazy("Key of the company it belongs to."),
    )
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=Webhook.Event.choices),
        read_only=True,
        help_text=gettext_lazy("The events it receives."),
    )

    class Meta:
        model = Webhook
        fields = [
            "id",
            "company",
            "url",
            "events",
            "description",
            "active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


@extend_schema_serializer(
    description=gettext_lazy("A webhook with its signing secret: only in the answer of a create.")
)
class WebhookWithSecretSerializer(WebhookSerializer):
    secret = StrictCharField(
        read_only=True, help_text=gettext_lazy("Signs every delivery. Shown this once: keep it.")
    )

    class Meta(WebhookSerializer.Meta):
        fields = [*WebhookSerializer.Meta.fields, "secret"]
        read_only_fields = fields


def _events_field(**kwargs: Any) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=Webhook.Event.choices),
        min_length=1,
        max_length=len(Webhook.Event.choices),
        help_text=gettext_lazy("The events to receive (at least one)."),
        **kwargs,
    )


# The shape webhook_url_check reads (scheme in any case, surrounding spaces trimmed, no
# user name, a port up to 65535); whether the host is public is decided on the request.
_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[0-9]{1,4})"
WEBHOOK_URL_PATTERN = (
    rf"^[{SPACES}]*[Hh][Tt][Tt][Pp][Ss]://[A-Za-z0-9.-]+(:{_PORT})?"
    rf"([/?#][^{SPACES}\u0000]*)?[{SPACES}]*$"
)


@extend_schema_field(
    {
        "type": "string",
        "format": "uri",
        "pattern": WEBHOOK_URL_PATTERN,
        "maxLength": MAX_URL_LENGTH,
        "description": gettext_lazy(
            "An https:// URL of a public host: one that resolves to public "
            "addresses only (private, local and unresolvable hosts are refused with 400)."
        ),
    }
)
class WebhookUrlField(StrictCharField):
    """A webhook's URL: text here; ``webhook_url_check`` decides (public HTTPS host)."""

    trims_invisible = False  # the pattern above says which characters surround it


class WebhookCreateSerializer(serializers.Serializer):
    url = WebhookUrlField(max_length=MAX_URL_LENGTH)
    events = _events_field()
    description = StrictCharField(
        max_length=MAX_DESCRIPTION_LENGTH, required=False, allow_blank=True, default=""
    )


class WebhookUpdateSerializer(serializers.Serializer):
    url = WebhookUrlField(max_length=MAX_URL_LENGTH, required=False)
    events = _events_field(required=False)
    description = StrictCharField(
        max_length=MAX_DESCRIPTION_LENGTH, required=False, allow_blank=True
    )
    active = StrictBooleanField(required=False, help_text=gettext_lazy("false pauses the webhook."))


class WebhookSecretSerializer(serializers.Serializer):
    secret = StrictCharField(
        help_text=gettext_lazy(
            "The new signing secret; the old one stopped working. Shown this once."
        )
    )


@extend_schema_field(OpenApiTypes.OBJECT)
class _PayloadField(serializers.JSONField):
    pass


class WebhookDeliverySerializer(serializers.ModelSerializer):
    payload = _PayloadField(read_only=True, help_text=gettext_lazy("The event's `data`, as sent."))

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event",
            "event_id",
            "payload",
            "status",
            "attempts",
            "response_status",
            "response_body",
            "error",
            "next_attempt_at",
            "created_at",
            "delivered_at",
        ]
        read_only_fields = fields


# --- Views -----------------------------------------------------------------------------------


class DestinationRefused(APIException):
    """403 for a well-formed https:// URL whose host is not public (or does not resolve):
    nothing in the request is malformed, the destination is not allowed."""

    status_code = status.HTTP_403_FORBIDDEN
    default_code = "destination_refused"

    def __init__(self, messages: list[str]):
        super().__init__(messages[0])
        self.fields = {"url": messages}


def _refused(error: DjangoValidationError) -> APIException:
    """A service's ValidationError as the API's error format: 403 when only the URL's
    host is refused (well-formed, but not a destination Kyoso calls), 400 otherwise."""
    if not hasattr(error, "error_dict"):
        messages = error.messages
        return InputRefused({api_settings.NON_FIELD_ERRORS_KEY: messages}, message=messages[0])
    fields = error.error_dict
    if set(fields) == {"url"} and {e.code for e in fields["url"]} == {"address"}:
        return DestinationRefused(error.message_dict["url"])
    return InputRefused({name: list(messages) for name, messages in error})


def _company_of(request: Request) -> Company:
    key = request.query_params.get("company", "")
    company = company_of_member(user=request.user, key=key)
    if company is None:
        if key:
            raise NotFound(_("You are not a member of a company with this key."))
        raise NotFound(
            _("You are not a member of any company yet: create its profile on the site first.")
        )
    return company


def _webhook_of(request: Request, pk: int) -> Webhook:
    webhook = webhook_for_user(user=request.user, webhook_id=pk)
    if webhook is None:
        raise NotFound(_("No webhook found."))
    return webhook


_WEBHOOK_EXAMPLE = {
    "id": 7,
    "company": "hoshino-parts",
    "url": "https://hooks.example.com/kyoso",
    "events": ["interest.received", "match.created"],
    "description": "CRM integration",
    "active": True,
    "created_at": "2026-01-01T09:00:00+09:00",
    "updated_at": "2026-01-01T09:00:00+09:00",
}
_SECRET = "Jx3kq0S2u6pQ0f9rXo7mB1c4yT8wZ5eA2nV6hL0dK3s"
_URL_REFUSED = OpenApiExample(
    "Host not public",
    value={
        "code": "destination_refused",
        "message": "A webhook URL must point to a public HTTPS host.",
        "fields": {"url": ["A webhook URL must point to a public HTTPS host."]},
    },
    response_only=True,
    status_codes=["403"],
)
WEBHOOK_ID = OpenApiParameter(
    "id", int, OpenApiParameter.PATH, description=gettext_lazy("The webhook's id.")
)


class WebhookListView(generics.GenericAPIView):
    serializer_class = WebhookSerializer

    def get_queryset(self):
        return webhooks_of(company=_company_of(self.request)).select_related("company")

    @extend_schema(
        operation_id="webhooks_list",
        tags=["webhooks"],
        summary=gettext_lazy("Your company's webhooks"),
        description=gettext_lazy(
            "The webhooks of your company, newest first. Signing secrets are not shown."
        ),
        parameters=[COMPANY_PARAMETER],
        responses={200: WebhookSerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        operation_id="webhooks_create",
        tags=["webhooks"],
        summary=gettext_lazy("Register a webhook"),
        description=format_lazy(
            "{}\n\n{}",
            interpolate_lazy(
                gettext_lazy(
                    "Registers an HTTPS endpoint of your company that will receive the "
                    "events chosen (at most %(count)s webhooks per company). The answer "
                    "holds the signing secret, **shown this once**."
                ),
                count=MAX_WEBHOOKS_PER_COMPANY,
            ),
            SIGNATURE_SCHEME,
        ),
        parameters=[COMPANY_PARAMETER],
        request=WebhookCreateSerializer,
        responses={201: WebhookWithSecretSerializer, **error_responses(400, 403, 404)},
        examples=[
            OpenApiExample(
                "A webhook",
                value={
                    "url": "https://hooks.example.com/kyoso",
                    "events": ["interest.received", "match.created"],
                    "description": "CRM integration",
                },
                request_only=True,
            ),
            OpenApiExample(
                "Created",
                value={**_WEBHOOK_EXAMPLE, "secret": _SECRET},
                response_only=True,
                status_codes=["201"],
            ),
            _URL_REFUSED,
        ],
    )
    def post(self, request: Request) -> Response:
        company = _company_of(request)
        serializer = WebhookCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            webhook, secret = service.webhook_create(
                user=request.user, company=company, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise _refused(error) from None
        webhook.secret = secret
        return Response(WebhookWithSecretSerializer(webhook).data, status=status.HTTP_201_CREATED)


class WebhookDetailView(APIView):
    @extend_schema(
        operation_id="webhooks_read",
        tags=["webhooks"],
        summary=gettext_lazy("One webhook"),
        description=gettext_lazy(
            "A webhook of one of your companies (without its signing secret)."
        ),
        parameters=[WEBHOOK_ID],
        responses={200: WebhookSerializer, **error_responses(404)},
        examples=[OpenApiExample("A webhook", value=_WEBHOOK_EXAMPLE, response_only=True)],
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(WebhookSerializer(_webhook_of(request, pk)).data)

    @extend_schema(
        operation_id="webhooks_update",
        tags=["webhooks"],
        summary=gettext_lazy("Change a webhook"),
        description=gettext_lazy(
            "Changes the fields sent: the URL (checked again), the events, the description, "
            "or `active` (false pauses deliveries). The signing secret stays."
        ),
        parameters=[WEBHOOK_ID],
        request=WebhookUpdateSerializer,
        responses={200: WebhookSerializer, **error_responses(400, 403, 404)},
        examples=[
            OpenApiExample("Pause", value={"active": False}, request_only=True),
            _URL_REFUSED,
        ],
    )
    def patch(self, request: Request, pk: int) -> Response:
        webhook = _webhook_of(request, pk)
        serializer = WebhookUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        fields = {
            name: getattr(webhook, name) for name in ("url", "events", "description", "active")
        }
        fields.update(serializer.validated_data)
        try:
            service.webhook_update(user=request.user, webhook=webhook, **fields)
        except DjangoValidationError as error:
            webhook.refresh_from_db()
            raise _refused(error) from None
        return Response(WebhookSerializer(webhook).data)

    @extend_schema(
        operation_id="webhooks_delete",
        tags=["webhooks"],
        summary=gettext_lazy("Remove a webhook"),
        description=gettext_lazy(
            "Removes the webhook and its delivery log; nothing more is sent to it."
        ),
        parameters=[WEBHOOK_ID],
        responses={**no_content(), **error_responses(404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        service.webhook_delete(user=request.user, webhook=_webhook_of(request, pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookSecretRotateView(APIView):
    @extend_schema(
        operation_id="webhooks_rotate_secret",
        tags=["webhooks"],
        summary=gettext_lazy("Make a new signing secret"),
        description=gettext_lazy(
            "Replaces the webhook's signing secret; the old one stops working at once "
            "(deliveries still being retried are signed with the new one). The new secret "
            "is shown this once."
        ),
        parameters=[WEBHOOK_ID],
        request=None,
        responses={200: WebhookSecretSerializer, **error_responses(404)},
        examples=[OpenApiExample("Rotated", value={"secret": _SECRET}, response_only=True)],
    )
    def post(self, request: Request, pk: int) -> Response:
        secret = service.webhook_secret_rotate(user=request.user, webhook=_webhook_of(request, pk))
        return Response({"secret": secret})


class WebhookDeliveryListView(generics.GenericAPIView):
    serializer_class = WebhookDeliverySerializer

    @extend_schema(
        operation_id="webhooks_deliveries_list",
        tags=["webhooks"],
        summary=gettext_lazy("A webhook's delivery log"),
        description=gettext_lazy(
            "Every event sent (or being sent) to the webhook, newest first, with the "
            "outcome of its last attempt: `pending`, `retrying` (see `next_attempt_at`), "
            "`succeeded` or `failed`."
        ),
        parameters=[WEBHOOK_ID],
        responses={200: WebhookDeliverySerializer(many=True), **error_responses(404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        rows = webhook_deliveries(webhook=_webhook_of(request, pk))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class WebhookDeliveryResendView(APIView):
    @extend_schema(
        operation_id="webhooks_deliveries_resend",
        tags=["webhooks"],
        summary=gettext_lazy("Send a failed delivery again"),
        description=gettext_lazy(
            "Starts a fresh series of attempts for a delivery that failed, with the same "
            "event id (`Kyoso-Delivery`), so receivers can still recognise a duplicate. "
            "Only failed deliveries can be sent again."
        ),
        parameters=[
            WEBHOOK_ID,
            OpenApiParameter(
                "delivery_id",
                int,
                OpenApiParameter.PATH,
                description=gettext_lazy("The delivery's id."),
            ),
        ],
        request=None,
        responses={202: WebhookDeliverySerializer, **error_responses(400, 404)},
    )
    def post(self, request: Request, pk: int, delivery_id: int) -> Response:
        webhook = _webhook_of(request, pk)
        delivery = get_object_or_404(WebhookDelivery, pk=delivery_id, webhook=webhook)
        try:
            delivery = service.webhook_redeliver(user=request.user, delivery=delivery)
        except DjangoValidationError as error:
            raise _refused(error) from None
        delivery.refresh_from_db()
        return Response(WebhookDeliverySerializer(delivery).data, status=status.HTTP_202_ACCEPTED)


# --- The events, as OpenAPI 3.1 webhooks ----------------------------------------------------


def _event_body(event: str, example: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "0b6f3c1e-5d1a-4c1e-9a57-6f2e8b0c4d11",
        "event": event,
        "created": "2026-01-01T00:00:00+00:00",
        "data": example,
    }


def _event_serializer(event: str, example: dict[str, Any]) -> serializers.Serializer:
    data_fields = {
        name: (
            serializers.IntegerField(allow_null=name == "run_id")
            if isinstance(value, int)
            else StrictCharField()
        )
        for name, value in example.items()
    }
    suffix = "".join(part.capitalize() for part in event.split("."))
    return inline_serializer(
        name=f"WebhookEvent{suffix}",
        fields={
            "id": serializers.UUIDField(
                help_text=gettext_lazy("The event id (the same on every retry).")
            ),
            "event": extend_schema_field({"type": "string", "enum": [event]})(StrictCharField()),
            "created": serializers.DateTimeField(),
            "data": inline_serializer(name=f"WebhookEvent{suffix}Data", fields=data_fields),
        },
    )


def webhook_event_docs() -> list[OpenApiWebhook]:
    """One OpenAPI webhook per event of ``WEBHOOK_EVENTS``: its body and an example."""
    return [
        OpenApiWebhook(
            name=str(event),
            decorator=extend_schema(
                summary=Webhook.Event(event).label,
                description=format_lazy("{}\n\n{}", doc["description"], EVENT_REQUEST),
                request={"application/json": _event_serializer(event, doc["example"])},
                examples=[
                    OpenApiExample(str(event), value=_event_body(event, doc["example"])),
                ],
                responses={
                    200: OpenApiResponse(
                        description=gettext_lazy(
                            "Any 2xx answer: delivered. Anything else is retried."
                        )
                    ),
                },
            ),
        )
        for event, doc in WEBHOOK_EVENTS.items()
    ]


WEBHOOK_EVENT_DOCS = webhook_event_docs()
