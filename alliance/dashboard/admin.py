from django.contrib import admin

from alliance.dashboard.models import Snapshot


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin):
    """The last count of the dashboard's figures: written by a worker, read-only here."""

    list_display = ("key", "computed_at", "seconds")
    readonly_fields = ("key", "computed_at", "seconds", "data")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
