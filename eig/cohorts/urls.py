from django.urls import path

from eig.cohorts import views

app_name = "cohorts"

urlpatterns = [
    path("promotions/", views.cohort_list, name="list"),
    path("promotions/<slug:slug>/", views.cohort_detail, name="detail"),
    path("eig/", views.fellow_list, name="fellow_list"),
    path("eig/<slug:slug>/", views.fellow_detail, name="fellow_detail"),
]
