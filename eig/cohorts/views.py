from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eig.accounts.permissions import public
from eig.cohorts.forms import FellowFilterForm
from eig.cohorts.selectors import (
    cohort_challenges,
    cohort_profile_mix,
    cohorts_with_counts,
    fellow_detail_queryset,
    public_fellows,
)
from eig.core.pagination import breadcrumb, paginate


@public
def cohort_list(request):
    """Public: anyone. Every published cohort with its figures."""
    page = paginate(request, cohorts_with_counts(), 20)
    context = {"page_obj": page, "breadcrumb_data": breadcrumb(_("Promotions"))}
    return render(request, "cohorts/cohort_list.html", context)


@public
def cohort_detail(request, slug: str):
    """Public: anyone. A cohort: published and computed figures, dates, défis."""
    cohort = get_object_or_404(cohorts_with_counts(), slug=slug)
    return render_cohort(request, cohort)


def render_cohort(request, cohort, *, extra: dict | None = None):
    """The cohort's public page, for `cohort` as given (published or, for the
    staff's preview, not yet)."""
    context = {
        "cohort": cohort,
        "profile_mix": cohort_profile_mix(cohort),
        "page_obj": paginate(request, cohort_challenges(cohort), 24),
        "breadcrumb_data": breadcrumb(cohort.name, (_("Promotions"), reverse("cohorts:list"))),
        **(extra or {}),
    }
    return render(request, "cohorts/cohort_detail.html", context)


@public
def fellow_list(request):
    """Public: anyone. The fellows who agreed to a public profile, by cohort and profile."""
    form = FellowFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    context = {
        "form": form,
        "page_obj": paginate(request, public_fellows(**filters), 24),
        "is_filtered": any(filters.values()),
        "breadcrumb_data": breadcrumb(_("Les EIG")),
    }
    return render(request, "cohorts/fellow_list.html", context)


@public
def fellow_detail(request, slug: str):
    """Public: anyone. A fellow's public profile (404 unless they agreed to publish it)."""
    fellow = get_object_or_404(fellow_detail_queryset(), slug=slug)
    return render_fellow(request, fellow)


def render_fellow(request, fellow, *, extra: dict | None = None):
    """The fellow's public page, for `fellow` as given (public or, for the
    staff's preview, not yet)."""
    context = {
        "fellow": fellow,
        "breadcrumb_data": breadcrumb(fellow.name, (_("Les EIG"), reverse("cohorts:fellow_list"))),
        **(extra or {}),
    }
    return render(request, "cohorts/fellow_detail.html", context)
