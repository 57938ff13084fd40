from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import public, role_required
from eig.accounts.selectors import agent_organizations, user_roles
from eig.audit.services import export_audited
from eig.challenges.models import Funding
from eig.core.exports import csv_stream
from eig.proposals import selectors, services
from eig.proposals.forms import (
    AssignForm,
    CallForm,
    ChallengeForm,
    ConflictForm,
    MentorFormSet,
    PresentationForm,
    ProposalCreateForm,
    ReviewForm,
    TeamForm,
    TransitionForm,
    proposal_initial,
)
from eig.proposals.models import (
    ChallengeCall,
    Criterion,
    Proposal,
    ProposalReview,
    ProposalState,
)
from eig.proposals.workflow import LABELS, next_states

STEPS = [
    ("presentation", gettext_lazy("Présentation")),
    ("defi", gettext_lazy("Le défi")),
    ("mentors", gettext_lazy("Mentors")),
    ("equipe", gettext_lazy("Équipe et cofinancement")),
]
STEP_NAMES = [name for name, _label in STEPS]


# Public --------------------------------------------------------------------


@public
def call_public(request):
    """Public: the current call for projects, its dates and the way in."""
    call = selectors.current_call()
    return render(
        request,
        "proposals/call_public.html",
        {"call": call, "state": call.state() if call else None},
    )


# Administration agents -----------------------------------------------------


def _agent_proposal(request, pk) -> Proposal:
    return get_object_or_404(selectors.proposal_detail_queryset().for_agent(request.user), pk=pk)


@role_required(Role.AGENT)
def agent_list(request):
    """Agents: the proposals of their organisations (their own if unverified)."""
    page = Paginator(selectors.agent_proposals(request.user), 20).get_page(request.GET.get("page"))
    calls = selectors.open_calls().order_by("closes_at")
    form = ProposalCreateForm(calls=calls, organizations=agent_organizations(request.user))
    return render(
        request,
        "proposals/agent_list.html",
        {"page_obj": page, "form": form, "open_calls": list(calls)},
    )


@role_required(Role.AGENT)
@require_POST
def agent_create(request):
    """Agents: start a draft for an open call and one of their organisations."""
    form = ProposalCreateForm(
        request.POST,
        calls=selectors.open_calls(),
        organizations=agent_organizations(request.user),
    )
    if not form.is_valid():
        messages.error(request, _("Choisissez un appel ouvert et votre administration."))
        return redirect("proposals:agent_list")
    try:
        proposal = services.proposal_create(
            call=form.cleaned_data["call"],
            organization=form.cleaned_data["organization"],
            by=request.user,
        )
    except services.ProposalError as error:
        messages.error(request, error.message)
        return redirect("proposals:agent_list")
    return redirect("proposals:agent_step", pk=proposal.pk, step=STEP_NAMES[0])


@role_required(Role.AGENT)
def agent_detail(request, pk):
    """Agents of the proposal's organisation (or its author): read it, submit it."""
    proposal = _agent_proposal(request, pk)
    editable_error = None
    try:
        services.check_editable(proposal=proposal, by=request.user)
    except services.ProposalError as error:
        editable_error = error.message
    return render(
        request,
        "proposals/agent_detail.html",
        {
            "proposal": proposal,
            "steps": STEPS,
            "missing": services.proposal_missing(proposal),
            "editable_error": editable_error,
            "budget": selectors.proposal_budget(proposal),
        },
    )


def _step_forms(request, proposal, step, data=None):
    organizations = agent_organizations(request.user)
    if step == "presentation":
        return PresentationForm(
            data, initial=proposal_initial(proposal, step), organizations=organizations
        )
    if step == "defi":
        return ChallengeForm(data, initial=proposal_initial(proposal, step))
    if step == "equipe":
        return TeamForm(
            data,
            initial=proposal_initial(proposal, step),
            programme=proposal.call.cohort.programme,
        )
    initial = [
        {
            "kind": mentor.kind,
            "name": mentor.name,
            "position_title": mentor.position_title,
            "email": mentor.email,
        }
        for mentor in proposal.mentors.all()
    ]
    if not initial:
        initial = [{"kind": "operational"}, {"kind": "strategic"}]
    return MentorFormSet(data, initial=initial, prefix="mentors")


