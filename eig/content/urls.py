from django.urls import path, re_path

from eig.content import views

app_name = "content"

urlpatterns = [
    path("programme/", views.programme, name="programme"),
    path("programme/<slug:slug>/", views.page, name="page"),
    path("questions-frequentes/", views.faq, name="faq"),
    path("actualites/", views.post_list, name="post_list"),
    # `feed/` is the Atom feed, served by another app mounted after this one.
    re_path(r"^actualites/(?!feed/)(?P<slug>[-\w]+)/$", views.post_detail, name="post_detail"),
    path("revue-de-presse/", views.press, name="press"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plan-du-site/", views.site_map, name="site_map"),
    path("gestion-des-cookies/", views.cookies, name="cookies"),
]
