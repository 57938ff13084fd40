from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.models import Role
from eig.accounts.permissions import role_required
from eig.core.pagination import paginate
from eig.mail.models import Email, EmailState
from eig.mail.services import mail_retry

# The HTML part of an e-mail is shown in a sandboxed frame: no script, no
# form, no request to anywhere (images inlined as data: only), and only
# this site may frame it.
EMAIL_HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "sandbox; frame-ancestors 'self'; base-uri 'none'; form-action 'none'"
)


@role_required(Role.STAFF)
@require_safe
def email_list(request):
    """Staff: every recorded e-mail (subject, recipient, date, state), searched
    by recipient and filtered by state; failed ones can be sent again."""
    emails = Email.objects.only(
        "to", "subject", "state", "attempts", "last_error", "created_at", "sent_at"
    ).order_by("-created_at", "-pk")
    state = request.GET.get("etat")
    if state in EmailState.values:
        emails = emails.filter(state=state)
    recipient = request.GET.get("destinataire", "").strip()
    if recipient:
        emails = emails.filter(to__icontains=recipient)
    counts = {value: Email.objects.filter(state=value).count() for value in EmailState.values}
    return render(
        request,
        "mail/email_list.html",
        {
            "page_obj": paginate(request, emails, 50),
            "state": state,
            "recipient": recipient,
            "states": [(s, counts[s.value]) for s in EmailState],
        },
    )


@role_required(Role.STAFF)
@require_safe
def email_detail(request, pk):
    """Staff: one e-mail as recorded: headers, plain text, HTML (in a
    sandboxed frame) and attachments."""
    email = get_object_or_404(Email, pk=pk)
    attachments = [
        {
            "index": index,
            "filename": a["filename"],
            "mimetype": a["mimetype"],
            "size": len(a["content"].encode()),
        }
        for index, a in enumerate(email.attachments)
    ]
    return render(request, "mail/email_detail.html", {"email": email, "attachments": attachments})


@role_required(Role.STAFF)
@require_safe
@xframe_options_sameorigin
def email_html(request, pk):
    """Staff: the HTML part alone, for the detail page's sandboxed frame."""
    email = get_object_or_404(Email, pk=pk)
    if not email.body_html:
        raise Http404
    response = HttpResponse(email.body_html, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = EMAIL_HTML_POLICY
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.STAFF)
@require_safe
def email_attachment(request, pk, index):
    """Staff: download one attachment of an e-mail (never shown inline)."""
    email = get_object_or_404(Email, pk=pk)
    if index >= len(email.attachments):
        raise Http404
    attachment = email.attachments[index]
    response = HttpResponse(attachment["content"], content_type=attachment["mimetype"])
    response["Content-Disposition"] = content_disposition_header(True, attachment["filename"])
    response["Cache-Control"] = "private, no-store"
    return response


@role_required(Role.STAFF)
@require_POST
def email_retry(request, pk):
    """Staff: queue a failed e-mail again."""
    email = get_object_or_404(Email, pk=pk)
    email = mail_retry(email=email)
    if email.state == EmailState.QUEUED:
        messages.success(request, _("Le courriel est de nouveau en file d'attente."))
    else:
        messages.error(request, _("Seul un courriel en échec peut être renvoyé."))
    return redirect("mail:list")