@role_required(Role.AGENT)
def agent_step(request, pk, step):
    """Agents of the proposal's organisation (or its author): one step of the
    form; each POST saves the step, an invalid one is shown again as typed."""
    if step not in STEP_NAMES:
        raise Http404
    proposal = _agent_proposal(request, pk)
    error = None
    if request.method == "POST":
        form = _step_forms(request, proposal, step, request.POST)
        if form.is_valid():
            try:
                if step == "mentors":
                    services.proposal_mentors_save(
                        proposal=proposal, by=request.user, mentors=form.mentors()
                    )
                else:
                    services.proposal_update(
                        proposal=proposal, by=request.user, fields=form.cleaned_data
                    )
            except services.ProposalError as refused:
                error = refused.message
            else:
                messages.success(request, _("Étape enregistrée."))
                index = STEP_NAMES.index(step)
                if request.POST.get("next") and index + 1 < len(STEP_NAMES):
                    return redirect("proposals:agent_step", pk=pk, step=STEP_NAMES[index + 1])
                if request.POST.get("next"):
                    return redirect("proposals:agent_detail", pk=pk)
                return redirect("proposals:agent_step", pk=pk, step=step)
    else:
        form = _step_forms(request, proposal, step)
        try:
            services.check_editable(proposal=proposal, by=request.user)
        except services.ProposalError as refused:
            error = refused.message
    index = STEP_NAMES.index(step)
    return render(
        request,
        "proposals/agent_step.html",
        {
            "proposal": proposal,
            "form": form,
            "step": step,
            "step_label": dict(STEPS)[step],
            "step_number": index + 1,
            "steps": STEPS,
            "next_label": dict(STEPS)[STEP_NAMES[index + 1]] if index + 1 < len(STEPS) else None,
            "error": error,
        },
    )


@role_required(Role.AGENT)
@require_POST
def agent_submit(request, pk):
    """Agents of the proposal's organisation (or its author): submit before the deadline."""
    proposal = _agent_proposal(request, pk)
    try:
        services.proposal_transition(
            proposal=proposal,
            to=ProposalState.SUBMITTED,
            by=request.user,
        )
    except services.ProposalError as error:
        try:
            services.check_editable(proposal=proposal, by=request.user)
        except services.ProposalError:
            pass  # the page itself says why (the call is closed, the review started)
        else:
            messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Votre proposition est déposée. Vous pouvez encore la modifier jusqu'à la clôture."),
        )
    return redirect("proposals:agent_detail", pk=pk)


# Jury ----------------------------------------------------------------------


@role_required(Role.JURY)
def jury_list(request):
    """Jury members: the proposals assigned to them."""
    page = Paginator(selectors.jury_reviews(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "proposals/jury_list.html", {"page_obj": page})


def _jury_review(request, pk) -> ProposalReview:
    return get_object_or_404(
        ProposalReview.objects.for_reviewer(request.user)
        .without_conflict()
        .select_related("proposal__organization", "proposal__call__cohort__programme")
        .prefetch_related("proposal__mentors"),
        proposal_id=pk,
    )


@role_required(Role.JURY)
def jury_review(request, pk):
    """Jury members assigned to the proposal and not in conflict: read and score it."""
    review = _jury_review(request, pk)
    error = None
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.review_save(
                    review=review, scores=form.scores(), comment=form.cleaned_data["comment"]
                )
            except services.ProposalError as refused:
                error = refused.message
            else:
                messages.success(request, _("Évaluation enregistrée."))
                return redirect("proposals:jury_review", pk=pk)
    else:
        form = ReviewForm(initial=ReviewForm.initial_from(review))
    return render(
        request,
        "proposals/jury_review.html",
        {
            "review": review,
            "proposal": review.proposal,
            "form": form,
            "error": error,
            "can_score": review.proposal.state == ProposalState.UNDER_REVIEW,
            "steps": STEPS,
        },
    )


@role_required(Role.JURY)
def jury_conflict(request, pk):
    """Jury members assigned to the proposal: declare a conflict of interest
    (shows only the title and the organisation)."""
    review = _jury_review(request, pk)
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.review_declare_conflict(review=review, comment=form.cleaned_data["comment"])
        messages.success(
            request,
            _("Conflit d'intérêts enregistré : cette proposition ne vous est plus accessible."),
        )
        return redirect("proposals:jury_list")
    return render(request, "proposals/jury_conflict.html", {"review": review, "form": form})


# Staff ---------------------------------------------------------------------


def _call_fields(data):
    return {
        "title": data["title"],
        "opens_at": data["opens_at"],
        "closes_at": data["closes_at"],
        "description": data["description"],
        "meeting_starts_at": data["meeting_starts_at"],
        "meeting_location": data["meeting_location"],
        "meeting_is_online": data["meeting_is_online"],
    }


@role_required(Role.STAFF)
def staff_call_create(request):
    """Staff: open a call for projects for a cohort."""
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = services.call_open(
            cohort=form.cleaned_data["cohort"], by=request.user, **_call_fields(form.cleaned_data)
        )
        messages.success(request, _("L'appel à projets est enregistré."))
        return redirect("proposals:staff_call", pk=call.pk)
    return render(request, "proposals/staff_call_form.html", {"form": form, "call": None})


@role_required(Role.STAFF)
def staff_call_edit(request, pk):
    """Staff: change a call's dates, text and information meeting."""
    call = get_object_or_404(ChallengeCall.objects.select_related("information_event"), pk=pk)
    form = CallForm(request.POST or None, initial=CallForm.initial_from(call), editing=True)
    if request.method == "POST" and form.is_valid():
        services.call_update(call=call, **_call_fields(form.cleaned_data))
        messages.success(request, _("L'appel à projets est modifié."))
        return redirect("proposals:staff_call", pk=call.pk)
    return render(request, "proposals/staff_call_form.html", {"form": form, "call": call})


@role_required(Role.STAFF)
def staff_call(request, pk):
    """Staff: one call's proposals by state, with scores and budgets."""
    call = get_object_or_404(
        ChallengeCall.objects.select_related("cohort__programme", "information_event"), pk=pk
    )
    state = request.GET.get("etat") or None
    if state not in ProposalState.values:
        state = None
    dashboard = selectors.call_dashboard(call, state)
    page = Paginator(dashboard["rows"], 50).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/staff_call.html",
        {"call": call, "dashboard": dashboard, "page_obj": page, "state": state},
    )


