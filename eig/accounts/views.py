from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eig.accounts import services
from eig.accounts.forms import (
    DsfrPasswordChangeForm,
    EmailChangeForm,
    EmailPasswordResetForm,
    EmailSetPasswordForm,
    InvitationAcceptForm,
    InvitationForm,
    LoginForm,
    SignUpForm,
)
from eig.accounts.models import Role, RoleGrant
from eig.accounts.permissions import login_required, public, role_required
from eig.accounts.selectors import grants_to_verify
from eig.accounts.throttling import login_failures_forget
from eig.accounts.tokens import TokenError
from eig.security import ratelimit


def _token_error_message(error: TokenError) -> str:
    if error.expired:
        return _("Ce lien a expiré.")
    return _("Ce lien n'est pas valide ou a déjà été utilisé.")


def _rate_limited(request, template: str, context: dict, refusal):
    """The form again, as typed, saying when to try again (429 Too Many Requests)."""
    response = render(request, template, {**context, "rate_limited": refusal.message}, status=429)
    for name, value in refusal.headers().items():
        response[name] = value
    return response


@public
def sign_up(request):
    """Public: anyone may create an account (agent or candidate)."""
    if request.user.is_authenticated:
        return redirect("espace:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = ratelimit.rate_limit(request, ratelimit.SIGN_UP)
        if refusal is not None:
            return _rate_limited(request, "accounts/sign_up.html", {"form": form}, refusal)
        data = form.cleaned_data
        services.user_sign_up(
            email=data["email"],
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            role=Role(data["kind"]),
            organization=data["organization"] if data["kind"] == Role.AGENT else None,
        )
        request.session["sign_up_email"] = data["email"]
        return redirect("accounts:sign_up_done")
    return render(request, "accounts/sign_up.html", {"form": form})


@public
def sign_up_done(request):
    """Public: the page after signing up."""
    return render(
        request, "accounts/sign_up_done.html", {"email": request.session.get("sign_up_email")}
    )


@public
def confirm_email(request, token):
    """Public: whoever holds the link sent by e-mail confirms the address."""
    try:
        services.user_confirm_email(token=token)
    except TokenError as error:
        messages.error(
            request,
            _token_error_message(error)
            + " "
            + _("Connectez-vous pour recevoir un nouveau lien de confirmation."),
        )
        return redirect("accounts:login")
    messages.success(request, _("Votre adresse e-mail est confirmée : vous pouvez vous connecter."))
    if request.user.is_authenticated:
        return redirect("espace:home")
    return redirect("accounts:login")


@public
def login(request):
    """Public: log in with e-mail and password (throttled)."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.user.is_authenticated and request.method == "GET":
        return redirect(next_url or "espace:home")
    form = LoginForm(request.POST or None, request=request)
    if request.method == "POST":
        if form.is_valid():
            auth_login(request, form.user)
            return redirect(next_url or "espace:home")
        if form.unconfirmed_user is not None:
            services.user_confirmation_resend(user=form.unconfirmed_user)
    throttled = form.has_error(NON_FIELD_ERRORS, "locked") or form.has_error(
        NON_FIELD_ERRORS, "slowed"
    )
    return render(
        request,
        "accounts/login.html",
        {"form": form, "next": next_url},
        status=429 if throttled else 200,
    )


@public
@require_POST
def logout(request):
    """Public: log out (POST only, protected against cross-site requests)."""
    auth_logout(request)
    messages.success(request, _("Vous êtes déconnecté·e."))
    return redirect("core:home")


class PasswordResetView(auth_views.PasswordResetView):
    """Public: ask for a password reset link."""

    form_class = EmailPasswordResetForm
    template_name = "accounts/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        refusal = ratelimit.rate_limit(
            self.request, ratelimit.PASSWORD_RESET, account=form.cleaned_data["email"]
        )
        if refusal is not None:
            return _rate_limited(self.request, self.template_name, {"form": form}, refusal)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """Public: the page after asking for a reset link."""

    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Public: whoever holds a valid reset link chooses a new password."""

    form_class = EmailSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        # The owner proved they hold the address: the login locks on the account go.
        login_failures_forget(email=form.user.email)
        messages.success(
            self.request, _("Votre mot de passe est changé : vous pouvez vous connecter.")
        )
        return super().form_valid(form)


@login_required
def password_change(request):
    """Logged-in: change one's password (other sessions are logged out)."""
    form = DsfrPasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        messages.success(request, _("Votre mot de passe est changé."))
        return redirect("espace:home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def email_change(request):
    """Logged-in: ask to change one's e-mail address (confirmed by a link)."""
    form = EmailChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.email_change_request(user=request.user, new_email=form.cleaned_data["new_email"])
        messages.success(
            request,
            _(
                "Un lien de confirmation a été envoyé à %(email)s : l'adresse changera "
                "quand vous l'aurez suivi."
            )
            % {"email": form.cleaned_data["new_email"]},
        )
        return redirect("espace:home")
    return render(request, "accounts/email_change.html", {"form": form})


@public
def email_change_confirm(request, token):
    """Public: whoever holds the link sent to the new address confirms it."""
    try:
        services.email_change_confirm(token=token)
    except TokenError as error:
        messages.error(request, _token_error_message(error))
    except services.EmailTaken:
        messages.error(request, _("Cette adresse est déjà utilisée par un autre compte."))
    else:
        messages.success(request, _("Votre nouvelle adresse e-mail est enregistrée."))
    return redirect("espace:home" if request.user.is_authenticated else "accounts:login")


@public
def invitation_accept(request, token):
    """Public: whoever holds an invitation link sets their name and password."""
    try:
        user = services.invitation_read(token=token)
    except TokenError as error:
        messages.error(request, _token_error_message(error))
        return redirect("accounts:login")
    form = InvitationAcceptForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.invitation_accept(
            token=token,
            password=data["password1"],
            first_name=data["first_name"],
            last_name=data["last_name"],
        )
        messages.success(request, _("Votre compte est prêt : vous pouvez vous connecter."))
        return redirect("accounts:login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invited": user})


@role_required(Role.STAFF)
def people(request):
    """Staff: invite agents and jury members; verify agents who signed up alone."""
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_invite(
            email=data["email"],
            role=Role(data["role"]),
            organization=data["organization"],
            by=request.user,
        )
        messages.success(request, _("Invitation envoyée à %(email)s.") % {"email": user.email})
        return redirect("accounts:people")
    grants = (
        RoleGrant.objects.select_related("user", "organization")
        .filter(user__is_active=True)
        .order_by("-granted_at")
    )
    page = Paginator(grants, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/people.html",
        {"form": form, "to_verify": grants_to_verify()[:100], "page_obj": page},
    )


@role_required(Role.STAFF)
@require_POST
def role_verify(request, pk):
    """Staff: confirm that a self-declared agent works for their organisation."""
    grant = get_object_or_404(RoleGrant.objects.agents(), pk=pk)
    services.role_grant_verify(grant=grant, by=request.user)
    messages.success(
        request,
        _("%(user)s est reconnu·e comme agent de %(organization)s.")
        % {"user": grant.user, "organization": grant.organization},
    )
    return redirect(reverse("accounts:people"))
