from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eig.accounts.permissions import public
from eig.challenges.forms import ChallengeFilterForm
from eig.challenges.models import MentorKind
from eig.challenges.selectors import (
    challenge_catalogue,
    challenge_detail_queryset,
    mentor_detail_queryset,
)
from eig.core.pagination import breadcrumb, paginate
from eig.medialibrary.selectors import library_texts

PER_PAGE = 24


@public
def challenge_list(request):
    """Public: anyone. The catalogue of défis with its filters and accent-blind search."""
    form = ChallengeFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else {}
    page = paginate(request, challenge_catalogue(**filters), PER_PAGE)
    context = {
        "form": form,
        "page_obj": page,
        "is_filtered": any(filters.values()),
        "breadcrumb_data": breadcrumb(_("Défis")),
    }
    return render(request, "challenges/challenge_list.html", context)


@public
def challenge_detail(request, year: int, slug: str):
    """Public: anyone. A published défi: pitch, description, host, team, mentors, results."""
    challenge = get_object_or_404(challenge_detail_queryset(), year=year, slug=slug)
    return render_challenge(request, challenge)


def render_challenge(request, challenge, *, extra: dict | None = None):
    """The défi's public page, for `challenge` as given (published or, for
    the staff's preview, not yet)."""
    headings = {
        MentorKind.OPERATIONAL: _("Mentors opérationnels"),
        MentorKind.STRATEGIC: _("Mentors stratégiques"),
    }
    mentors_by_kind: dict[str, list] = {}
    for mentorship in challenge.public_mentorships:
        heading = headings.get(mentorship.kind, _("Mentors"))
        mentors_by_kind.setdefault(heading, []).append(mentorship.mentor)
    outcome = getattr(challenge, "outcome", None)  # what the défi delivered (cohort life)
    # A picture from the media library shows the alt text and credit given there.
    picture_alt, picture_credit = library_texts([challenge.image] if challenge.image else []).get(
        challenge.image, ("", "")
    )
    context = {
        "challenge": challenge,
        "picture_alt": picture_alt or challenge.title,
        "picture_credit": picture_credit,
        "outcome": outcome if outcome is not None and outcome.is_published else None,
        "mentors_by_kind": mentors_by_kind,
        "source_code": _links(challenge.source_code),
        "videos": _links(challenge.videos),
        "breadcrumb_data": breadcrumb(
            challenge.title,
            (_("Défis"), reverse("challenges:list")),
            (challenge.cohort.name, challenge.cohort.get_absolute_url()),
        ),
        **(extra or {}),
    }
    return render(request, "challenges/challenge_detail.html", context)


def _links(value) -> list[dict]:
    """A JSON list of addresses, or of {url, kind|label|name}, as links to show."""
    if isinstance(value, str | dict):
        value = [value]
    links = []
    for item in value or []:
        if isinstance(item, dict):
            url = item.get("url") or item.get("link") or ""
            label = item.get("label") or item.get("name") or item.get("kind") or url
        else:
            url = label = str(item)
        if url.startswith(("http://", "https://")):
            links.append({"url": url, "label": label})
    return links


@public
def mentor_detail(request, slug: str):
    """Public: anyone. A mentor's public profile and the défis they mentor."""
    mentor = get_object_or_404(mentor_detail_queryset(), slug=slug)
    return render_mentor(request, mentor)


def render_mentor(request, mentor, *, extra: dict | None = None):
    """The mentor's public page, for `mentor` as given (public or, for the
    staff's preview, not yet)."""
    context = {
        "mentor": mentor,
        "breadcrumb_data": breadcrumb(mentor.name, (_("Défis"), reverse("challenges:list"))),
        **(extra or {}),
    }
    return render(request, "challenges/mentor_detail.html", context)
