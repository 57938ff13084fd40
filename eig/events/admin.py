from django.contrib import admin

from eig.events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "location", "is_published"]
    list_filter = ["kind", "is_published", "cohort"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["challenges"]
