"""The candidate's views: the space, the form's steps, submission, the thread, the data."""

import uuid

from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import login_required, role_required
from eig.applications import exports, selectors, services
from eig.applications.forms import (
    AvailabilityForm,
    ChoicesForm,
    ConsentForm,
    CvForm,
    DeleteAccountForm,
    IdentityForm,
    LinksForm,
    MessageForm,
    ProfileForm,
    SkillsForm,
    WithdrawForm,
)
from eig.applications.models import (
    Application,
    ApplicationCall,
    ApplicationDocument,
    ApplicationState,
    DocumentKind,
)
from eig.applications.selectors import STEP_NAMES, STEPS, call_status
from eig.applications.views.uploads import _too_large, limited_uploads
from eig.applications.workflow import Actor, find_transition
from eig.audit.models import AuditAction
from eig.audit.services import audit_record, export_audited
from eig.security import ratelimit
from eig.security.cache_control import personal


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
