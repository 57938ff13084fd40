"""Every view declares who may use it (eig/accounts/permissions.py): the
URL configuration is walked, and a view without a declaration fails, by name.

A view declares with `public`, `login_required` or `role_required(...)`
(each sets `allowed_roles`); the API's views declare DRF permission classes
in the project's own base class; Django's admin and the language switch are
Django's own (superusers only; anyone).
"""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

DJANGO_OWN = {"set_language"}


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if (
                entry.urlconf_name is admin.site.urls[0]
                or getattr(entry, "app_name", "") == "admin"
            ):
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _patterns(entry, namespace)
        elif isinstance(entry, URLPattern):
            yield f"{prefix}{entry.name or entry.pattern}", entry.callback


def _declares(callback) -> bool:
    if hasattr(callback, "allowed_roles"):
        return True
    view_class = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view_class is not None and view_class.__module__.startswith("eig."):
        # DRF: permission classes set by the project, not DRF's default.
        return "permission_classes" in {
            name
            for klass in view_class.__mro__
            if klass.__module__.startswith("eig.")
            for name in vars(klass)
        } or hasattr(view_class, "allowed_roles")
    return False


def test_every_view_declares_who_may_use_it():
    missing = [
        name
        for name, callback in _patterns(get_resolver())
        if name.split(":")[-1] not in DJANGO_OWN and not _declares(callback)
    ]
    assert not missing, "Views without a declaration of who may use them: " + ", ".join(
        sorted(set(missing))
    )