BUDGET_CSV_HEADER = [
    "proposition",
    "administration",
    "etat",
    "financement",
    "taille_equipe",
    "mois",
    "net_mensuel",
    "coefficient_cout_employeur",
    "cout_total",
    "part_fonds",
    "part_administration",
]


@role_required(Role.STAFF)
def staff_call_budget_csv(request, pk):
    """Staff: the budget of every proposal of a call, as CSV (streamed)."""
    call = get_object_or_404(ChallengeCall.objects.select_related("cohort__programme"), pk=pk)
    programme = call.cohort.programme
    export_audited(
        actor=request.user, export="call_budget_csv", rows=call.proposals.count(), target=call
    )
    proposals = (
        call.proposals.select_related("organization", "call__cohort__programme")
        .order_by("title")
        .iterator(chunk_size=500)
    )

    def rows():
        for proposal in proposals:
            budget = selectors.proposal_budget(proposal)
            yield (
                [
                    proposal.title,
                    proposal.organization.name,
                    proposal.state,
                    proposal.funding,
                    proposal.team_size,
                    programme.duration_months,
                    programme.monthly_net_pay,
                    programme.employer_cost_factor,
                    budget.total,
                    budget.fund_share,
                    budget.administration_share,
                ]
            )

    response = StreamingHttpResponse(
        csv_stream(BUDGET_CSV_HEADER, rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="budget-appel-{call.pk}.csv"'
    return response


def _staff_proposal(pk) -> Proposal:
    return get_object_or_404(selectors.proposal_detail_queryset(), pk=pk)


@role_required(Role.STAFF)
def staff_proposal(request, pk):
    """Staff: a proposal, its jury's scores side by side, the decisions to take."""
    proposal = _staff_proposal(pk)
    roles = user_roles(request.user) & {Role.STAFF}
    transitions = [
        (
            to,
            LABELS[(proposal.state, to)],
            TransitionForm(initial={"to": to}, auto_id=f"id_{to}_%s"),
        )
        for to in next_states(proposal.state, roles)
    ]
    return render(
        request,
        "proposals/staff_proposal.html",
        {
            "proposal": proposal,
            "steps": STEPS,
            "budget": selectors.proposal_budget(proposal),
            "side_by_side": selectors.reviews_side_by_side(proposal),
            "assign_form": AssignForm(),
            "transitions": transitions,
            "criteria": list(Criterion),
            "Funding": Funding,
        },
    )


@role_required(Role.STAFF)
@require_POST
def staff_proposal_assign(request, pk):
    """Staff: give the proposal to jury members."""
    proposal = _staff_proposal(pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez au moins un membre du jury."))
        return redirect("proposals:staff_proposal", pk=pk)
    try:
        created = services.reviews_assign(
            proposal=proposal,
            reviewers=list(form.cleaned_data["reviewers"]),
            by=request.user,
        )
    except services.ProposalError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(n)d membre(s) du jury ajouté(s).") % {"n": len(created)})
    return redirect("proposals:staff_proposal", pk=pk)


@role_required(Role.STAFF)
@require_POST
def staff_proposal_transition(request, pk):
    """Staff: move the proposal along its lifecycle (decision, validation, publication)."""
    proposal = _staff_proposal(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        services.proposal_transition(
            proposal=proposal,
            to=form.cleaned_data["to"],
            by=request.user,
            comment=form.cleaned_data["comment"],
        )
    except services.ProposalError as error:
        messages.error(request, error.message)
    except ValueError as error:  # not a state at all
        raise Http404 from error
    else:
        proposal.refresh_from_db()
        messages.success(
            request,
            _("La proposition est maintenant « %(state)s ».")
            % {"state": proposal.get_state_display()},
        )
    return redirect("proposals:staff_proposal", pk=pk)
