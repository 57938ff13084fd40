from django.shortcuts import render
from django.utils.translation import gettext as _

from eig.accounts.permissions import public
from eig.cohorts.models import Programme
from eig.core.pagination import breadcrumb
from eig.privacy.retention import retention_table


@public
def notice(request):
    """Public: anyone. Each kind of personal data held, why, on what basis, for how long
    (read from settings.EIG_RETENTION: the page says what the purge does)."""
    return render(
        request,
        "privacy/notice.html",
        {
            "rows": retention_table(),
            "programme": Programme.objects.order_by("pk").first(),
            "breadcrumb_data": breadcrumb(_("Données personnelles")),
        },
    )
