"""Auditions and decisions: the staff's screens, the candidate's booking and
decision, the panel members' space. Thin: each calls one service."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.models import Role
from eig.accounts.permissions import login_required, role_required
from eig.applications.models import Application, ApplicationCall, ApplicationState
from eig.auditions import ics, selectors, services
from eig.auditions.forms import (
    CancelForm,
    DecisionForm,
    DeclineForm,
    PanelForm,
    PositionForm,
    ResultForm,
    SlotForm,
    SlotPickForm,
    SlotSeriesForm,
)
from eig.auditions.models import Audition, AuditionSlot, AuditionState, Decision
from eig.challenges.models import Challenge
from eig.core.links import absolute_url
from eig.core.pagination import paginate

S = ApplicationState


def _call(pk) -> ApplicationCall:
    return get_object_or_404(ApplicationCall, pk=pk)


def _ics_response(calendar, filename: str) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# Staff: slots ---------------------------------------------------------------------


@role_required(Role.STAFF)
def staff_index(request):
    """Staff: the calls, each with its auditions and decisions."""
    calls = ApplicationCall.objects.select_related("cohort").order_by("-opens_at")
    return render(request, "auditions/staff_index.html", {"page_obj": paginate(request, calls, 50)})


@role_required(Role.STAFF)
def staff_slots(request, call_pk):
    """Staff: a call's audition slots by day, their auditions and panels; invitations."""
    call = _call(call_pk)
    return render(
        request,
        "auditions/staff_slots.html",
        {
            "call": call,
            "days": selectors.call_slots(call),
            "counts": selectors.invitation_counts(call),
        },
    )


@role_required(Role.STAFF)
def staff_series(request, call_pk):
    """Staff: create a series of slots over the jury week."""
    call = _call(call_pk)
    form = SlotSeriesForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slots = services.slots_create_series(
                call=call,
                days=form.days(),
                first=data["first_time"],
                last=data["last_time"],
                duration_minutes=data["duration"],
                pause_minutes=data["pause"],
                place=data["place"],
                video_url=data["video_url"],
            )
        except services.AuditionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                ngettext("%(n)d créneau créé.", "%(n)d créneaux créés.", len(slots))
                % {"n": len(slots)},
            )
            return redirect("auditions:staff_slots", call_pk=call.pk)
    return render(
        request, "auditions/staff_slot_form.html", {"call": call, "form": form, "series": True}
    )


@role_required(Role.STAFF)
def staff_slot_create(request, call_pk):
    """Staff: create one slot."""
    call = _call(call_pk)
    form = SlotForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            services.slot_create(
                call=call,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                video_url=form.cleaned_data["video_url"],
            )
        except services.AuditionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Créneau créé."))
            return redirect("auditions:staff_slots", call_pk=call.pk)
    return render(request, "auditions/staff_slot_form.html", {"call": call, "form": form})


@role_required(Role.STAFF)
def staff_slot_edit(request, pk):
    """Staff: change a slot (its audition, if booked, is updated in calendars)."""
    slot = get_object_or_404(AuditionSlot.objects.select_related("call"), pk=pk)
    form = SlotForm(
        request.POST if request.method == "POST" else None, initial=SlotForm.initial_from(slot)
    )
    if request.method == "POST" and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            services.slot_update(
                slot=slot,
                by=request.user,
                starts_at=starts_at,
                ends_at=ends_at,
                place=form.cleaned_data["place"],
                video_url=form.cleaned_data["video_url"],
            )
        except services.AuditionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Créneau modifié."))
            return redirect("auditions:staff_slots", call_pk=slot.call_id)
    return render(
        request, "auditions/staff_slot_form.html", {"call": slot.call, "form": form, "slot": slot}
    )


@role_required(Role.STAFF)
@require_POST
def staff_slot_delete(request, pk):
    """Staff: delete a free slot."""
    slot = get_object_or_404(AuditionSlot, pk=pk)
    try:
        services.slot_delete(slot=slot)
    except services.AuditionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Créneau supprimé."))
    return redirect("auditions:staff_slots", call_pk=slot.call_id)


