"""The team's views: the list, its exports, an application's page, the calls."""

from dataclasses import replace

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import role_required
from eig.applications import exports, selectors, services
from eig.applications.forms import BulkActionForm, CallForm, StaffFilterForm, StaffTransitionForm
from eig.applications.models import Application, ApplicationCall, ApplicationState
from eig.applications.selectors import STEPS
from eig.applications.views.candidates import _post_message, _with_refusal
from eig.applications.views.uploads import limited_uploads
from eig.applications.workflow import Via, staff_transitions
from eig.audit.selectors import application_audit_log, with_actor_names
from eig.audit.services import export_audited
from eig.auditions.selectors import staff_screen_url
from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort
from eig.core.pagination import breadcrumb, paginate
from eig.security.cache_control import personal
from eig.selection import selectors as selection_selectors
from eig.selection.forms import StaffNoteForm


def _staff_filters(request):
    cohorts = Cohort.objects.filter(application_calls__isnull=False).distinct().order_by("-year")
    form = StaffFilterForm(
        request.GET or None,
        cohorts=cohorts,
        challenges=Challenge.objects.filter(cohort__application_calls__isnull=False)
        .distinct()
        .select_related("cohort")
        .order_by("-year", "title"),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.ApplicationFilters(
        cohort=data["cohort"].pk if data.get("cohort") else None,
        challenge=data["challenge"].pk if data.get("challenge") else None,
        profile=data.get("profile") or "",
        state=data.get("state") or "",
        query=data.get("q") or "",
    )
    return form, filters


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: past that, the page says "more than" and
    asks for narrower filters (the export still holds every row). Keeps the
    page fast whatever the number of matches."""

    cap = 2000
    capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by()[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)


def _capped_page(request, queryset, per_page: int):
    paginator = CappedPaginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("page"))
    page.pages_list = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


@role_required(Role.STAFF)
def staff_list(request):
    """Staff: every application, with filters, search, bulk actions and exports."""
    form, filters = _staff_filters(request)
    queryset = selectors.filtered_applications(filters)
    if request.method == "POST":
        return _staff_bulk(request, queryset)
    page = _capped_page(request, selectors.staff_list_rows(queryset), 50)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    without_state = query_string.copy()
    without_state.pop("state", None)
    counts = selectors.state_counts(
        selectors.filtered_applications(replace(filters, state="")).exclude(
            state=ApplicationState.DRAFT
        )
    )
    state_links = [
        (value, label, counts[value])
        for value, label in ApplicationState.choices
        if value != ApplicationState.DRAFT
    ]
    return render(
        request,
        "applications/staff_list.html",
        {
            "form": form,
            "page_obj": page,
            "bulk_form": BulkActionForm(),
            "query_string": query_string.urlencode(),
            "state_links": state_links,
            "current_state": filters.state,
            "without_state": without_state.urlencode(),
            "breadcrumb_data": breadcrumb(
                _("Candidatures"), (_("Gestion"), reverse("gestion:home"))
            ),
        },
    )


def _staff_bulk(request, queryset):
    form = BulkActionForm(request.POST)
    ids = [int(value) for value in request.POST.getlist("ids") if value.isdigit()]
    back = reverse("applications:staff_list") + (
        "?" + request.GET.urlencode() if request.GET else ""
    )
    if not ids:
        messages.error(request, _("Cochez au moins une candidature."))
        return redirect(back)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    selected = list(
        Application.objects.visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("call__cohort__programme", "candidate")
    )
    target = form.target_state()
    if target is None:
        count = services.applications_bulk_message(
            applications=selected,
            by=request.user,
            body=form.cleaned_data["body"],
        )
        messages.success(request, _("%(n)d message(s) envoyé(s).") % {"n": count})
    else:
        try:
            changed, refused = services.applications_bulk_transition(
                applications=selected,
                to=target,
                by=request.user,
                comment=form.cleaned_data["comment"],
            )
        except services.ApplicationError as error:
            messages.error(request, error.message)
            return redirect(back)
        messages.success(request, _("%(n)d candidature(s) modifiée(s).") % {"n": changed})
        for application, why in refused[:10]:
            messages.error(request, f"{application} : {why}")
    return redirect(back)


def _export_audited(request, export: str, queryset, filters) -> None:
    """The audit event of an applications export: who, which file, how many rows,
    and the filters by identifier (a call, a state…), never the search text."""
    export_audited(
        actor=request.user,
        export=export,
        rows=queryset.count(),
        target=("applications.export", export),
        filters={
            name: getattr(filters, name)
            for name in ("call", "cohort", "challenge", "profile", "state")
            if getattr(filters, name)
        }
        | ({"search": True} if filters.query else {}),
    )


@role_required(Role.STAFF)
def staff_export_csv(request):
    """Staff: the filtered applications as CSV, streamed row by row."""
    _form, filters = _staff_filters(request)
    queryset = selectors.filtered_applications(filters)
    _export_audited(request, "applications_csv", queryset, filters)
    response = StreamingHttpResponse(
        exports.csv_chunks(queryset), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{exports.export_filename("csv")}"'
    personal(response)
    return response


@role_required(Role.STAFF)
def staff_export_xlsx(request):
    """Staff: the filtered applications as XLSX (written to a temporary file, constant memory)."""
    _form, filters = _staff_filters(request)
    queryset = selectors.filtered_applications(filters)
    _export_audited(request, "applications_xlsx", queryset, filters)
    output = exports.xlsx_file(queryset)
    response = FileResponse(
        output,
        as_attachment=True,
        filename=exports.export_filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    personal(response)
    return response


def _staff_application(request, pk) -> Application:
    return get_object_or_404(
        selectors.application_detail_queryset().visible_to(request.user), pk=pk
    )


@limited_uploads
@role_required(Role.STAFF)
def staff_detail(request, pk):
    """Staff: an application in full, its history, its messages, its possible transitions."""
    application = _staff_application(request, pk)
    form, error = _post_message(request, application)
    if form is None:
        return redirect("applications:staff_detail", pk=pk)
    transitions = [
        (transition, None, staff_screen_url(application, transition))
        if transition.via != Via.APPLICATION
        else (
            transition,
            StaffTransitionForm(
                initial={"to": transition.target}, auto_id=f"id_{transition.target}_%s"
            ),
            "",
        )
        for transition in staff_transitions(application.state)
    ]
    history = selectors.application_history(application)
    response = render(
        request,
        "applications/staff_detail.html",
        {
            "application": application,
            "snapshot": selectors.application_snapshot(application),
            "cv": selectors.current_cv(application),
            "history": history,
            "state_log": [entry.item for entry in history if entry.kind == "transition"],
            "thread": selectors.application_messages(application),
            "message_form": form,
            "error": error,
            "transitions": transitions,
            "steps": STEPS,
            "selection": selection_selectors.staff_application_panel(application),
            "note_form": StaffNoteForm(),
        },
    )
    return _with_refusal(response, form)


@role_required(Role.STAFF)
def staff_audit_log(request, pk):
    """Staff: the audit log of an application (views of its CV and reviews,
    state changes, decisions, assignments), newest first."""
    application = get_object_or_404(
        Application.objects.visible_to(request.user).select_related("call"), pk=pk
    )
    page = paginate(request, application_audit_log(application.pk), 50)
    page.object_list = with_actor_names(page.object_list)
    return render(
        request,
        "applications/staff_audit_log.html",
        {
            "application": application,
            "page_obj": page,
            "breadcrumb_data": breadcrumb(
                _("Journal d'audit"),
                (_("Gestion"), reverse("gestion:home")),
                (_("Candidatures"), reverse("applications:staff_list")),
                (str(application), reverse("applications:staff_detail", args=[application.pk])),
            ),
        },
    )


@role_required(Role.STAFF)
@require_POST
def staff_transition(request, pk):
    """Staff: move an application along the transitions the team may make."""
    application = _staff_application(request, pk)
    form = StaffTransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Action inconnue."))
        return redirect("applications:staff_detail", pk=pk)
    try:
        services.application_transition(
            application=application,
            to=form.cleaned_data["to"],
            by=request.user,
            comment=form.cleaned_data["comment"],
        )
    except services.ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("État de la candidature modifié."))
    return redirect("applications:staff_detail", pk=pk)


@role_required(Role.STAFF)
def staff_calls(request):
    """Staff: the calls for applications, with their number of applications."""
    calls = (
        ApplicationCall.objects.select_related("cohort")
        .annotate(
            submitted=Count("applications", filter=~Q(applications__state=ApplicationState.DRAFT)),
            drafts=Count("applications", filter=Q(applications__state=ApplicationState.DRAFT)),
        )
        .order_by("-opens_at")
    )
    now = timezone.now()
    return render(
        request,
        "applications/staff_calls.html",
        {"rows": [(call, call.state(now)) for call in calls]},
    )


@role_required(Role.STAFF)
def staff_call_create(request):
    """Staff: open a call for applications for a cohort."""
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_call_open(**form.cleaned_data)
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("L'appel à candidatures est enregistré."))
            return redirect("applications:staff_calls")
    return render(request, "applications/staff_call_form.html", {"form": form, "call": None})


@role_required(Role.STAFF)
def staff_call_edit(request, pk):
    """Staff: change a call's dates, number of défis, text and publication."""
    call = get_object_or_404(ApplicationCall, pk=pk)
    form = CallForm(request.POST or None, initial=CallForm.initial_from(call), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_call_update(call=call, **form.cleaned_data)
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("L'appel à candidatures est modifié."))
            return redirect("applications:staff_calls")
    return render(request, "applications/staff_call_form.html", {"form": form, "call": call})
