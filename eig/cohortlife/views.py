from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import public, role_required
from eig.challenges.models import Challenge, MentorKind
from eig.cohortlife import selectors, services
from eig.cohortlife.forms import (
    AccountLinkForm,
    AlumniForm,
    AttendanceForm,
    ChecklistTemplateItemForm,
    ContractForm,
    OutcomeForm,
)
from eig.cohortlife.models import ChecklistItem, ChecklistTemplateItem, OutcomeStatus
from eig.cohortlife.stats import cohort_statistics, statistics_blocks
from eig.cohorts.models import Cohort
from eig.cohorts.selectors import cohort_figures
from eig.core.pagination import breadcrumb, paginate

# Public ----------------------------------------------------------------------------------


@public
def statistics(request):
    """Public: anyone. The programme in figures: charts (SVG) and their tables."""
    context = {
        "blocks": statistics_blocks(),
        "breadcrumb_data": breadcrumb(_("Statistiques")),
    }
    return render(request, "cohortlife/statistics.html", context)


@public
def alumni(request):
    """Public: anyone. Former fellows who keep a public profile, and what they did next."""
    context = {
        "page_obj": paginate(request, selectors.alumni(), 24),
        "breadcrumb_data": breadcrumb(
            _("Les ancien·nes"), (_("Les EIG"), reverse("cohorts:fellow_list"))
        ),
    }
    return render(request, "cohortlife/alumni.html", context)


# Fellows ------------------------------------------------------------------------------------


@role_required(Role.FELLOW)
def fellow_space(request):
    """Fellows: their contract, onboarding checklist, sessions and alumni profile."""
    fellow = selectors.fellow_of(request.user)
    contracts = list(selectors.contracts_of_user(request.user).order_by("-starts_on"))
    context = {
        "fellow": fellow,
        "contracts": contracts,
        "sessions": list(selectors.fellow_sessions(fellow)[:50]) if fellow else [],
        "alumni_form": AlumniForm(
            initial={"is_public": fellow.is_public, "next_steps": fellow.next_steps}
        )
        if fellow
        else None,
    }
    return render(request, "cohortlife/fellow_space.html", context)


@role_required(Role.FELLOW)
@require_POST
def fellow_tick(request, pk: int):
    """Fellows: tick or untick a step of their own checklist (404 for anyone else's)."""
    item = get_object_or_404(
        ChecklistItem.objects.filter(contract__fellow__account_link__user=request.user), pk=pk
    )
    services.checklist_tick(item=item, done=request.POST.get("done") == "1", by=request.user)
    return redirect(reverse("cohortlife:fellow_space") + f"#etape-{item.pk}")


@role_required(Role.FELLOW)
@require_POST
def fellow_profile(request):
    """Fellows: publish or hide their profile, say what they did next."""
    fellow = selectors.fellow_of(request.user)
    if fellow is None:
        messages.error(request, _("Votre compte n'est pas encore lié à un profil d'EIG."))
        return redirect("cohortlife:fellow_space")
    form = AlumniForm(request.POST)
    if form.is_valid():
        services.alumni_profile_update(fellow=fellow, **form.cleaned_data)
        messages.success(request, _("Votre profil est enregistré."))
    else:
        messages.error(request, _("Le texte est trop long (4 000 signes au plus)."))
    return redirect("cohortlife:fellow_space")


# The programme team -------------------------------------------------------------------------


@role_required(Role.STAFF)
def staff_cohorts(request):
    """Staff: every cohort, with published and computed figures, and the way in."""
    figures = cohort_figures(Cohort.objects.select_related("programme"))
    # Plain dicts: a template looks `row.pairs` up as `row["pairs"]` first, which
    # CohortFigures answers by figure label.
    rows = [
        {"cohort": f.cohort, "pairs": list(f.pairs)}
        for f in sorted(figures.values(), key=lambda f: (-f.cohort.year, f.cohort.slug))
    ]
    return render(request, "cohortlife/staff_cohorts.html", {"rows": rows})


