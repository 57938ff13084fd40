"""The jury review: the team's screens (jury, assignment, ranking, reviews of an
application) under /gestion/selection/, the reviewers' space under
/espace/evaluations/."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import role_required
from eig.applications import selectors as application_selectors
from eig.applications.models import Application, ApplicationCall, ApplicationState
from eig.challenges.models import Challenge
from eig.core.pagination import breadcrumb, paginate
from eig.selection import selectors, services
from eig.selection.forms import (
    AssignmentAddForm,
    ConflictForm,
    JuryMemberForm,
    MessageForm,
    ReviewForm,
    StaffConflictForm,
    StaffNoteForm,
)
from eig.selection.models import JuryMember, ReviewAssignment

# Staff ---------------------------------------------------------------------------


def _call(call_pk) -> ApplicationCall:
    return get_object_or_404(
        ApplicationCall.objects.select_related("cohort__programme"), pk=call_pk
    )


def _crumbs(call: ApplicationCall, current: str) -> dict:
    return breadcrumb(
        current,
        (_("Gestion"), reverse("gestion:home")),
        (_("Sélection"), reverse("selection:staff_index")),
        (call.title, reverse("selection:staff_call", args=[call.pk])),
    )


@role_required(Role.STAFF)
def staff_index(request):
    """Staff: the calls for applications, each with its jury and its review."""
    calls = (
        ApplicationCall.objects.select_related("cohort")
        .annotate(
            reviewable=Count(
                "applications",
                filter=Q(applications__state__in=selectors.REVIEWABLE_STATES),
                distinct=True,
            ),
            jury=Count("jury_members", filter=Q(jury_members__is_active=True), distinct=True),
        )
        .order_by("-opens_at")
    )
    return render(
        request,
        "selection/staff_index.html",
        {
            "page_obj": paginate(request, calls, 20),
            "breadcrumb_data": breadcrumb(_("Sélection"), (_("Gestion"), reverse("gestion:home"))),
        },
    )


@role_required(Role.STAFF)
def staff_call(request, call_pk):
    """Staff: the jury of a call and its members' loads."""
    call = _call(call_pk)
    return render(
        request,
        "selection/staff_call.html",
        {
            "call": call,
            "page_obj": paginate(request, selectors.jury_rows(call), 50),
            "k": selectors.reviews_per_application(),
            "preselected": selectors.reviewable_applications(call).count(),
            "breadcrumb_data": breadcrumb(
                call.title,
                (_("Gestion"), reverse("gestion:home")),
                (_("Sélection"), reverse("selection:staff_index")),
            ),
        },
    )


@role_required(Role.STAFF)
def staff_jury_add(request, call_pk):
    """Staff: put someone on the jury of a call (an account is created and
    invited if needed)."""
    call = _call(call_pk)
    form = JuryMemberForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member, created = services.jury_member_add(
                call=call,
                email=data["email"],
                kind=data["kind"],
                organization=data["organization"],
                mentored_challenges=data["mentored_challenges"],
                by=request.user,
            )
        except services.SelectionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                (
                    _("%(email)s fait partie du jury : un courriel l'en informe.")
                    if created
                    else _("%(email)s faisait déjà partie du jury : sa fiche est mise à jour.")
                )
                % {"email": member.user.email},
            )
            return redirect("selection:staff_call", call_pk=call.pk)
    return render(
        request,
        "selection/staff_jury_add.html",
        {"call": call, "form": form, "breadcrumb_data": _crumbs(call, _("Ajouter un membre"))},
    )