@role_required(Role.STAFF)
def staff_panel(request, call_pk):
    """Staff: give one or several slots their panel."""
    call = _call(call_pk)
    slots = AuditionSlot.objects.filter(call=call).order_by("starts_at", "pk")
    members = selectors.call_jury(call)
    initial = {"slots": request.GET.getlist("creneau")}
    form = PanelForm(
        request.POST if request.method == "POST" else None,
        slots=slots,
        members=members,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_set(
                slots=list(form.cleaned_data["slots"]),
                members=list(form.cleaned_data["members"]),
                by=request.user,
            )
        except services.AuditionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Jury d'audition enregistré."))
            return redirect("auditions:staff_slots", call_pk=call.pk)
    return render(request, "auditions/staff_panel.html", {"call": call, "form": form})


@role_required(Role.STAFF)
@require_POST
def staff_invite(request, call_pk):
    """Staff: e-mail the pre-selected candidates not yet invited a link to book."""
    call = _call(call_pk)
    count = services.invitations_send(call=call, by=request.user)
    messages.success(
        request,
        ngettext("%(n)d invitation envoyée.", "%(n)d invitations envoyées.", count) % {"n": count},
    )
    return redirect("auditions:staff_slots", call_pk=call.pk)


@role_required(Role.STAFF)
def staff_assign(request, pk):
    """Staff: give a pre-selected application a slot, or move its audition."""
    application = get_object_or_404(Application.objects.select_related("call"), pk=pk)
    audition = selectors.current_audition(application)
    slots = AuditionSlot.objects.filter(call=application.call).free().order_by("starts_at", "pk")
    form = SlotPickForm(request.POST if request.method == "POST" else None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            services.audition_book(
                application=application,
                slot=form.cleaned_data["slot"],
                by=request.user,
            )
        except services.AuditionError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Audition programmée ; l'invitation est envoyée."))
            return redirect("auditions:staff_slots", call_pk=application.call_id)
    return render(
        request,
        "auditions/staff_assign.html",
        {"application": application, "audition": audition, "form": form},
    )


@role_required(Role.STAFF)
def staff_cancel(request, pk):
    """Staff: cancel an audition (the application returns to pre-selected)."""
    audition = get_object_or_404(
        Audition.objects.select_related("slot", "application__call"), pk=pk
    )
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.audition_cancel(
                audition=audition,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Audition annulée ; la personne et le jury sont prévenus."))
            return redirect("auditions:staff_slots", call_pk=audition.slot.call_id)
    return render(request, "auditions/staff_cancel.html", {"audition": audition, "form": form})


# Staff: decisions ------------------------------------------------------------------


@role_required(Role.STAFF)
def staff_decisions(request, call_pk):
    """Staff: per défi, the auditioned applications, their score and the
    panel's recommendation; record decisions singly or in bulk."""
    call = _call(call_pk)
    sections = selectors.decision_screen(call)
    ids = {row.application.pk for section in sections for row in section.rows}
    form = DecisionForm(
        request.POST if request.method == "POST" else None, application_ids=sorted(ids)
    )
    if request.method == "POST" and form.is_valid():
        chosen = Application.objects.filter(pk__in=form.cleaned_data["applications"])
        order = {pk: i for i, pk in enumerate(form.cleaned_data["applications"])}
        recorded, refused = services.decisions_record(
            applications=sorted(chosen, key=lambda a: order[a.pk]),
            outcome=form.cleaned_data["outcome"],
            by=request.user,
        )
        if recorded:
            messages.success(
                request,
                ngettext(
                    "%(n)d décision enregistrée (pas encore annoncée).",
                    "%(n)d décisions enregistrées (pas encore annoncées).",
                    recorded,
                )
                % {"n": recorded},
            )
        for application, why in refused:
            messages.error(request, f"{application} : {why}")
        return redirect("auditions:staff_decisions", call_pk=call.pk)
    if request.method == "POST":
        for error in form.errors.get("applications", []):
            messages.error(request, error)
    return render(
        request,
        "auditions/staff_decisions.html",
        {
            "call": call,
            "sections": sections,
            "form": form,
            "outcomes": DecisionForm.OUTCOMES,
            "waiting_list": selectors.waiting_list(call),
            "preview": selectors.announcement_preview(call),
            "State": {state.name: state.value for state in ApplicationState},
        },
    )


@role_required(Role.STAFF)
def staff_announce(request, call_pk):
    """Staff: how many e-mails will go, then announce the decisions (sends them)."""
    call = _call(call_pk)
    if request.method == "POST":
        try:
            sent, refused = services.decisions_announce(call=call, by=request.user)
        except services.ApplicationError as error:
            messages.error(request, error.message)
            return redirect("auditions:staff_decisions", call_pk=call.pk)
        messages.success(
            request,
            ngettext(
                "%(n)d courriel mis en file d'envoi.", "%(n)d courriels mis en file d'envoi.", sent
            )
            % {"n": sent},
        )
        for application, why in refused:
            messages.error(request, f"{application} : {why}")
        return redirect("auditions:staff_decisions", call_pk=call.pk)
    preview = selectors.announcement_preview(call)
    labels = dict(ApplicationState.choices)
    return render(
        request,
        "auditions/staff_announce.html",
        {
            "call": call,
            "rows": [(labels[state], count) for state, count in preview.items()],
            "total": sum(preview.values()),
        },
    )


@role_required(Role.STAFF)
@require_POST
def staff_call_next(request, call_pk, challenge_pk):
    """Staff: replace a laureate who declined by the next on the waiting list."""
    call = _call(call_pk)
    challenge = get_object_or_404(Challenge, pk=challenge_pk)
    try:
        called = services.waiting_list_call_next(call=call, challenge=challenge, by=request.user)
    except services.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(name)s est lauréat·e ; le courriel lui est envoyé.") % {"name": called},
        )
    return redirect("auditions:staff_decisions", call_pk=call.pk)


@role_required(Role.STAFF)
@require_POST
def staff_waiting_move(request, pk):
    """Staff: change an application's rank on the waiting list."""
    decision = get_object_or_404(Decision.objects.select_related("application"), pk=pk)
    form = PositionForm(request.POST)
    if form.is_valid():
        try:
            services.waiting_list_move(
                decision=decision, position=form.cleaned_data["position"], by=request.user
            )
        except services.AuditionError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Liste d'attente réordonnée."))
    else:
        messages.error(request, _("Indiquez un rang (1 ou plus)."))
    return redirect("auditions:staff_decisions", call_pk=decision.application.call_id)


@role_required(Role.STAFF)
def staff_decline(request, pk):
    """Staff: record that a laureate gives up their place."""
    application = get_object_or_404(Application.objects.select_related("call"), pk=pk)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    form.fields["confirm"].label = _("La personne renonce à sa place.")
    if request.method == "POST" and form.is_valid():
        try:
            services.laureate_decline(application=application, by=request.user)
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Désistement enregistré."))
            return redirect("auditions:staff_decisions", call_pk=application.call_id)
    return render(
        request,
        "auditions/decline.html",
        {"application": application, "form": form, "staff": True},
    )


# The candidate ------------------------------------------------------------------------


def _own_application(request, pk) -> Application:
    return get_object_or_404(
        Application.objects.of_candidate(request.user).select_related("call"), pk=pk
    )


@login_required
def book(request, pk):
    """The candidate who owns the application: choose (or change) an audition slot."""
    application = _own_application(request, pk)
    context = selectors.candidate_audition_context(application)
    if not (context["can_book"] or context["can_move"]):
        messages.info(request, _("Le choix d'un créneau n'est pas ouvert pour cette candidature."))
        return redirect("applications:detail", pk=pk)
    after = timezone.now() + services.candidate_notice()
    free = selectors.free_slots_for(application, after=after)
    slots = AuditionSlot.objects.filter(pk__in=[slot.pk for slot in free]).order_by("starts_at")
    form = SlotPickForm(request.POST if request.method == "POST" else None, slots=slots)
    if request.method == "POST" and form.is_valid():
        try:
            services.audition_book(
                application=application,
                slot=form.cleaned_data["slot"],
                by=request.user,
            )
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Votre audition est programmée ; l'invitation vous est envoyée par e-mail."),
            )
            return redirect("applications:detail", pk=pk)
    return render(
        request,
        "auditions/book.html",
        {**context, "form": form, "days": selectors.slots_by_day(free)},
    )


@login_required
@require_safe
def candidate_ics(request, pk):
    """The candidate who owns the application: their audition as .ics."""
    application = _own_application(request, pk)
    audition = selectors.current_audition(application)
    if audition is None or audition.state == AuditionState.CANCELLED:
        raise Http404
    audition.application = application
    calendar = ics.audition_calendar(
        audition,
        method=ics.PUBLISH,
        attendees=[request.user.email],
        url=absolute_url("applications:detail", pk=application.pk),
    )
    return _ics_response(calendar, "audition.ics")


@login_required
def decline(request, pk):
    """The laureate who owns the application: give up their place (confirmed)."""
    application = _own_application(request, pk)
    if application.state != S.LAUREATE:
        raise Http404
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.laureate_decline(application=application, by=request.user)
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Votre désistement est enregistré. Merci de nous avoir prévenus.")
            )
            return redirect("applications:detail", pk=pk)
    return render(request, "auditions/decline.html", {"application": application, "form": form})


