from django.http import HttpResponseBadRequest, JsonResponse
from django.views.decorators.http import require_POST

from eig.accounts.models import Role
from eig.accounts.permissions import role_required
from eig.content.link_check import link_warnings
from eig.core.markdown import render_markdown

MAX_TEXT_LENGTH = 200_000


@role_required(Role.STAFF)
@require_POST
def markdown_preview(request):
    """Staff: the Markdown `text` as the public site renders it (sanitised
    HTML), with the warnings of its links to pages of this site, as JSON
    ({"html", "link_warnings"}). POST only (CSRF protected): the studio's
    editor asks it as staff type."""
    text = request.POST.get("text", "")
    if len(text) > MAX_TEXT_LENGTH:
        return HttpResponseBadRequest("Text too long.")
    try:
        top_heading = min(max(int(request.POST.get("top_heading", 2)), 2), 6)
    except ValueError:
        top_heading = 2
    return JsonResponse(
        {
            "html": str(render_markdown(text, top_heading=top_heading)),
            "link_warnings": link_warnings(text),
        }
    )
