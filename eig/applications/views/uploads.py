"""Uploads: the size is counted as the body arrives, before CSRF reads it."""

from functools import wraps

from django.views.decorators.csrf import csrf_exempt, csrf_protect

from eig.applications.uploads import LimitedUploadHandler, fields_too_large, too_large_message


def limited_uploads(view):
    """Install `LimitedUploadHandler` first, then check CSRF as usual.

    Upload handlers must be set before anything reads `request.POST`, and the
    CSRF middleware reads it: so the middleware is skipped and the same check
    runs here, after the handler is in place.
    """
    protected = csrf_protect(view)

    def wrapper(request, *args, **kwargs):
        request.upload_handlers.insert(0, LimitedUploadHandler(request))
        return protected(request, *args, **kwargs)

    return csrf_exempt(wraps(view)(wrapper))


def _too_large(request, form, field: str) -> None:
    if field in fields_too_large(request):
        form.errors.pop(field, None)
        form.add_error(field, too_large_message())
