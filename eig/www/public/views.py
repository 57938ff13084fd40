from django.db.models import CharField, IntegerField, Q, Value
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import get_language

from eig.accounts.permissions import public
from eig.applications.selectors import call_status, current_application_call
from eig.challenges.models import Challenge, Mentor
from eig.cohorts.models import Cohort, Fellow, Programme
from eig.cohorts.selectors import programme_key_figures
from eig.content.models import Page, Post
from eig.content.selectors import posts_for_language, testimonials
from eig.core.legacy import FIXED_REDIRECTS, LEGACY_CHALLENGE, LEGACY_PERSON
from eig.events.models import Event
from eig.events.selectors import upcoming_events


@public
def home(request):
    """Public: anyone. The programme in brief, the current call, news, events, figures."""
    now = timezone.now()
    call = current_application_call(now)
    context = {
        "programme": Programme.objects.order_by("pk").first(),
        "call": call,
        "call_status": call_status(call, now) if call else None,
        "posts": list(posts_for_language(get_language())[:3]),
        "events": list(upcoming_events(now)[:3]),
        "figures": programme_key_figures(),
        "testimonials": testimonials(),
    }
    return render(request, "core/home.html", context)


@public
def legacy_redirect(request, path: str):
    """Public: anyone. An address of the original static site -> its new page (301).

    Fixed pages cost no query; an imported object is found by its
    `legacy_path` in one query (a UNION over the models that had pages).
    """
    target = FIXED_REDIRECTS.get(path.strip("/"))
    if target:
        return HttpResponsePermanentRedirect(reverse(target))
    target = _imported_object_url(request.path, "/" + path.lstrip("/"))
    if target is None:
        raise Http404("No page of the original site at this address.")
    return HttpResponsePermanentRedirect(target)


def _imported_object_url(full_path: str, path: str) -> str | None:
    candidates = list(dict.fromkeys([full_path, path]))
    challenge_query = Q(legacy_path__in=candidates)
    person_slug = None
    wanted_year = None
    if match := LEGACY_CHALLENGE.match(path):
        # The original site's own pages sometimes name a défi under another
        # year (/defis/2017/gobelins.html for the 2018 défi): its slug alone
        # finds it, the right year first.
        wanted_year = int(match["year"])
        challenge_query |= Q(slug=match["slug"])
    if match := LEGACY_PERSON.match(path):
        person_slug = match["slug"]

    def rows(queryset, kind: str, *, year: bool = False, language: bool = False):
        return queryset.values_list(
            Value(kind, output_field=CharField()),
            "slug",
            "year" if year else Value(None, output_field=IntegerField()),
            "language" if language else Value("", output_field=CharField()),
            "legacy_path",
        ).order_by()

    people = Q(legacy_path__in=candidates)
    if person_slug:
        people |= Q(slug=person_slug, legacy_path="")
    union = rows(Challenge.objects.published().filter(challenge_query), "challenge", year=True)
    union = union.union(
        rows(Fellow.objects.public().filter(people), "fellow"),
        rows(Mentor.objects.filter(is_public=True).filter(people), "mentor"),
        rows(Post.objects.published().filter(legacy_path__in=candidates), "post", language=True),
        rows(Page.objects.published().filter(legacy_path__in=candidates), "page", language=True),
        rows(Cohort.objects.published().filter(legacy_path__in=candidates), "cohort"),
        rows(Event.objects.published().filter(legacy_path__in=candidates), "event"),
        all=True,
    )
    found = sorted(
        union,
        key=lambda row: (
            candidates.index(row[4]) if row[4] in candidates else 9,
            row[2] != wanted_year,
        ),
    )
    if not found:
        return None
    kind, slug, year, language, _legacy = found[0]
    with translation.override(language or get_language()):
        if kind == "challenge":
            return reverse("challenges:detail", kwargs={"year": year, "slug": slug})
        if kind == "page" and slug == "programme":
            return reverse("content:programme")
        names = {
            "fellow": "cohorts:fellow_detail",
            "mentor": "challenges:mentor_detail",
            "post": "content:post_detail",
            "page": "content:page",
            "cohort": "cohorts:detail",
            "event": "events:detail",
        }
        return reverse(names[kind], kwargs={"slug": slug})
