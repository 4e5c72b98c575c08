"""Staff views of companies, members, the co-creation flow, tokens and webhooks.

Companies are found by name, key or any profile text (Japanese included: the
search runs on ``search_text``); staff hide or show them again and rescore them
with actions. Secrets (token and invitation digests, webhook secrets) are never shown.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from partners.models import (
    Alliance,
    AllianceProposal,
    ApiToken,
    Company,
    CompanyKeyHistory,
    CompanyLogo,
    Consent,
    Interest,
    InterestWithdrawal,
    Invitation,
    Match,
    Membership,
    Notification,
    NotificationPreference,
    Report,
    ReviewRequest,
    User,
    Webhook,
    WebhookDelivery,
)
from partners.services.logos import company_logo_remove
from partners.services.moderation import companies_rescore, companies_visibility_set
from partners.services.webhooks import webhook_redeliver


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the product's own flows: staff look, they do not edit."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)


class CompanyKeyHistoryInline(admin.TabularInline):
    """Keys the company had before: its old addresses lead to it (read-only here)."""

    model = CompanyKeyHistory
    extra = 0
    fields = readonly_fields = ("key", "replaced_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class UserCreationForm(AdminUserCreationForm):
    """The admin's form for a new user: an e-mail address, no username (Kyoso has none)."""

    class Meta:
        model = User
        fields = ("email",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    """Users sign in with their e-mail address: Django's user admin without usernames."""

    add_form = UserCreationForm
    list_display = ("email", "language", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_active", "language")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "language")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin):
    list_display = (
        "name", "key", "industry", "region", "language", "visibility", "member_count",
        "updated_at",
    )  # fmt: skip
    list_filter = ("visibility", "industry", "language")
    search_fields = ("name", "key", "search_text")
    readonly_fields = ("search_text", "created_at", "updated_at", "member_count")
    inlines = (MembershipInline, CompanyKeyHistoryInline)
    actions = ("hide", "show_in_directory", "rescore")
    list_per_page = 50

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_total=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_total")
    def member_count(self, company):
        return company.member_total if hasattr(company, "member_total") else "—"

    def _visibility(self, request, queryset, visibility):
        ids = list(queryset.values_list("pk", flat=True))
        try:
            changed = companies_visibility_set(company_ids=ids, visibility=visibility)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d company changed; its suggestions are being recomputed.",
                "%(count)d companies changed; their suggestions are being recomputed.",
                changed,
            )
            % {"count": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("Hide the selected companies"))
    def hide(self, request, queryset):
        self._visibility(request, queryset, Company.Visibility.HIDDEN)

    @admin.action(description=_("List the selected companies in the directory again"))
    def show_in_directory(self, request, queryset):
        self._visibility(request, queryset, Company.Visibility.LISTED)

    @admin.action(description=_("Recompute the suggestions of the selected companies"))
    def rescore(self, request, queryset):
        count = companies_rescore(company_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext(
                "The suggestions of %(count)d company are being recomputed.",
                "The suggestions of %(count)d companies are being recomputed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Interest)
class InterestAdmin(ReadOnlyAdmin):
    list_display = ("sender", "recipient", "status", "created_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("sender__name", "recipient__name", "message")
    list_select_related = ("sender", "recipient")


@admin.register(InterestWithdrawal)
class InterestWithdrawalAdmin(ReadOnlyAdmin):
    list_display = ("sender", "recipient", "sent_at", "withdrawn_at")
    search_fields = ("sender__name", "recipient__name")
    list_select_related = ("sender", "recipient")


@admin.register(Match)
class MatchAdmin(ReadOnlyAdmin):
    list_display = ("company_a", "company_b", "created_at")
    search_fields = ("company_a__name", "company_b__name")
    list_select_related = ("company_a", "company_b")


@admin.register(AllianceProposal)
class AllianceProposalAdmin(ReadOnlyAdmin):
    list_display = ("match", "version", "proposed_by", "status", "starts_on", "created_at")
    list_filter = ("status",)
    search_fields = ("shared_goal", "conditions", "proposed_by__name")
    list_select_related = ("match__company_a", "match__company_b", "proposed_by")


@admin.register(Alliance)
class AllianceAdmin(ReadOnlyAdmin):
    list_display = ("company_a", "company_b", "starts_on", "ends_on", "created_at")
    search_fields = ("shared_goal", "company_a__name", "company_b__name")
    list_select_related = ("company_a", "company_b")


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "company", "other", "read_at", "created_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "company__name", "other__name")
    list_select_related = ("user", "company", "other")


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "email")
    list_filter = ("kind", "email")
    search_fields = ("user__email",)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    """Reports are handled in the staff queue (``/dashboard/reports/``), which hides the
    profile with a reason or dismisses the report; here staff look them up."""

    list_display = (
        "company", "reason", "status", "reporter", "reporter_company", "created_at",
        "resolved_by", "resolved_at",
    )  # fmt: skip
    list_filter = ("status", "reason")
    search_fields = ("company__name", "company__key", "details")
    list_select_related = ("company", "reporter", "reporter_company", "resolved_by")
    date_hierarchy = "created_at"


@admin.register(ReviewRequest)
class ReviewRequestAdmin(ReadOnlyAdmin):
    """Hidden companies' requests for a review are answered in the staff queue
    (``/dashboard/reports/``); here staff look them up."""

    list_display = (
        "company", "status", "requested_by", "created_at", "hidden_at", "resolved_by",
        "resolved_at",
    )  # fmt: skip
    list_filter = ("status",)
    search_fields = ("company__name", "company__key", "message")
    list_select_related = ("company", "requested_by", "resolved_by")
    date_hierarchy = "created_at"


@admin.register(Consent)
class ConsentAdmin(ReadOnlyAdmin):
    list_display = ("user", "terms_version", "accepted_at")
    list_filter = ("terms_version",)
    search_fields = ("user__email",)
    list_select_related = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("user__email", "name", "prefix")
    exclude = ("digest",)


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ("company", "email", "role", "invited_by", "created_at", "expires_at")
    list_filter = ("role", "accepted_at", "revoked_at")
    search_fields = ("company__name", "email")
    exclude = ("digest",)
    list_select_related = ("company", "invited_by")


class WebhookDeliveryInline(admin.TabularInline):
    model = WebhookDelivery
    fields = ("event", "status", "attempts", "response_status", "created_at", "delivered_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    max_num = 0
    ordering = ("-created_at",)


@admin.register(Webhook)
class WebhookAdmin(ReadOnlyAdmin):
    list_display = ("company", "url", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("company__name", "url", "description")
    exclude = ("secret",)
    list_select_related = ("company",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = (
        "webhook", "event", "status", "attempts", "response_status", "created_at", "delivered_at",
    )  # fmt: skip
    list_filter = ("status", "event")
    search_fields = ("webhook__company__name", "webhook__url", "event_id")
    list_select_related = ("webhook__company",)
    actions = ("resend",)

    @admin.action(description=_("Send the selected failed deliveries again"))
    def resend(self, request, queryset):
        sent, refused = 0, 0
        for delivery in queryset.select_related("webhook__company"):
            try:
                webhook_redeliver(user=request.user, delivery=delivery)
                sent += 1
            except ValidationError:
                refused += 1
        if sent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery is being sent again.",
                    "%(count)d deliveries are being sent again.",
                    sent,
                )
                % {"count": sent},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d delivery was not sent again: only failed ones can be.",
                    "%(count)d deliveries were not sent again: only failed ones can be.",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )


@admin.register(CompanyLogo)
class CompanyLogoAdmin(admin.ModelAdmin):
    """Staff remove a logo that breaks the rules; members upload logos on their own pages."""

    list_display = ("company", "width", "height", "updated_at")
    search_fields = ("company__name", "company__key")
    fields = ("company", "width", "height", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        company_logo_remove(company=obj.company)

    def delete_queryset(self, request, queryset):
        for logo in queryset.select_related("company"):
            company_logo_remove(company=logo.company)
