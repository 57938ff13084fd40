"""The public pages of the call: the call itself and its privacy notice."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eig.accounts.permissions import public
from eig.applications.selectors import call_status, current_application_call
from eig.challenges.selectors import challenge_cards
from eig.cohorts.models import Programme
from eig.core.pagination import breadcrumb, paginate


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
