from django.contrib import admin

from eig.events.models import Event, Registration


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "location", "is_published"]
    list_filter = ["kind", "is_published", "cohort"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["challenges"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    """Read and search; places change only through eig/events/services.py."""

    list_display = ["name", "email", "event", "status", "position", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "email", "event__title"]
    raw_id_fields = ["event", "user"]
    readonly_fields = [
        "status",
        "position",
        "placed_at",
        "promoted_at",
        "cancelled_at",
        "reminded_at",
    ]
