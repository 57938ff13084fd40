"""The candidate's personal data: deleting an account."""

from django.db import transaction
from django.utils.translation import gettext as _

from eig.accounts.models import User
from eig.accounts.services import account_traces_delete
from eig.applications.models import Application, ApplicationDocument
from eig.applications.services.applying import _delete_files_on_commit
from eig.applications.services.scope import ApplicationError
from eig.applications.workflow import DECISION_PENDING
from eig.audit.services import audit_anonymise


def candidate_account_delete(*, user: User) -> None:
    """Delete the account and everything held about the person, files included.

    Refused while a decision on one of their applications is pending, and for
    the team's accounts (not self-service).
    """
    from eig.mail.models import Email

    if user.is_staff:
        raise ApplicationError(
            _("Un compte de l'équipe du programme ne peut pas être supprimé ici.")
        )
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        if Application.objects.filter(candidate=user, state__in=DECISION_PENDING).exists():
            raise ApplicationError(
                _(
                    "Une décision est en attente sur votre candidature : retirez-la avant "
                    "de supprimer votre compte, ou écrivez à l'équipe du programme."
                )
            )
        names = list(
            ApplicationDocument.objects.filter(application__candidate=user).values_list(
                "file", flat=True
            )
        )
        user_id = user.pk
        application_ids = list(
            Application.objects.filter(candidate=user).values_list("pk", flat=True)
        )
        account_traces_delete(user=user)  # before the e-mails naming former addresses go
        Email.objects.to_address(user.email).delete()
        _registrations_delete(user)
        user.delete()  # its e-mails (`Email.about`) go with it
        _delete_files_on_commit(names)
    # The log may be in a database of its own: once the deletion is committed.
    audit_anonymise(
        actor_id=user_id, application_ids=application_ids, targets=[("accounts.user", user_id)]
    )


def _registrations_delete(user: User) -> None:
    """The person's event registrations: a place held goes to the first person
    waiting, then the rows (name, address) are deleted."""

    from eig.events.models import Registration
    from eig.events.services import registration_cancel

    mine = Registration.objects.filter(user=user) | Registration.objects.filter(
        email__iexact=user.email
    )
    for registration in mine.live().select_related("event"):
        registration_cancel(registration=registration, notify=False)
    mine.delete()
