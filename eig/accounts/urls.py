from django.urls import path

from eig.accounts import views
from eig.accounts.permissions import public

app_name = "accounts"

urlpatterns = [
    path("compte/inscription/", views.sign_up, name="sign_up"),
    path("compte/inscription/envoye/", views.sign_up_done, name="sign_up_done"),
    path("compte/confirmation/<str:token>/", views.confirm_email, name="confirm_email"),
    path("compte/connexion/", views.login, name="login"),
    path("compte/deconnexion/", views.logout, name="logout"),
    path("compte/mot-de-passe/", public(views.PasswordResetView.as_view()), name="password_reset"),
    path(
        "compte/mot-de-passe/envoye/",
        public(views.PasswordResetDoneView.as_view()),
        name="password_reset_done",
    ),
    path(
        "compte/mot-de-passe/nouveau/<uidb64>/<token>/",
        public(views.PasswordResetConfirmView.as_view()),
        name="password_reset_confirm",
    ),
    path("compte/mot-de-passe/modifier/", views.password_change, name="password_change"),
    path("compte/e-mail/", views.email_change, name="email_change"),
    path(
        "compte/e-mail/confirmation/<str:token>/",
        views.email_change_confirm,
        name="email_change_confirm",
    ),
    path("compte/invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("gestion/comptes/", views.people, name="people"),
    path("gestion/comptes/roles/<int:pk>/verifier/", views.role_verify, name="role_verify"),
]
