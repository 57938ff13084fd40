import uuid
from dataclasses import replace
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import login_required, public, role_required
from eig.applications import exports, selectors, services
from eig.applications.forms import (
    AvailabilityForm,
    BulkActionForm,
    CallForm,
    ChoicesForm,
    ConsentForm,
    CvForm,
    DeleteAccountForm,
    IdentityForm,
    LinksForm,
    MessageForm,
    ProfileForm,
    SkillsForm,
    StaffFilterForm,
    StaffTransitionForm,
    WithdrawForm,
)
from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationDocument,
    ApplicationState,
    DocumentKind,
)
from eig.applications.selectors import STEP_NAMES, STEPS, call_status, current_application_call
from eig.applications.uploads import LimitedUploadHandler, fields_too_large, too_large_message
from eig.applications.workflow import Actor, Via, find_transition, staff_transitions
from eig.audit.models import AuditAction
from eig.audit.selectors import application_audit_log, with_actor_names
from eig.audit.services import audit_record, export_audited
from eig.auditions.selectors import staff_screen_url
from eig.challenges.models import Challenge
from eig.challenges.selectors import challenge_cards
from eig.cohorts.models import Cohort, Programme
from eig.core.pagination import breadcrumb, paginate
from eig.security import ratelimit
from eig.security.cache_control import personal
from eig.selection import selectors as selection_selectors
from eig.selection.forms import StaffNoteForm

# Public ------------------------------------------------------------------------------


@public
def candidature(request):
    """Public: anyone. The current call for applications, its state, rules and défis."""
    now = timezone.now()
    call = current_application_call(now)
    if call is not None:
        programme = call.cohort.programme
        challenges = challenge_cards().filter(cohort=call.cohort).order_by("title", "pk")
    else:
        programme = Programme.objects.order_by("pk").first()
        challenges = challenge_cards().none()
    context = {
        "call": call,
        "status": call_status(call, now) if call else None,
        "programme": programme,
        "criteria": list(programme.selection_criteria.all()) if programme else [],
        "page_obj": paginate(request, challenges, 24),
        "apply_url": reverse("applications:space"),
        "breadcrumb_data": breadcrumb(_("Candidater")),
    }
    return render(request, "applications/candidature.html", context)


@public
def privacy(request):
    """Public: anyone. The privacy notice candidates consent to."""
    programme = Programme.objects.order_by("pk").first()
    return render(
        request,
        "applications/privacy.html",
        {
            "programme": programme,
            "breadcrumb_data": breadcrumb(
                _("Notice de confidentialité"),
                (_("Candidater"), reverse("applications:candidature")),
            ),
        },
    )


# Uploads: the size is counted as the body arrives, before CSRF reads it --------------


def limited_uploads(view):
    """Install `LimitedUploadHandler` first, then check CSRF as usual.

    Upload handlers must be set before anything reads `request.POST`, and the
    CSRF middleware reads it: so the middleware is skipped and the same check
    runs here, after the handler is in place.
    """
    protected = csrf_protect(view)

    def wrapper(request, *args, **kwargs):
        request.upload_handlers.insert(0, LimitedUploadHandler(request))
        return protected(request, *args, **kwargs)

    return csrf_exempt(wraps(view)(wrapper))


def _too_large(request, form, field: str) -> None:
    if field in fields_too_large(request):
        form.errors.pop(field, None)
        form.add_error(field, too_large_message())


# Candidates ------------------------------------------------------------------------


def _own_application(request, pk) -> Application:
    """The candidate's own application; anyone else's is a 404 (never a 403)."""
    return get_object_or_404(
        selectors.application_detail_queryset().of_candidate(request.user), pk=pk
    )


@login_required
def space(request):
    """Logged-in: the candidate's applications, the open call, their personal data."""
    now = timezone.now()
    applications = list(selectors.candidate_applications(request.user))
    applied_calls = {application.call_id for application in applications}
    open_calls = [
        call for call in selectors.open_application_calls(now) if call.pk not in applied_calls
    ]
    return render(
        request,
        "applications/space.html",
        {
            "applications": applications,
            "open_calls": [(call, call_status(call, now)) for call in open_calls],
            "decision_pending": selectors.decision_pending(request.user),
        },
    )


@login_required
@require_POST
def start(request, call_pk):
    """Logged-in: start (or find again) one's application to an open call."""
    call = get_object_or_404(ApplicationCall.objects.published(), pk=call_pk)
    try:
        application = services.application_start(call=call, candidate=request.user)
    except services.ApplicationError as error:
        messages.error(request, error.message)
        return redirect("applications:space")
    return redirect("applications:step", pk=application.pk, step=STEP_NAMES[0])


