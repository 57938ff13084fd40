from django.contrib import admin

from eig.cohortlife.models import (
    Attendance,
    ChallengeOutcome,
    ChecklistItem,
    ChecklistTemplateItem,
    Contract,
    FellowAccount,
    OutcomeLink,
    Reminder,
)


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0
    fields = ["position", "title", "responsible", "due_on", "done_at", "done_by"]
    readonly_fields = ["done_by"]


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["fellow", "cohort", "starts_on", "ends_on", "employer", "signed_on"]
    list_filter = ["cohort"]
    search_fields = ["fellow__name"]
    autocomplete_fields = ["fellow", "challenge", "employer"]
    inlines = [ChecklistItemInline]


@admin.register(ChecklistTemplateItem)
class ChecklistTemplateItemAdmin(admin.ModelAdmin):
    list_display = ["title", "cohort", "responsible", "due_days", "position"]
    list_filter = ["cohort", "responsible"]


@admin.register(FellowAccount)
class FellowAccountAdmin(admin.ModelAdmin):
    list_display = ["fellow", "user", "linked_at"]
    search_fields = ["fellow__name", "user__email"]
    raw_id_fields = ["fellow", "user", "linked_by"]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["contract", "kind", "sent_at"]
    list_filter = ["kind"]
    raw_id_fields = ["contract", "email"]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["event", "fellow", "mentor", "present", "noted_at"]
    list_filter = ["present", "event__kind"]
    raw_id_fields = ["event", "fellow", "mentor", "noted_by"]


class OutcomeLinkInline(admin.TabularInline):
    model = OutcomeLink
    extra = 0


@admin.register(ChallengeOutcome)
class ChallengeOutcomeAdmin(admin.ModelAdmin):
    list_display = ["challenge", "status", "is_published", "updated_at"]
    list_filter = ["status", "is_published"]
    search_fields = ["challenge__title"]
    raw_id_fields = ["challenge", "updated_by"]
    inlines = [OutcomeLinkInline]
