"""Staff views of matching runs and suggestions: read-only, computed by the workers."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from matching.models import (
    Dismissal,
    Heartbeat,
    MatchBlock,
    MatchRun,
    PhraseEmbedding,
    SavedSuggestion,
    Suggestion,
    SuggestionList,
    SuggestionsSeen,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MatchBlockInline(admin.TabularInline):
    model = MatchBlock
    fields = ("index", "status", "attempts", "claimed_at", "size")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    @admin.display(description=_("companies"))
    def size(self, block):
        return len(block.company_ids)

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MatchRun)
class MatchRunAdmin(ReadOnlyAdmin):
    list_display = (
        "id", "kind", "status", "progress_percent", "companies_count", "suggestions_count",
        "exposure_gini", "duration", "created_at", "finished_at",
    )  # fmt: skip
    list_filter = ("kind", "status", "include_same_division")
    # The exposure cutoffs are one number per company: far too many for a page.
    exclude = ("exposure_cutoffs",)
    readonly_fields = [f.name for f in MatchRun._meta.fields if f.name != "exposure_cutoffs"] + [
        "progress_percent",
        "duration",
        "exposure_limited",
    ]

    @admin.display(description=_("companies with an exposure cutoff"))
    def exposure_limited(self, run):
        return "—" if run.exposure_cutoffs is None else len(run.exposure_cutoffs)

    inlines = [MatchBlockInline]
    date_hierarchy = "created_at"

    @admin.display(description=_("progress"))
    def progress_percent(self, run):
        return f"{run.progress:.0%}"

    @admin.display(description=_("duration"))
    def duration(self, run):
        return run.duration


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ("company", "rank", "partner", "score", "run")
    list_filter = ("run__kind", "run__status", "partner__industry")
    search_fields = ("company__key", "company__name", "partner__key", "partner__name")
    list_select_related = ("company", "partner", "run")
    readonly_fields = ("run", "company", "partner", "rank", "score", "components", "reasons")
    raw_id_fields = ("run", "company", "partner")
    show_full_result_count = False


@admin.register(MatchBlock)
class MatchBlockAdmin(ReadOnlyAdmin):
    list_display = ("run", "index", "status", "attempts", "claimed_at")
    list_filter = ("status",)
    list_select_related = ("run",)
    readonly_fields = ("run", "index", "status", "attempts", "claimed_at", "company_ids")
    show_full_result_count = False


@admin.register(SuggestionList)
class SuggestionListAdmin(ReadOnlyAdmin):
    list_display = ("company", "run", "updated_at")
    search_fields = ("company__key", "company__name")
    list_select_related = ("company", "run")
    readonly_fields = ("company", "run", "updated_at")
    show_full_result_count = False


@admin.register(PhraseEmbedding)
class PhraseEmbeddingAdmin(ReadOnlyAdmin):
    list_display = ("text", "model", "created_at")
    list_filter = ("model",)
    search_fields = ("text",)
    # The vector is binary: its bytes mean nothing on a page.
    exclude = ("vector",)
    readonly_fields = ("text", "model", "digest", "created_at")
    show_full_result_count = False


@admin.register(Dismissal)
class DismissalAdmin(ReadOnlyAdmin):
    list_display = ("company", "partner", "reason", "created_at")
    list_filter = ("reason",)
    search_fields = ("company__key", "company__name", "partner__key", "partner__name", "note")
    list_select_related = ("company", "partner")
    readonly_fields = ("company", "partner", "reason", "note", "created_at")


@admin.register(SavedSuggestion)
class SavedSuggestionAdmin(ReadOnlyAdmin):
    list_display = ("company", "partner", "created_at")
    search_fields = ("company__key", "company__name", "partner__key", "partner__name")
    list_select_related = ("company", "partner")
    readonly_fields = ("company", "partner", "created_at")


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ("name", "seen_at")
    readonly_fields = ("name", "seen_at")


@admin.register(SuggestionsSeen)
class SuggestionsSeenAdmin(ReadOnlyAdmin):
    list_display = ("user", "company", "seen_at")
    search_fields = ("user__email", "company__key", "company__name")
    list_select_related = ("user", "company")
    readonly_fields = ("user", "company", "seen_at", "partner_ids")
