from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from eig.cohorts.models import Cohort, Fellow, Programme, SelectionCriterion
from eig.cohorts.selectors import cohort_figures, with_computed_figures


class SelectionCriterionInline(admin.TabularInline):
    model = SelectionCriterion
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "monthly_net_pay", "duration_months", "cofunding_rate"]
    inlines = [SelectionCriterionInline]


def _declared_slash_computed(declared, computed) -> str:
    return f"{'—' if declared is None else declared} / {computed}"


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "year", "programme", "fellows_figures", "challenges_figures"]
    list_filter = ["programme", "is_published"]
    search_fields = ["name"]
    list_select_related = ["programme"]
    readonly_fields = ["figures_comparison"]

    def get_queryset(self, request):
        return with_computed_figures(super().get_queryset(request))

    @admin.display(description=_("EIG publiés / calculés"))
    def fellows_figures(self, cohort: Cohort) -> str:
        return _declared_slash_computed(cohort.declared_fellows, cohort.computed_fellows)

    @admin.display(description=_("défis publiés / calculés"))
    def challenges_figures(self, cohort: Cohort) -> str:
        return _declared_slash_computed(cohort.declared_challenges, cohort.computed_challenges)

    @admin.display(description=_("chiffres publiés et calculés"))
    def figures_comparison(self, cohort: Cohort) -> str:
        """Declared figures (from figures.yml) beside those counted from the data."""
        if cohort.pk is None:
            return "—"
        figures = cohort_figures(Cohort.objects.filter(pk=cohort.pk))[cohort.pk]
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td><td>{}</td></tr>",
            (
                (pair.label, "—" if pair.declared is None else pair.declared, pair.computed)
                for pair in figures.pairs
            ),
        )
        return format_html(
            "<table><thead><tr><th></th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("publié"),
            _("calculé"),
            rows,
        )


@admin.register(Fellow)
class FellowAdmin(admin.ModelAdmin):
    list_display = ["name", "profile", "is_public"]
    list_filter = ["profile", "is_public", "cohorts"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["cohorts"]
    autocomplete_fields = ["challenges"]
    raw_id_fields = ["application"]
