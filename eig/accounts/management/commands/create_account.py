"""Create (or update) an account with its roles, its address already confirmed.

    manage.py create_account --email equipe@exemple.gouv.fr --staff
    manage.py create_account --email jury@exemple.org --role jury --password …
    manage.py create_account --email agent@x.gouv.fr --role agent --organization <slug>

Without --password the account has none: its owner sets one with
"mot de passe oublié".
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from eig.accounts.models import Role, User
from eig.accounts.services import INVITABLE_ROLES, SELF_SERVICE_ROLES, role_grant
from eig.organizations.models import Organization

ROLE_CHOICES = sorted({role.value for role in (*INVITABLE_ROLES, *SELF_SERVICE_ROLES)})


class Command(BaseCommand):
    help = "Create or update an account with its roles (address already confirmed)."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--password")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument("--staff", action="store_true", help="programme team (/gestion/)")
        parser.add_argument("--role", action="append", default=[], choices=ROLE_CHOICES)
        parser.add_argument("--organization", help="slug of an agent's organisation")

    @transaction.atomic
    def handle(self, *args, **options):
        organization = None
        if Role.AGENT in options["role"]:
            slug = options["organization"]
            organization = Organization.objects.filter(slug=slug).first() if slug else None
            if organization is None:
                raise CommandError("An agent needs --organization with an existing slug.")
        email = User.objects.normalize_email(options["email"]).lower()
        user, created = User.objects.get_or_create(email=email)
        if created:
            user.set_unusable_password()
        if options["password"]:
            user.set_password(options["password"])
        user.first_name = options["first_name"] or user.first_name
        user.last_name = options["last_name"] or user.last_name
        user.is_staff = user.is_staff or options["staff"]
        user.email_confirmed_at = user.email_confirmed_at or timezone.now()
        user.save()
        for role in options["role"]:
            role_grant(
                user=user,
                role=Role(role),
                organization=organization if role == Role.AGENT else None,
            )
        self.stdout.write(f"{'Created' if created else 'Updated'} {user.email}")
