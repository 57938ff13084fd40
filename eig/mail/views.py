from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import role_required
from eig.mail.models import Email, EmailState
from eig.mail.services import mail_retry


@role_required(Role.STAFF)
def email_list(request):
    """Staff: every recorded e-mail with its state; failed ones can be sent again."""
    emails = Email.objects.defer("body_html", "context").order_by("-created_at")
    state = request.GET.get("etat")
    if state in EmailState.values:
        emails = emails.filter(state=state)
    page = Paginator(emails, 50).get_page(request.GET.get("page"))
    counts = {value: Email.objects.filter(state=value).count() for value in EmailState.values}
    return render(
        request,
        "mail/email_list.html",
        {
            "page_obj": page,
            "state": state,
            "states": [(s, counts[s.value]) for s in EmailState],
        },
    )


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
