"""Files served as downloads, never shown from the site's origin."""

from django.views.static import serve

from eig.accounts.permissions import public

# A document opened by mistake in the site's origin can run nothing: no
# script, no plug-in, no form, no same-origin access (the sandbox), and the
# browser takes the declared type for granted (nosniff).
DOWNLOAD_POLICY = "default-src 'none'; sandbox"


def as_download(response, *, filename: str | None = None):
    """Headers that make a stored file a download whatever its content."""
    if not response.has_header("Content-Disposition") or not response[
        "Content-Disposition"
    ].startswith("attachment"):
        response["Content-Disposition"] = "attachment" + (
            f'; filename="{filename}"' if filename else ""
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_POLICY
    return response


@public
def media_file(request, path: str):
    """Public: anyone, where the site serves its media (EIG_SERVE_MEDIA; eig/urls.py). Files under
    MEDIA_ROOT as downloads. In production the web server or the object
    store serves /media/ with the same headers (docs/security.md)."""
    from django.conf import settings

    return as_download(serve(request, path, document_root=settings.MEDIA_ROOT))
