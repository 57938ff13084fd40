"""``{% integrity "path" %}``: the integrity checksum of a served static file."""

from django import template

from eig.core.static_integrity import integrity as integrity_of

register = template.Library()


@register.simple_tag
def integrity(path: str) -> str:
    return integrity_of(path)
