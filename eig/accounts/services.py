"""Accounts: sign-up, e-mail confirmation and change, invitations, roles."""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from eig.accounts.models import Role, RoleGrant, User
from eig.accounts.throttling import login_attempts_forget
from eig.accounts.tokens import (
    EMAIL_CHANGE_MAX_AGE,
    EMAIL_CONFIRMATION_MAX_AGE,
    INVITATION_MAX_AGE,
    TokenError,
    make_token,
    read_token,
)
from eig.core.links import absolute_url
from eig.mail.services import mail_send
from eig.organizations.models import Organization

SELF_SERVICE_ROLES = (Role.AGENT, Role.CANDIDATE)
INVITABLE_ROLES = (Role.AGENT, Role.JURY, Role.MENTOR, Role.FELLOW)


def role_grant(
    *,
    user: User,
    role: Role,
    organization: Organization | None = None,
    by: User | None = None,
    verified: bool = True,
) -> RoleGrant:
    """Give a role (idempotent); a verified grant stays verified."""
    if role == Role.STAFF:
        raise ValueError("Staff is User.is_staff, not a grant.")
    if (role == Role.AGENT) != (organization is not None):
        raise ValueError("An agent's role names an organisation, and only an agent's.")
    grant, created = RoleGrant.objects.get_or_create(
        user=user,
        role=role,
        organization=organization,
        defaults={"granted_by": by, "verified_at": timezone.now() if verified else None},
    )
    if not created and verified and grant.verified_at is None:
        grant.verified_at = timezone.now()
        grant.save(update_fields=["verified_at"])
    user.__dict__.pop("_eig_roles", None)
    return grant


@transaction.atomic
def role_grant_verify(*, grant: RoleGrant, by: User) -> RoleGrant:
    if grant.verified_at is None:
        grant.verified_at = timezone.now()
        grant.granted_by = grant.granted_by or by
        grant.save(update_fields=["verified_at", "granted_by"])
    return grant


def _send_confirmation(user: User) -> None:
    mail_send(
        to=user.email,
        template="confirm_email",
        context={
            "name": user.get_short_name(),
            "url": absolute_url("accounts:confirm_email", token=make_token(user, "confirm")),
            "days": EMAIL_CONFIRMATION_MAX_AGE.days,
        },
    )


@transaction.atomic
def user_sign_up(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    role: Role,
    organization: Organization | None,
) -> User | None:
    """Create an account waiting for its e-mail to be confirmed.

    If the address already has an account, nothing is created and its owner
    is told by e-mail instead (the page says the same in both cases, so the
    form does not reveal who has an account). Both cases do the same costly
    work, hashing the password and sending one e-mail, so that the time taken
    does not reveal it either (issue 17, finding 4).
    """
    if role not in SELF_SERVICE_ROLES:
        raise ValueError(f"One cannot sign up as {role}.")
    email = User.objects.normalize_email(email).lower()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        make_password(password)  # the hash a new account costs, thrown away
        mail_send(
            to=existing.email,
            template="sign_up_existing",
            context={
                "login_url": absolute_url("accounts:login"),
                "reset_url": absolute_url("accounts:password_reset"),
            },
        )
        return None
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    # An agent who names their organisation alone is verified by the team later.
    role_grant(user=user, role=role, organization=organization, verified=False)
    _send_confirmation(user)
    return user


def user_confirmation_resend(*, user: User) -> None:
    if user.email_confirmed_at is None:
        _send_confirmation(user)


@transaction.atomic
def user_confirm_email(*, token: str) -> User:
    user, _payload = read_token(token, "confirm", EMAIL_CONFIRMATION_MAX_AGE)
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email_confirmed_at"])
    return user


class EmailTaken(Exception):
    pass


def email_change_request(*, user: User, new_email: str) -> None:
    """Send a confirmation link to the new address; nothing changes until used."""
    new_email = User.objects.normalize_email(new_email).lower()
    if User.objects.filter(email__iexact=new_email).exists():
        # Tell nobody on screen; the owner of that address learns nothing either.
        return
    token = make_token(user, "email_change", e=new_email)
    mail_send(
        to=new_email,
        about=user,  # no account holds that address yet: the mail is the person's
        template="email_change",
        context={
            "name": user.get_short_name(),
            "url": absolute_url("accounts:email_change_confirm", token=token),
        },
    )


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    user, payload = read_token(token, "email_change", EMAIL_CHANGE_MAX_AGE)
    new_email = payload["e"]
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise EmailTaken
    old_email = user.email
    user.email = new_email
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email", "email_confirmed_at"])
    mail_send(
        to=old_email,
        about=user,
        template="email_changed",
        context={"name": user.get_short_name(), "new_email": new_email},
    )
    return user


@transaction.atomic
def user_invite(
    *,
    email: str,
    role: Role,
    organization: Organization | None,
    by: User,
) -> User:
    """Staff invite someone to a role; a new account gets a link to set a password."""
    if role not in INVITABLE_ROLES:
        raise ValueError(f"One cannot be invited as {role}.")
    email = User.objects.normalize_email(email).lower()
    user = User.objects.filter(email__iexact=email).first()
    is_new = user is None
    if is_new:
        user = User.objects.create_user(email=email, password=None)
    role_grant(user=user, role=role, organization=organization, by=by, verified=True)
    context = {
        "role": str(Role(role).label),
        "organization": organization.name if organization else "",
        "inviter": by.get_full_name() or by.email,
    }
    if is_new or not user.has_usable_password():
        token = make_token(user, "invitation")
        context["url"] = absolute_url("accounts:invitation_accept", token=token)
        context["days"] = INVITATION_MAX_AGE.days
    else:
        context["url"] = absolute_url("espace:home")
    mail_send(to=user.email, template="invitation", context=context)
    return user


def account_traces_delete(*, user: User) -> None:
    """What the throttles counted about the person, whose account is being
    deleted: the log-in tries typed with their addresses (current and former)
    and the rate-limit hits keyed by their account or those addresses."""
    from eig.mail.models import Email
    from eig.security.ratelimit import rate_limit_hits_forget

    former = Email.objects.filter(about=user, template="email_changed").values_list("to", flat=True)
    addresses = {user.email.lower(), *(address.lower() for address in former)}
    login_attempts_forget(emails=addresses)
    rate_limit_hits_forget(accounts=[user, *addresses])


def invitation_read(*, token: str) -> User:
    user, _payload = read_token(token, "invitation", INVITATION_MAX_AGE)
    return user


@transaction.atomic
def invitation_accept(*, token: str, password: str, first_name: str, last_name: str) -> User:
    user = invitation_read(token=token)
    user.set_password(password)
    user.first_name = first_name
    user.last_name = last_name
    user.email_confirmed_at = user.email_confirmed_at or timezone.now()
    user.save(update_fields=["password", "first_name", "last_name", "email_confirmed_at"])
    return user


__all__ = [
    "account_traces_delete",
    "EmailTaken",
    "TokenError",
    "email_change_confirm",
    "email_change_request",
    "invitation_accept",
    "invitation_read",
    "role_grant",
    "role_grant_verify",
    "user_confirm_email",
    "user_confirmation_resend",
    "user_invite",
    "user_sign_up",
]