# Panel members ----------------------------------------------------------------------


@role_required(Role.JURY, Role.STAFF)
def panel_list(request):
    """Jury members (and staff): the auditions whose panel they sit on."""
    auditions = selectors.panel_auditions(request.user)
    return render(
        request, "auditions/panel_list.html", {"page_obj": paginate(request, auditions, 50)}
    )


def _panel_audition(request, pk) -> Audition:
    """A panel member's audition, or any for staff; 404 for anyone else."""
    queryset = selectors.panel_audition_detail_queryset()
    if not request.user.is_staff:
        queryset = queryset.filter(
            pk__in=Audition.objects.for_panel_member(request.user).values("pk")
        )
    return get_object_or_404(queryset, pk=pk)


@role_required(Role.JURY, Role.STAFF)
def panel_detail(request, pk):
    """A member of the audition's panel (or staff): the audition; record its result."""
    audition = _panel_audition(request, pk)
    initial = {}
    if audition.state in (AuditionState.HELD, AuditionState.NO_SHOW):
        initial = {
            "outcome": audition.state,
            "recommendation": audition.recommendation,
            "comment": audition.comment,
        }
    form = ResultForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.audition_record(
                audition=audition,
                by=request.user,
                held=data["outcome"] == ResultForm.HELD,
                recommendation=data["recommendation"],
                comment=data["comment"],
            )
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Résultat de l'audition enregistré."))
            return redirect("auditions:panel_detail", pk=pk)
    return render(
        request,
        "auditions/panel_detail.html",
        {
            "audition": audition,
            "form": form,
            "can_record": audition.state != AuditionState.CANCELLED,
        },
    )


@role_required(Role.JURY, Role.STAFF)
@require_safe
def panel_ics(request, pk):
    """A member of the audition's panel (or staff): the audition as .ics."""
    audition = _panel_audition(request, pk)
    calendar = ics.audition_calendar(
        audition,
        method=ics.PUBLISH,
        attendees=[request.user.email],
        for_panel=True,
        url=absolute_url("auditions:panel_detail", pk=audition.pk),
    )
    return _ics_response(calendar, f"audition-{audition.pk}.ics")