def _step_form(step, application, data=None, files=None):
    call = application.call
    if step == "identite":
        return IdentityForm(data, initial=_initial(application, step))
    if step == "profil":
        return ProfileForm(data, initial=_initial(application, step))
    if step == "competences":
        return SkillsForm(data, initial=_initial(application, step))
    if step == "liens":
        return LinksForm(data, initial=_initial(application, step))
    if step == "cv":
        return CvForm(data, files, has_cv=selectors.current_cv(application) is not None)
    if step == "disponibilite":
        return AvailabilityForm(
            data,
            initial=_initial(application, step),
            programme=call.cohort.programme,
            cohort=call.cohort,
        )
    if step == "defis":
        return ChoicesForm(
            data,
            initial=ChoicesForm.initial_from(application),
            call=call,
            challenges=selectors.call_challenges(call).select_related("organization"),
        )
    return ConsentForm(data, initial={"consent": application.consent_at is not None})


def _initial(application, step) -> dict:
    return {name: getattr(application, name) for name in selectors.STEP_FIELDS[step]}


def _save_step(request, application, step, form):
    if step == "cv":
        upload = form.cleaned_data.get("cv")
        if upload is not None:
            services.application_cv_upload(
                application=application, by=request.user, file=upload, original_name=upload.name
            )
    elif step == "defis":
        services.application_choices_save(
            application=application, by=request.user, choices=form.choices()
        )
    elif step == "consentement":
        services.application_update(
            application=application, by=request.user, section=step, fields={"consent": True}
        )
    else:
        services.application_update(
            application=application, by=request.user, section=step, fields=form.cleaned_data
        )


@limited_uploads
@login_required
def step(request, pk, step):
    """The candidate who owns the application: one step of the form. Each
    POST saves the step; an invalid or refused one is shown again as typed."""
    if step not in STEP_NAMES:
        raise Http404
    application = _own_application(request, pk)
    error = None
    if request.method == "POST":
        form = _step_form(step, application, request.POST, request.FILES)
        valid = form.is_valid()
        if step == "cv":
            _too_large(request, form, "cv")
            valid = valid and not form.errors
        if valid:
            try:
                _save_step(request, application, step, form)
            except services.ApplicationError as refused:
                error = refused.message
            else:
                messages.success(request, _("Étape enregistrée."))
                index = STEP_NAMES.index(step)
                if request.POST.get("next") and index + 1 < len(STEP_NAMES):
                    return redirect("applications:step", pk=pk, step=STEP_NAMES[index + 1])
                if request.POST.get("next"):
                    return redirect("applications:detail", pk=pk)
                return redirect("applications:step", pk=pk, step=step)
    else:
        form = _step_form(step, application)
        try:
            services.check_editable(application=application, by=request.user)
        except services.ApplicationError as refused:
            error = refused.message
    index = STEP_NAMES.index(step)
    labels = dict(STEPS)
    return render(
        request,
        "applications/step.html",
        {
            "application": application,
            "form": form,
            "step": step,
            "step_label": labels[step],
            "stepper": {
                "current_step_id": index + 1,
                "current_step_title": labels[step],
                "next_step_title": labels[STEP_NAMES[index + 1]]
                if index + 1 < len(STEP_NAMES)
                else _("Relire et déposer"),
                "total_steps": len(STEP_NAMES) + 1,
            },
            "steps": STEPS,
            "missing": {name for name, _label in selectors.application_missing(application)},
            "cv": selectors.current_cv(application),
            "error": error,
        },
    )


def _detail_context(request, application) -> dict:
    now = timezone.now()
    editable_error = None
    try:
        services.check_editable(application=application, by=request.user, now=now)
    except services.ApplicationError as error:
        editable_error = error.message
    can_withdraw = False
    rule = find_transition(application.state, ApplicationState.WITHDRAWN, {Actor.CANDIDATE})
    if rule is not None and application.call.is_open(now):
        can_withdraw = True
    missing = selectors.application_missing(application)
    return {
        "application": application,
        "steps": STEPS,
        "missing": missing,
        "missing_names": {name for name, _label in missing},
        "can_edit": editable_error is None,
        "snapshot": selectors.application_snapshot(application),
        "cv": selectors.current_cv(application),
        "editable_error": editable_error,
        "can_withdraw": can_withdraw,
        "status": call_status(application.call, now),
        "history": selectors.application_history(application),
        "State": {state.name: state.value for state in ApplicationState},
    }


@login_required
def detail(request, pk):
    """The candidate who owns the application: read it again, its status, submit it."""
    application = _own_application(request, pk)
    return render(request, "applications/detail.html", _detail_context(request, application))


@login_required
@require_POST
def submit(request, pk):
    """The candidate who owns the application: submit it before the deadline (idempotent)."""
    application = _own_application(request, pk)
    refusal = ratelimit.rate_limit(request, ratelimit.SUBMIT, account=request.user)
    if refusal is not None:
        context = {**_detail_context(request, application), "rate_limited": refusal.message}
        response = render(request, "applications/detail.html", context, status=429)
        response["Retry-After"] = str(refusal.wait_seconds)
        return response
    try:
        _application, submitted = services.application_submit(
            application=application, by=request.user
        )
    except services.ApplicationError as error:
        messages.error(request, error.message)
    else:
        if submitted:
            messages.success(
                request,
                _(
                    "Votre candidature est déposée : un accusé de réception vous est envoyé par "
                    "e-mail. Vous pouvez la corriger jusqu'à la clôture."
                ),
            )
        else:
            messages.info(request, _("Votre candidature était déjà déposée."))
    return redirect("applications:detail", pk=pk)