def _cohort(slug: str) -> Cohort:
    return get_object_or_404(Cohort.objects.select_related("programme"), slug=slug)


@role_required(Role.STAFF)
def staff_cohort(request, slug: str):
    """Staff: a cohort's onboarding (contracts, checklists, accounts) and sessions."""
    cohort = _cohort(slug)
    context = {
        "cohort": cohort,
        "rows": selectors.cohort_onboarding(cohort),
        "template_items": list(cohort.checklist_template.all()),
        "sessions": list(selectors.cohort_sessions(cohort)[:50]),
    }
    return render(request, "cohortlife/staff_cohort.html", context)


@role_required(Role.STAFF)
@require_POST
def staff_onboarding_open(request, slug: str):
    """Staff: a contract and a checklist for every fellow of the cohort."""
    cohort = _cohort(slug)
    try:
        created = services.cohort_onboarding_open(cohort=cohort)
    except services.CohortLifeError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(n)s nouveau(x) contrat(s), checklists à jour.") % {"n": created}
        )
    return redirect("cohortlife:staff_cohort", slug=cohort.slug)


@role_required(Role.STAFF)
def staff_checklist_template(request, slug: str):
    """Staff: the onboarding steps of a cohort; a new step reaches every checklist."""
    cohort = _cohort(slug)
    form = ChecklistTemplateItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.checklist_template_add(cohort=cohort, **form.cleaned_data)
        messages.success(request, _("Étape ajoutée à toutes les checklists de la promotion."))
        return redirect("cohortlife:staff_checklist_template", slug=cohort.slug)
    context = {"cohort": cohort, "form": form, "items": list(cohort.checklist_template.all())}
    return render(request, "cohortlife/staff_checklist_template.html", context)


@role_required(Role.STAFF)
@require_POST
def staff_checklist_template_default(request, slug: str):
    """Staff: start from the programme's usual steps."""
    cohort = _cohort(slug)
    services.checklist_template_default(cohort=cohort)
    for contract in cohort.contracts.all():
        services.checklist_sync(contract=contract)
    return redirect("cohortlife:staff_checklist_template", slug=cohort.slug)


@role_required(Role.STAFF)
@require_POST
def staff_checklist_template_remove(request, slug: str, pk: int):
    """Staff: remove a step (kept where it is already ticked)."""
    item = get_object_or_404(ChecklistTemplateItem, pk=pk, cohort__slug=slug)
    services.checklist_template_remove(item=item)
    messages.success(request, _("Étape retirée."))
    return redirect("cohortlife:staff_checklist_template", slug=slug)


@role_required(Role.STAFF)
def staff_contract(request, pk: int):
    """Staff: a fellow's contract, checklist, account and sessions."""
    contract = get_object_or_404(selectors.contract_detail_queryset(), pk=pk)
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Contrat enregistré."))
        return redirect("cohortlife:staff_contract", pk=contract.pk)
    link = getattr(contract.fellow, "account_link", None)
    context = {
        "contract": contract,
        "form": form,
        "account": link.user if link else None,
        "account_form": AccountLinkForm(initial={"email": link.user.email} if link else None),
        "sessions": list(selectors.fellow_sessions(contract.fellow)[:50]),
    }
    return render(request, "cohortlife/staff_contract.html", context)


@role_required(Role.STAFF)
@require_POST
def staff_tick(request, pk: int, item_pk: int):
    """Staff: tick or untick a step of a fellow's checklist."""
    item = get_object_or_404(ChecklistItem, pk=item_pk, contract_id=pk)
    services.checklist_tick(item=item, done=request.POST.get("done") == "1", by=request.user)
    return redirect(reverse("cohortlife:staff_contract", kwargs={"pk": pk}) + f"#etape-{item.pk}")


@role_required(Role.STAFF)
@require_POST
def staff_account_link(request, pk: int):
    """Staff: link the fellow's profile to an account (inviting the person)."""
    contract = get_object_or_404(selectors.contract_detail_queryset(), pk=pk)
    form = AccountLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Saisissez une adresse e-mail valide."))
    else:
        try:
            services.fellow_account_link(
                fellow=contract.fellow,
                email=form.cleaned_data["email"],
                by=request.user,
            )
        except services.CohortLifeError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Compte lié ; la personne a reçu une invitation."))
    return redirect("cohortlife:staff_contract", pk=contract.pk)


