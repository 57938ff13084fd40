from django.contrib import admin

from eig.teams.models import MatchingRun, PairRule


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = ["cohort", "number", "mode", "seed", "status", "created_at", "created_by"]
    list_filter = ["status", "mode", "cohort"]
    raw_id_fields = ["cohort", "created_by", "confirmed_by"]
    readonly_fields = ["instance", "result"]


@admin.register(PairRule)
class PairRuleAdmin(admin.ModelAdmin):
    list_display = ["application", "kind", "challenge", "cohort", "created_by", "created_at"]
    list_filter = ["kind", "cohort"]
    raw_id_fields = ["cohort", "application", "challenge", "created_by"]
