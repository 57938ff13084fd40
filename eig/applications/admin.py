from django.contrib import admin

from eig.applications.models import ApplicationCall


@admin.register(ApplicationCall)
class ApplicationCallAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "opens_at", "closes_at", "is_published"]
    list_filter = ["is_published", "cohort"]
