"""The old addresses of the imported sites, kept as redirects (301).

While a source is imported, `save_record` notes each record's old address
(`legacy_path`: the original site's `/defis/2018/hopkins.html`, the current
site's `/defis/<slug>/`, `/personnes/<slug>/`, `/blog/<slug>/`), the Hugo
import its cohorts' `/promos/<slug>/`, and `read_site_redirects` the
original site's own `_redirects` (Netlify format, `FROM TO 301!`), whose
targets are old addresses too. At the end of the run `write_redirects`
stores them in `Redirect`, with the URL name of the new page, so that a
request costs one query (`eig.www.middleware.LegacyRedirectMiddleware`).
A second run changes nothing.
"""

from pathlib import Path
from urllib.parse import urlsplit

from eig.challenges.models import Challenge, Mentor
from eig.cohorts.models import Cohort, Fellow
from eig.content.models import Page, Post
from eig.core.legacy import (
    CURRENT_SITE_PAGES,
    FIXED_REDIRECTS,
    LEGACY_CHALLENGE,
    ORIGINAL_POST,
    RENAMED_CHALLENGES,
)
from eig.events.models import Event
from eig.importer.media import site_path
from eig.importer.models import Redirect

# Fields compared to tell whether a stored redirect changed.
FIELDS = ("url_name", "url_kwargs", "target_path", "language", "source")


def url_of(instance) -> tuple[str, dict] | None:
    """The URL name and arguments of an imported record's public page."""
    if isinstance(instance, Challenge):
        return "challenges:detail", {"year": instance.year, "slug": instance.slug}
    if isinstance(instance, Page) and instance.slug == "programme":
        return "content:programme", {}
    names = {
        Fellow: "cohorts:fellow_detail",
        Mentor: "challenges:mentor_detail",
        Post: "content:post_detail",
        Page: "content:page",
        Cohort: "cohorts:detail",
        Event: "events:detail",
    }
    for model, name in names.items():
        if isinstance(instance, model):
            return name, {"slug": instance.slug}
    return None


def read_site_redirects(ctx, root: Path) -> None:
    """The site's own `_redirects`: each internal `FROM TO` line is noted,
    resolved at the end of the run (its target may be imported later)."""
    path = root / "_redirects"
    if not path.is_file():
        return
    ctx.tick(path.name)
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        parts = line.split()
        if len(parts) < 2 or line.lstrip().startswith("#"):
            continue
        old, new = parts[0], parts[1]
        if not old.startswith("/"):
            continue  # another host's addresses (the Netlify domain)
        if "*" in old or ":" in new:
            ctx.report.warn(f"_redirects:{number}", f"motif « {old} » : non repris")
            continue
        if ctx.media is not None and site_path(new) is not None:
            ctx.fixed_addresses[old] = (ctx.media.reference(new, "_redirects"), ctx.source)
        else:
            ctx.aliases[old] = (urlsplit(new).path, ctx.source)


def note_current_site_pages(ctx) -> None:
    """The fixed pages of the current site (`/equipe`, `/espace-presse`, …)."""
    for address, name in CURRENT_SITE_PAGES.items():
        ctx.page_addresses[f"/{address}/"] = (name, ctx.source)


def _target(ctx, address: str) -> dict | None:
    """The redirect's fields for an old address, or None when unknown."""
    found = ctx.old_addresses.get(address)
    if found is not None:
        instance, source = found
        url = url_of(instance)
        if url is None:
            return None
        return {
            "url_name": url[0],
            "url_kwargs": url[1],
            "target_path": "",
            "language": getattr(instance, "language", "") or "",
            "source": source,
        }
    name = FIXED_REDIRECTS.get(address.strip("/"))
    if name:
        return {"url_name": name, "url_kwargs": {}, "target_path": "", "language": ""}
    return None


def _renamed(address: str) -> str:
    """The address of a défi's page under its later name, else `address`."""
    match = LEGACY_CHALLENGE.match(address)
    if match and match["slug"] in RENAMED_CHALLENGES:
        return f"/defis/{match['year']}/{RENAMED_CHALLENGES[match['slug']]}.html"
    return address


def wanted_redirects(ctx) -> dict[str, dict]:
    wanted = {}
    for address in ctx.old_addresses:
        if match := ORIGINAL_POST.match(address):
            earlier = f"/posts/{match['date']}/{match['name']}/"
            wanted[earlier] = _target(ctx, address)
            continue  # the .html page itself: `legacy_redirect` finds it by record
        if address.endswith(".html"):
            continue
        target = _target(ctx, address)
        if target is not None:
            wanted[address] = target
    wanted = {address: target for address, target in wanted.items() if target is not None}
    for old, (new, source) in ctx.aliases.items():
        new = _renamed(new)
        target = _target(ctx, new) or _stored(new)
        if target is None:
            ctx.report.warn("_redirects", f"« {old} » mène à « {new} », introuvable : non repris")
            continue
        wanted[old] = {**target, "source": source}
    for old, (name, source) in ctx.page_addresses.items():
        wanted.setdefault(
            old,
            {
                "url_name": name,
                "url_kwargs": {},
                "target_path": "",
                "language": "",
                "source": source,
            },
        )
    for old, (new, source) in ctx.fixed_addresses.items():
        wanted[old] = {
            "url_name": "",
            "url_kwargs": {},
            "target_path": new,
            "language": "",
            "source": source,
        }
    return wanted


def _stored(address: str) -> dict | None:
    """An old address known from an earlier run (another source imported before)."""
    redirect = Redirect.objects.filter(old_path=address).first()
    if redirect is None:
        return None
    return {name: getattr(redirect, name) for name in FIELDS}


def write_redirects(ctx) -> None:
    wanted = wanted_redirects(ctx)
    if not wanted:
        return
    existing = {r.old_path: r for r in Redirect.objects.filter(old_path__in=list(wanted))}
    created, changed = [], []
    for old, values in wanted.items():
        values = {"source": "", **values}
        redirect = existing.get(old)
        if redirect is None:
            created.append(Redirect(old_path=old, **values))
        elif any(getattr(redirect, name) != values[name] for name in FIELDS):
            for name in FIELDS:
                setattr(redirect, name, values[name])
            changed.append(redirect)
    Redirect.objects.bulk_create(created)
    Redirect.objects.bulk_update(changed, FIELDS)
