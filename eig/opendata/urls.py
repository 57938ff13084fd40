"""Machine-readable publications: open data, news feed, calendars (robots.txt and
/healthz are in eig/www/public/urls.py).

Mounted first inside i18n_patterns (French at the root), so that these fixed
addresses win over the detail routes of the content and events apps.
"""

from django.urls import path, re_path
from django.views.decorators.http import require_safe

from eig.accounts.permissions import public
from eig.content import feeds
from eig.events import ics
from eig.opendata import views

app_name = "opendata"

_NAME = r"(?P<name>[a-z0-9_-]+)"

urlpatterns = [
    path("donnees/", views.index, name="index"),
    path("donnees/datapackage.json", views.datapackage, name="datapackage"),
    re_path(rf"^donnees/{_NAME}\.schema\.json$", views.dataset_schema, name="schema"),
    re_path(rf"^donnees/{_NAME}\.csv$", views.dataset_csv, name="csv"),
    re_path(rf"^donnees/{_NAME}\.json$", views.dataset_json, name="json"),
    path("actualites/feed/", public(require_safe(feeds.LatestPostsFeed())), name="news_feed"),
    path("evenements/calendrier.ics", ics.calendar_feed, name="events_ics"),
    path("evenements/<slug:slug>.ics", ics.event_ics, name="event_ics"),
]