@role_required(Role.STAFF)
def staff_assignment(request, call_pk):
    """Staff: run the automatic assignment; see the loads and the applications
    short of reviewers, with the reason."""
    call = _call(call_pk)
    if request.method == "POST":
        run = services.assignment_run(call=call, by=request.user)
        messages.success(
            request,
            _(
                "Attribution faite : %(created)d nouvelle(s), %(kept)d conservée(s), "
                "%(removed)d retirée(s)."
            )
            % {"created": run.created, "kept": run.kept, "removed": run.removed},
        )
        return redirect("selection:staff_assignment", call_pk=call.pk)
    status = selectors.assignment_status(call)
    page = paginate(request, status.shortfalls, 50)
    names = selectors.applications_by_id(row.application_id for row in page)
    return render(
        request,
        "selection/staff_assignment.html",
        {
            "call": call,
            "status": status,
            "page_obj": page,
            "rows": [(row, names.get(row.application_id)) for row in page],
            "breadcrumb_data": _crumbs(call, _("Attribution des évaluations")),
        },
    )


@role_required(Role.STAFF)
def staff_ranking(request, call_pk):
    """Staff: the applications ranked by normalised score, overall or for one
    défi, the effect of the normalisation, and each reviewer's severity."""
    call = _call(call_pk)
    challenges = list(
        Challenge.objects.filter(cohort_id=call.cohort_id).only("pk", "title").order_by("title")
    )
    selected = None
    wanted = request.GET.get("defi", "")
    if wanted.isdigit():
        selected = next((c for c in challenges if c.pk == int(wanted)), None)
    ranking = selectors.call_ranking(call)
    entries = selectors.ranking_entries(ranking, str(selected.pk) if selected else None)
    page = paginate(request, entries, 50)
    names = selectors.applications_by_id(score.application_id for score, _r, _t in page)
    reviewers = paginate(request, selectors.reviewer_rows(call, ranking), 30, param="jury")
    return render(
        request,
        "selection/staff_ranking.html",
        {
            "call": call,
            "challenges": challenges,
            "selected": selected,
            "ranking": ranking,
            "page_obj": page,
            "rows": [
                (score, rank, tied, names.get(int(score.application_id)))
                for score, rank, tied in page
            ],
            "reviewers": reviewers,
            "k": selectors.reviews_per_application(),
            "breadcrumb_data": _crumbs(call, _("Classement")),
        },
    )


def _with_scores(reviews, criteria):
    """Set `score_rows` [(criterion title, score)] and `total` on each review."""
    for review in reviews:
        values = [(title, getattr(review, code)) for code, title, _description in criteria]
        review.score_rows = values if any(v is not None for _t, v in values) else []
        complete = all(v is not None for _t, v in values)
        review.total = sum(v for _t, v in values) if complete else None
    return reviews


def _staff_application(call_pk, pk) -> Application:
    return get_object_or_404(
        application_selectors.application_detail_queryset().exclude(state=ApplicationState.DRAFT),
        call_id=call_pk,
        pk=pk,
    )


def _active_members(call):
    return JuryMember.objects.active().filter(call=call).select_related("user", "organization")


@role_required(Role.STAFF)
def staff_application(request, call_pk, pk):
    """Staff: every review of an application (each view is logged), its
    reviewers (add, remove, conflicts) and the reviewers' discussion."""
    application = _staff_application(call_pk, pk)
    call = application.call
    message_form = MessageForm(request.POST or None)
    if request.method == "POST" and message_form.is_valid():
        services.review_message_post(
            application=application, by=request.user, body=message_form.cleaned_data["body"]
        )
        messages.success(request, _("Message envoyé."))
        return redirect("selection:staff_application", call_pk=call.pk, pk=application.pk)
    criteria = selectors.criteria(call)
    reviews = _with_scores(selectors.application_reviews(application), criteria)
    services.reviews_viewed(
        by=request.user,
        reviews=[r for r in reviews if r.submitted_at or r.scores() or r.comment],
        application_id=application.pk,
    )
    members = _active_members(call)
    return render(
        request,
        "selection/staff_application.html",
        {
            "call": call,
            "application": application,
            "reviews": reviews,
            "thread": selectors.review_thread(application),
            "message_form": message_form,
            "add_form": AssignmentAddForm(members=selectors.members_who_may_review(application)),
            "conflict_form": StaffConflictForm(
                members=members.exclude(conflicts__application=application)
            ),
            "conflicts": application.conflicts.select_related("member__user"),
            "breadcrumb_data": _crumbs(call, str(application)),
        },
    )


