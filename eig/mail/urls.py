from django.urls import path

from eig.mail import views

app_name = "mail"

urlpatterns = [
    path("gestion/courriels/", views.email_list, name="list"),
    path("gestion/courriels/<int:pk>/renvoyer/", views.email_retry, name="retry"),
]
