from django.urls import path

from eig.mail import views

app_name = "mail"

urlpatterns = [
    path("gestion/courriels/", views.email_list, name="list"),
    path("gestion/courriels/<int:pk>/", views.email_detail, name="detail"),
    path("gestion/courriels/<int:pk>/html/", views.email_html, name="html"),
    path(
        "gestion/courriels/<int:pk>/pieces-jointes/<int:index>/",
        views.email_attachment,
        name="attachment",
    ),
    path("gestion/courriels/<int:pk>/renvoyer/", views.email_retry, name="retry"),
]
