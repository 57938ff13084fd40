"""Django admin (superusers): the calls, and applications read-only.

Applications change only through their services (state machine, deadline,
history), so the admin shows them without letting anyone edit them; files
have no URL and are downloaded from the team's pages (/gestion/candidatures/).
"""

from django.contrib import admin
from django.db import models

from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationChoice,
    ApplicationDocument,
    ApplicationMessage,
    ApplicationRevision,
    ApplicationTransition,
)


@admin.register(ApplicationCall)
class ApplicationCallAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "opens_at", "closes_at", "max_choices", "is_published"]
    list_filter = ["is_published", "cohort"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ChoiceInline(ReadOnlyInline):
    model = ApplicationChoice
    fields = ["rank", "challenge", "motivation"]


class DocumentInline(ReadOnlyInline):
    model = ApplicationDocument
    fields = ["kind", "original_name", "size", "pages", "uploaded_at", "replaced_at"]


class TransitionInline(ReadOnlyInline):
    model = ApplicationTransition
    fields = ["from_state", "to_state", "by", "at", "comment"]


class RevisionInline(ReadOnlyInline):
    model = ApplicationRevision
    fields = ["section", "changes", "by", "at"]


class MessageInline(ReadOnlyInline):
    model = ApplicationMessage
    fields = ["from_team", "author", "body", "created_at"]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "call", "profile", "state", "submitted_at"]
    list_filter = ["state", "profile", "call"]
    list_select_related = ["call"]
    search_fields = ["last_name", "first_name", "candidate__email"]
    exclude = ["search_document"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [ChoiceInline, DocumentInline, TransitionInline, RevisionInline, MessageInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
