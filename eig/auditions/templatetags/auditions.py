from django import template

from eig.auditions.selectors import candidate_audition_context

register = template.Library()


@register.inclusion_tag("auditions/_candidate.html")
def candidate_audition(application):
    """The audition and decision part of the candidate's application page."""
    return candidate_audition_context(application)


@register.inclusion_tag("auditions/_space_card.html")
def panel_space_card(user):
    """The personal space's card for members of an audition panel (none otherwise)."""
    from eig.auditions.selectors import panel_space_summary

    return panel_space_summary(user)