@role_required(Role.STAFF)
@require_POST
def staff_assignment_add(request, call_pk, pk):
    """Staff: one more reviewer for an application."""
    application = _staff_application(call_pk, pk)
    form = AssignmentAddForm(request.POST, members=_active_members(application.call))
    if not form.is_valid():
        messages.error(request, _("Choisissez un membre du jury de cet appel."))
    else:
        try:
            services.assignment_add(
                application=application, member=form.cleaned_data["member"], by=request.user
            )
        except services.SelectionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Évaluateur·rice ajouté·e."))
    return redirect("selection:staff_application", call_pk=call_pk, pk=pk)


@role_required(Role.STAFF)
@require_POST
def staff_assignment_remove(request, call_pk, pk, assignment_pk):
    """Staff: take an application's review from a member (unless sent)."""
    application = _staff_application(call_pk, pk)
    assignment = get_object_or_404(
        ReviewAssignment.objects.select_related("member__user"),
        pk=assignment_pk,
        application=application,
    )
    try:
        services.assignment_remove(assignment=assignment, by=request.user)
    except services.SelectionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Évaluation retirée."))
    return redirect("selection:staff_application", call_pk=call_pk, pk=pk)


@role_required(Role.STAFF)
@require_POST
def staff_conflict_add(request, call_pk, pk):
    """Staff: record a conflict of interest a member told them about."""
    application = _staff_application(call_pk, pk)
    form = StaffConflictForm(request.POST, members=_active_members(application.call))
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        services.conflict_declare(
            member=form.cleaned_data["member"],
            application=application,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(request, _("Conflit d'intérêts enregistré."))
    return redirect("selection:staff_application", call_pk=call_pk, pk=pk)


@role_required(Role.STAFF)
@require_POST
def staff_note_add(request, pk):
    """Staff: a private note on an application (shown to the team only)."""
    application = get_object_or_404(Application, pk=pk)
    form = StaffNoteForm(request.POST)
    if form.is_valid():
        services.staff_note_add(
            application=application, by=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Note enregistrée."))
    else:
        messages.error(request, _("Écrivez la note."))
    return redirect(reverse("applications:staff_detail", args=[pk]) + "#notes-title")


# Reviewers -------------------------------------------------------------------------


@role_required(Role.JURY)
def reviewer_list(request):
    """Jury members: the applications they review (none they declared a conflict with)."""
    return render(
        request,
        "selection/reviewer_list.html",
        {
            "page_obj": paginate(request, selectors.reviewer_assignments(request.user), 30),
            "progress": selectors.reviewer_progress(request.user),
            "memberships": list(selectors.reviewer_memberships(request.user)),
        },
    )


def _my_review(request, pk) -> ReviewAssignment:
    """The person's review of an application: assigned, active, no conflict; else 404."""
    return get_object_or_404(
        selectors.reviewer_assignments(request.user).select_related("member__user"),
        application_id=pk,
    )


@role_required(Role.JURY)
def review(request, pk):
    """Jury members assigned to the application (no conflict): read it, score
    it (draft or send); once sent, read the other reviews and discuss them."""
    mine = _my_review(request, pk)
    application = get_object_or_404(
        application_selectors.application_detail_queryset().reviewable_by(request.user), pk=pk
    )
    call = application.call
    criteria = selectors.criteria(call)
    error = None
    if request.method == "POST" and mine.submitted_at is None:
        form = ReviewForm(request.POST, criteria=criteria)
        submit = request.POST.get("action") == "submit"
        autosave = request.headers.get("X-Autosave") == "1"
        if form.is_valid():
            try:
                services.review_save(
                    assignment=mine,
                    by=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    submit=submit,
                )
            except services.SelectionError as refused:
                error = refused.message
                if autosave:
                    return JsonResponse({"saved": False, "error": error}, status=400)
            else:
                if autosave:
                    return JsonResponse({"saved": True})
                messages.success(
                    request,
                    _("Évaluation envoyée : vous voyez maintenant celles des autres membres.")
                    if submit
                    else _("Brouillon enregistré."),
                )
                return redirect("selection:review", pk=pk)
        elif autosave:
            return JsonResponse({"saved": False}, status=400)
    else:
        form = ReviewForm(initial=ReviewForm.initial_from(mine), criteria=criteria)
    others, thread = [], None
    if mine.submitted_at is not None:
        others = [
            r
            for r in selectors.application_reviews(application)
            if r.pk != mine.pk and r.submitted_at is not None
        ]
        services.reviews_viewed(by=request.user, reviews=others, application_id=application.pk)
        thread = selectors.review_thread(application)
        _with_scores([*others, mine], criteria)
    return render(
        request,
        "selection/review.html",
        {
            "application": application,
            "mine": mine,
            "form": form,
            "error": error,
            "criteria": criteria,
            "others": others,
            "thread": thread,
            "message_form": MessageForm(),
            "snapshot": application_selectors.application_snapshot(application),
            "cv": application_selectors.current_cv(application),
            "breadcrumb_data": breadcrumb(
                str(application), (_("Mes évaluations"), reverse("selection:reviewer_list"))
            ),
        },
    )


@role_required(Role.JURY)
@require_POST
def review_message(request, pk):
    """Jury members who sent their review of the application: write to the
    other reviewers and the team."""
    mine = _my_review(request, pk)
    if mine.submitted_at is None:
        raise Http404
    form = MessageForm(request.POST)
    if form.is_valid():
        services.review_message_post(
            application=mine.application, by=request.user, body=form.cleaned_data["body"]
        )
        messages.success(request, _("Message envoyé."))
    else:
        messages.error(request, _("Écrivez votre message."))
    return redirect(reverse("selection:review", args=[pk]) + "#discussion")


def _my_membership(request, call_pk) -> JuryMember:
    return get_object_or_404(
        JuryMember.objects.active().select_related("call"), call_id=call_pk, user=request.user
    )


@role_required(Role.JURY)
def conflicts(request, call_pk):
    """Jury members of the call: the pre-selected applications (names and défis
    only), to declare a conflict of interest before reviewing."""
    member = _my_membership(request, call_pk)
    return render(
        request,
        "selection/conflicts.html",
        {
            "member": member,
            "call": member.call,
            "page_obj": paginate(request, selectors.conflict_candidates(member), 50),
            "declared": member.conflicts.count(),
            "breadcrumb_data": breadcrumb(
                _("Conflits d'intérêts"),
                (_("Mes évaluations"), reverse("selection:reviewer_list")),
            ),
        },
    )


@role_required(Role.JURY)
def conflict_declare(request, call_pk, pk):
    """Jury members of the call: declare a conflict of interest with one
    application; it leaves their lists and pages at once."""
    member = _my_membership(request, call_pk)
    application = get_object_or_404(
        selectors.conflict_candidates(member).select_related(None), pk=pk
    )
    form = ConflictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.conflict_declare(
            member=member,
            application=application,
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(
            request,
            _("Conflit d'intérêts enregistré : cette candidature ne vous est plus accessible."),
        )
        return redirect("selection:reviewer_list")
    return render(
        request,
        "selection/conflict_declare.html",
        {
            "member": member,
            "application": application,
            "form": form,
            "breadcrumb_data": breadcrumb(
                _("Déclarer un conflit d'intérêts"),
                (_("Mes évaluations"), reverse("selection:reviewer_list")),
                (_("Conflits d'intérêts"), reverse("selection:conflicts", args=[call_pk])),
            ),
        },
    )
