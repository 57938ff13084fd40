from django.urls import path

from eig.challenges import views

app_name = "challenges"

urlpatterns = [
    path("defis/", views.challenge_list, name="list"),
    path("defis/<int:year>/<slug:slug>/", views.challenge_detail, name="detail"),
    path("mentors/<slug:slug>/", views.mentor_detail, name="mentor_detail"),
]
