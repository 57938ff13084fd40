"""Team formation screens for the programme team (/gestion/equipes/…)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import role_required
from eig.cohorts.models import Cohort, Fellow
from eig.core.pagination import breadcrumb, paginate
from eig.teams import selectors, services
from eig.teams.forms import ConfirmForm, RuleForm, RunForm
from eig.teams.models import MatchingRun, PairRule, RunStatus

CARDS_PER_PAGE = 24


def _cohort(slug: str) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("programme"), slug=slug)


def _crumbs(current: str, cohort: Cohort | None = None) -> dict:
    links = [(_("Formation des équipes"), reverse("teams:index"))]
    if cohort is not None:
        links.append((cohort.name, reverse("teams:cohort", kwargs={"slug": cohort.slug})))
    return breadcrumb(current, *links)


@role_required(Role.STAFF)
def index(request):
    """Staff: the cohorts, with their laureates and runs counted."""
    context = {
        "page_obj": paginate(request, selectors.cohorts_with_laureates(), 30),
        "breadcrumb_data": breadcrumb(_("Formation des équipes")),
    }
    return render(request, "teams/index.html", context)


def _cohort_page(request, cohort, *, run_form=None, rule_form=None, status=200):
    rule_form = rule_form or _rule_form(cohort)
    context = {
        "cohort": cohort,
        "run_form": run_form or RunForm(initial=_run_initial(cohort)),
        "rule_form": rule_form,
        "laureate_count": len(rule_form.fields["application"].choices) - 1,
        "challenge_count": len(rule_form.fields["challenge"].choices) - 1,
        "rules": list(selectors.cohort_rules(cohort)),
        "runs": paginate(request, selectors.cohort_runs(cohort), 20),
        "confirmed": selectors.last_confirmed(cohort),
        "breadcrumb_data": _crumbs(cohort.name),
    }
    return render(request, "teams/cohort.html", context, status=status)


def _run_initial(cohort) -> dict:
    return {"seed": selectors.last_seed(cohort)}


def _rule_form(cohort, data=None) -> RuleForm:
    return RuleForm(
        data,
        laureates=selectors.laureate_choices(cohort),
        challenges=selectors.challenge_choices(cohort),
    )


@role_required(Role.STAFF)
def cohort(request, slug: str):
    """Staff: a cohort's team formation: run it, pins and exclusions, the runs so far."""
    return _cohort_page(request, _cohort(slug))


@role_required(Role.STAFF)
@require_POST
def run_create(request, slug: str):
    """Staff: compute the teams (a new draft run) and show them."""
    cohort = _cohort(slug)
    form = RunForm(request.POST)
    if not form.is_valid():
        return _cohort_page(request, cohort, run_form=form, status=400)
    try:
        run = services.matching_run_create(
            cohort=cohort,
            by=request.user,
            mode=form.cleaned_data["mode"],
            seed=form.cleaned_data["seed"],
        )
    except services.TeamsError as error:
        form.add_error(None, error.message)
        return _cohort_page(request, cohort, run_form=form, status=400)
    return redirect("teams:run", slug=cohort.slug, number=run.number)


def _run(cohort, number) -> MatchingRun:
    return get_object_or_404(
        MatchingRun.objects.select_related("created_by", "confirmed_by"),
        cohort=cohort,
        number=number,
    )


@role_required(Role.STAFF)
def run(request, slug: str, number: int):
    """Staff: one run's teams side by side, each explained; pin or exclude from the cards."""
    cohort = _cohort(slug)
    matching_run = _run(cohort, number)
    view = selectors.run_teams(matching_run)
    context = {
        "cohort": cohort,
        "view": view,
        "run": matching_run,
        "page_obj": paginate(request, view.cards, CARDS_PER_PAGE),
        "here": request.get_full_path(),
        "breadcrumb_data": _crumbs(_("Essai n° %(n)s") % {"n": matching_run.number}, cohort),
    }
    return render(request, "teams/run.html", context)


def _back(request, cohort) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("teams:cohort", kwargs={"slug": cohort.slug})


@role_required(Role.STAFF)
@require_POST
def rule_create(request, slug: str):
    """Staff: pin a laureate to a défi or exclude them from it (from the form or a card)."""
    cohort = _cohort(slug)
    form = _rule_form(cohort, request.POST)
    from_card = bool(request.POST.get("next"))
    if not form.is_valid():
        if from_card:
            messages.error(request, _("Règle incomplète : choisissez une personne et un défi."))
            return redirect(_back(request, cohort))
        return _cohort_page(request, cohort, rule_form=form, status=400)
    try:
        rule = services.pair_rule_set(
            cohort=cohort,
            application_id=form.cleaned_data["application"],
            challenge_id=form.cleaned_data["challenge"],
            kind=form.cleaned_data["kind"],
            by=request.user,
        )
    except services.TeamsError as error:
        if from_card:
            messages.error(request, error.message)
            return redirect(_back(request, cohort))
        form.add_error(None, error.message)
        return _cohort_page(request, cohort, rule_form=form, status=400)
    messages.success(
        request,
        _("Règle enregistrée : %(rule)s. Relancez l'appariement pour l'appliquer.")
        % {"rule": rule},
    )
    return redirect(_back(request, cohort))


@role_required(Role.STAFF)
@require_POST
def rule_delete(request, slug: str, pk: int):
    """Staff: remove a pin or an exclusion."""
    cohort = _cohort(slug)
    rule = get_object_or_404(PairRule.objects.select_related("application"), cohort=cohort, pk=pk)
    services.pair_rule_remove(rule=rule)
    messages.success(request, _("Règle retirée. Relancez l'appariement pour l'appliquer."))
    return redirect(_back(request, cohort))


@role_required(Role.STAFF)
def run_confirm(request, slug: str, number: int):
    """Staff: the confirmation step; on POST the teams become the défis' fellows."""
    cohort = _cohort(slug)
    matching_run = _run(cohort, number)
    view = selectors.run_teams(matching_run, compare=False)
    placed = [member for card in view.cards for member in card.members]
    public = dict(
        Fellow.objects.filter(application_id__in=[p.application_id for p in placed]).values_list(
            "application_id", "is_public"
        )
    )
    people = [(p, public.get(p.application_id, False)) for p in placed]
    form = ConfirmForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.matching_run_confirm(
                run=matching_run, by=request.user, public=form.public_ids()
            )
        except services.TeamsError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Équipes confirmées : %(created)s profil(s) d'EIG créé(s), %(updated)s mis à "
                    "jour, %(public)s public(s)."
                )
                % {"created": report.created, "updated": report.updated, "public": report.public},
            )
            return redirect("teams:run", slug=cohort.slug, number=matching_run.number)
    context = {
        "cohort": cohort,
        "run": matching_run,
        "view": view,
        "form": form,
        "already": matching_run.status == RunStatus.CONFIRMED,
        "breadcrumb_data": _crumbs(
            _("Confirmer l'essai n° %(n)s") % {"n": matching_run.number}, cohort
        ),
    }
    return render(request, "teams/confirm.html", context, status=400 if form.is_bound else 200)