@login_required
def withdraw(request, pk):
    """The candidate who owns the application: withdraw it, before the deadline."""
    application = _own_application(request, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(application=application, by=request.user)
        except services.ApplicationError as refused:
            error = refused.message
        else:
            messages.success(request, _("Votre candidature est retirée."))
            return redirect("applications:detail", pk=pk)
    return render(
        request,
        "applications/withdraw.html",
        {"application": application, "form": form, "error": error},
    )


@limited_uploads
@login_required
def thread(request, pk):
    """The candidate who owns the application: the messages with the programme team."""
    application = _own_application(request, pk)
    form, error = _post_message(request, application)
    if form is None:
        return redirect("applications:messages", pk=pk)
    return _with_refusal(
        render(
            request,
            "applications/messages.html",
            {
                "application": application,
                "thread": selectors.application_messages(application),
                "form": form,
                "error": error,
            },
        ),
        form,
    )


def _with_refusal(response, form):
    """A message refused by the rate limit: 429 and Retry-After."""
    refusal = getattr(form, "rate_limited", None)
    if refusal is not None:
        response.status_code = 429
        for name, value in refusal.headers().items():
            response[name] = value
    return response


def _post_message(request, application):
    """(form, error); (None, None) once a message is posted.

    Whoever writes (candidate or team) may send only so many messages per
    window (`ratelimit.MESSAGE`); beyond, the form comes back as typed with
    the wait, and `form.rate_limited` holds the refusal (answered 429).
    """
    if request.method != "POST":
        return MessageForm(), None
    form = MessageForm(request.POST, request.FILES)
    valid = form.is_valid()
    _too_large(request, form, "attachment")
    if not (valid and not form.errors):
        return form, None
    refusal = ratelimit.rate_limit(request, ratelimit.MESSAGE, account=request.user)
    if refusal is not None:
        form.rate_limited = refusal
        minutes = refusal.wait_minutes
        return form, ngettext(
            "Vous avez envoyé beaucoup de messages en peu de temps : réessayez dans "
            "%(minutes)d minute. Votre texte est gardé ci-dessous ; une pièce jointe "
            "est à joindre à nouveau.",
            "Vous avez envoyé beaucoup de messages en peu de temps : réessayez dans "
            "%(minutes)d minutes. Votre texte est gardé ci-dessous ; une pièce jointe "
            "est à joindre à nouveau.",
            minutes,
        ) % {"minutes": minutes}
    attachment = form.cleaned_data.get("attachment")
    try:
        services.message_post(
            application=application,
            by=request.user,
            body=form.cleaned_data["body"],
            attachment=attachment,
            attachment_name=attachment.name if attachment else "",
        )
    except services.ApplicationError as refused:
        return form, refused.message
    messages.success(request, _("Message envoyé."))
    return None, None


@login_required
def document(request, public_id: uuid.UUID):
    """The candidate whose application holds the file, the team, and for a
    current CV the jury members who review the application without a declared
    conflict; nobody else (404). Every view by someone other than the
    candidate is written to the audit log."""
    document = get_object_or_404(
        ApplicationDocument.objects.visible_to(request.user).select_related("application"),
        public_id=public_id,
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    if document.application.candidate_id != request.user.pk:
        audit_record(
            actor=request.user,
            action=AuditAction.CV_VIEWED
            if document.kind == DocumentKind.CV
            else AuditAction.DOCUMENT_VIEWED,
            target=document,
            application_id=document.application_id,
            detail={"kind": document.kind},
        )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.original_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    personal(response)
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def data_export(request):
    """Logged-in: download everything held about oneself (JSON, CVs, attachments) as a ZIP."""
    archive = exports.personal_data_archive(request.user)
    export_audited(
        actor=request.user,
        export="personal_data",
        rows=Application.objects.filter(candidate=request.user).count(),
        target=request.user,
    )
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"mes-donnees-eig-{timezone.localdate():%Y-%m-%d}.zip",
        content_type="application/zip",
    )
    personal(response)
    return response


@role_required(Role.CANDIDATE)
def account_delete(request):
    """Candidates: delete their account and all their data, while no decision is pending."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    error = None
    if selectors.decision_pending(request.user):
        error = _(
            "Une décision est en attente sur votre candidature : retirez-la avant de supprimer "
            "votre compte, ou écrivez à l'équipe du programme."
        )
    if request.method == "POST" and form.is_valid() and error is None:
        try:
            services.candidate_account_delete(user=request.user)
        except services.ApplicationError as refused:
            error = refused.message
        else:
            auth_logout(request)
            messages.success(request, _("Votre compte et toutes vos données sont supprimés."))
            return redirect("core:home")
    return render(request, "applications/account_delete.html", {"form": form, "error": error})


# Staff -----------------------------------------------------------------------------


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
