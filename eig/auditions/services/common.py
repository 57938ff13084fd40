"""What the writes of the auditions share: the refused action, the notice to give."""

from datetime import timedelta

from django.conf import settings

from eig.applications.models import Application, ApplicationState
from eig.applications.services import ApplicationError

S = ApplicationState


class AuditionError(ApplicationError):
    """A refused action, with a French message for the person who tried it."""


def candidate_notice() -> timedelta:
    """How long before an audition a candidate may still book or move it."""
    return timedelta(hours=getattr(settings, "EIG_AUDITION_NOTICE_HOURS", 24))


def _name(application: Application) -> str:
    return application.first_name or application.candidate.get_short_name()
