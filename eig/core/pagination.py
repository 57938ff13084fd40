"""Pagination and breadcrumbs shaped for the DSFR tags."""

from django.core.paginator import Page, Paginator
from django.urls import reverse


def paginate(request, object_list, per_page: int, *, param: str = "page") -> Page:
    """The requested page (the last one if out of range), ready for `dsfr_pagination`."""
    paginator = Paginator(object_list, per_page)
    page = paginator.get_page(request.GET.get(param))
    page.pages_list = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    return page


def breadcrumb(current: str, *links: tuple[str, str]) -> dict:
    """`breadcrumb_data` for `dsfr_breadcrumb`: (title, url) links then the current page."""
    return {
        "links": [{"title": title, "url": url} for title, url in links],
        "current": current,
        "root_dir": reverse("core:home"),
    }
