from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

urlpatterns = [
    # The header's language form posts no CSRF token, so that cached public pages
    # hold none (eig/core/cache.py); a forged post can only switch the language.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("eig.api.urls")),
]

# Public pages: French at the root, English under /en/.
urlpatterns += i18n_patterns(
    # First: its fixed addresses (/actualites/feed/, /evenements/calendrier.ics)
    # must win over the detail routes /actualites/<slug>/ and /evenements/<slug>/.
    path("", include("eig.opendata.urls")),
    path("", include("eig.www.public.urls")),
    path("", include("eig.www.espace.urls")),
    path("", include("eig.www.gestion.urls")),
    path("", include("eig.content.urls")),
    # Before cohorts: /eig/anciens/ must win over the fellow route /eig/<slug>/.
    path("", include("eig.cohortlife.urls")),
    path("", include("eig.cohorts.urls")),
    path("", include("eig.challenges.urls")),
    path("", include("eig.events.urls")),
    # Before applications: /espace/candidature/<pk>/audition/ must win over its step route.
    path("", include("eig.auditions.urls")),
    path("", include("eig.applications.urls")),
    path("", include("eig.selection.urls")),
    path("", include("eig.accounts.urls")),
    path("", include("eig.privacy.urls")),
    path("", include("eig.proposals.urls")),
    path("", include("eig.mail.urls")),
    path("", include("eig.teams.urls")),
    prefix_default_language=False,
)

if settings.EIG_SERVE_MEDIA and not settings.EIG_S3_BUCKET:
    from django.urls import re_path

    from eig.security.views import media_file

    # Development or one machine (EIG_SERVE_MEDIA): public media as downloads.
    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", media_file)]
