from django.contrib import admin

from eig.cohorts.models import Cohort, Fellow, Programme, SelectionCriterion


class SelectionCriterionInline(admin.TabularInline):
    model = SelectionCriterion
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "monthly_net_pay", "duration_months", "cofunding_rate"]
    inlines = [SelectionCriterionInline]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "programme", "declared_fellows", "declared_challenges"]
    list_filter = ["programme", "is_published"]
    search_fields = ["name"]
    list_select_related = ["programme"]


@admin.register(Fellow)
class FellowAdmin(admin.ModelAdmin):
    list_display = ["name", "profile", "is_public"]
    list_filter = ["profile", "is_public", "cohorts"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["cohorts"]
    autocomplete_fields = ["challenges"]