@role_required(Role.STAFF)
def staff_challenge(request, pk: int):
    """Staff: a défi's follow-up: mentors, sessions, and its outcome."""
    challenge = get_object_or_404(selectors.challenge_follow_up_queryset(), pk=pk)
    outcome = selectors.outcome_of(challenge)
    form = OutcomeForm(request.POST or None, initial=OutcomeForm.initial_from(outcome))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.outcome_save(
            challenge=challenge,
            status=data["status"],
            summary=data["summary"],
            is_published=data["is_published"],
            links=form.link_rows(),
            by=request.user,
        )
        messages.success(request, _("Résultat du défi enregistré."))
        return redirect("cohortlife:staff_challenge", pk=challenge.pk)
    groups = selectors.mentors_by_kind(challenge)
    context = {
        "challenge": challenge,
        "form": form,
        "outcome": outcome,
        "operational": groups[MentorKind.OPERATIONAL],
        "strategic": groups[MentorKind.STRATEGIC],
        "other_mentors": groups[MentorKind.UNSPECIFIED],
        "sessions": list(selectors.challenge_sessions(challenge)[:50]),
    }
    return render(request, "cohortlife/staff_challenge.html", context)


@role_required(Role.STAFF)
def attendance(request, pk: int):
    """Staff: take attendance at a mentoring session or a cohort gathering."""
    event = get_object_or_404(selectors.attendance_detail_queryset(), pk=pk)
    fellows, mentors = selectors.expected_people(event)
    form = AttendanceForm(request.POST or None, fellows=fellows, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        present = services.attendance_record(
            event=event,
            fellows=fellows,
            mentors=mentors,
            present_fellows={int(pk) for pk in form.cleaned_data["fellows"]},
            present_mentors={int(pk) for pk in form.cleaned_data.get("mentors", [])},
            by=request.user,
        )
        messages.success(
            request, _("Présences enregistrées : %(n)s personne(s) présente(s).") % {"n": present}
        )
        return redirect("cohortlife:attendance", pk=event.pk)
    if request.method != "POST":
        noted = list(event.attendances.all())
        form.initial = {
            "fellows": [str(a.fellow_id) for a in noted if a.fellow_id and a.present],
            "mentors": [str(a.mentor_id) for a in noted if a.mentor_id and a.present],
        }
    context = {
        "event": event,
        "form": form,
        "expected": len(fellows) + len(mentors),
        "noted": bool(event.attendances.all()),
    }
    return render(request, "cohortlife/attendance.html", context)


@role_required(Role.STAFF)
def staff_report(request, slug: str):
    """Staff: the yearly report of a cohort, printable (figures, défis, outcomes)."""
    cohort = _cohort(slug)
    figures = list(cohort_figures(Cohort.objects.filter(pk=cohort.pk))[cohort.pk].pairs)
    statistics = next((s for s in cohort_statistics() if s.cohort.pk == cohort.pk), None)
    challenges = list(selectors.report_challenges(cohort))
    sessions = list(selectors.cohort_sessions(cohort))
    context = {
        "cohort": cohort,
        "figures": figures,
        "statistics": statistics,
        "challenges": challenges,
        "sessions": sessions,
        "outcome_counts": _outcome_counts(challenges),
    }
    return render(request, "cohortlife/report.html", context)


def _outcome_counts(challenges: list[Challenge]) -> list[tuple[str, int]]:
    counts = dict.fromkeys(OutcomeStatus, 0)
    missing = 0
    for challenge in challenges:
        outcome = getattr(challenge, "outcome", None)
        if outcome is None:
            missing += 1
        else:
            counts[OutcomeStatus(outcome.status)] += 1
    rows = [(str(status.label), n) for status, n in counts.items()]
    return [*rows, (_("Non renseigné"), missing)]
