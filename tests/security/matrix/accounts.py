"""Accounts: sign-up, log-in, password, e-mail change, invitations, the space,
the people list of the programme team."""

from eig.accounts.models import Role
from tests.accounts.factories import make_user
from tests.security.matrix import Row, everyone, logged_in, private

NOT_A_TOKEN = {"token": "pas-un-jeton"}


def extend_world(world):
    world.unverified_agent = make_user(Role.AGENT, verified=False)


ROWS = {
    # Logged-in people are sent on to their space.
    "accounts:sign_up": Row(everyone(302) | {"anonymous": 200}),
    "accounts:sign_up_done": Row(everyone(200)),
    "accounts:confirm_email": Row(everyone(302), kwargs=NOT_A_TOKEN),
    "accounts:login": Row(everyone(302) | {"anonymous": 200}),
    "accounts:logout": Row(everyone(302), "post"),
    "accounts:password_reset": Row(everyone(200)),
    "accounts:password_reset_done": Row(everyone(200)),
    "accounts:password_reset_confirm": Row(
        everyone(200), kwargs={"uidb64": "MQ", "token": "pas-un-jeton"}
    ),
    "accounts:password_change": Row(logged_in(200)),
    "accounts:email_change": Row(logged_in(200)),
    "accounts:email_change_confirm": Row(everyone(302), kwargs=NOT_A_TOKEN),
    "accounts:invitation_accept": Row(everyone(302), kwargs=NOT_A_TOKEN),
    "accounts:people": Row(private(staff=200)),
    "accounts:role_verify": Row(
        private(staff=302),
        "post",
        kwargs=lambda w: {"pk": w.unverified_agent.role_grants.get().pk},
    ),
}
