"""Opening and updating a call for applications."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from eig.applications.models import ApplicationCall
from eig.applications.services.scope import ApplicationError
from eig.challenges.models import Challenge
from eig.cohorts.models import Cohort


def _check_call_fields(opens_at: datetime, closes_at: datetime, max_choices: int) -> None:
    if closes_at <= opens_at:
        raise ApplicationError(_("La clôture doit être postérieure à l'ouverture."))
    if not 1 <= max_choices <= 3:
        raise ApplicationError(_("Un·e candidat·e choisit de 1 à 3 défis."))


def _check_challenges_published(cohort: Cohort, is_published: bool) -> None:
    """A published call needs défis to choose from: else candidates reach a dead end."""
    if is_published and not Challenge.objects.published().filter(cohort=cohort).exists():
        raise ApplicationError(
            _(
                "La promotion « %(cohort)s » n'a encore aucun défi publié : publiez ses défis "
                "avant de publier l'appel à candidatures, ou enregistrez l'appel sans le publier."
            )
            % {"cohort": cohort}
        )


@transaction.atomic
def application_call_open(
    *,
    cohort: Cohort,
    title: str,
    opens_at: datetime,
    closes_at: datetime,
    max_choices: int = 3,
    description: str = "",
    is_published: bool = True,
) -> ApplicationCall:
    """Staff open an appel à candidatures for a cohort (dates exact to the second)."""
    _check_call_fields(opens_at, closes_at, max_choices)
    _check_challenges_published(cohort, is_published)
    return ApplicationCall.objects.create(
        cohort=cohort,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        max_choices=max_choices,
        description=description,
        is_published=is_published,
    )


@transaction.atomic
def application_call_update(*, call: ApplicationCall, **fields) -> ApplicationCall:
    allowed = {"title", "opens_at", "closes_at", "max_choices", "description", "is_published"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not call fields one may change.")
    values = {name: fields.get(name, getattr(call, name)) for name in allowed}
    _check_call_fields(values["opens_at"], values["closes_at"], values["max_choices"])
    _check_challenges_published(call.cohort, values["is_published"])
    for name, value in fields.items():
        setattr(call, name, value)
    call.save()
    return call
