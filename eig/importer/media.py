"""The media step of an import: the pictures and documents the content names.

While a site is imported, every value written to a record goes through
`ImportMedia.rewrite` (called by `services.save_record`): the fields that
name a file (a défi's `image`, a person's photo, a post's images and
attachments, a project's link) and the Markdown or HTML of the bodies (images
`![…](…)`, `<img src>`, links to documents) are read for the addresses of
the site's own files (`/img/…`, `img/…`, `/docs/…`, `/uploads/…`, or the same
paths at the site's public address).

Each file named is looked up in the source (the site's root for the original
Jekyll site, `site/static/` for the Hugo site), checked by its content
(`eig.core.pictures`) and stored once in the default storage under a name
made of its content hash; the reference becomes the stored file's URL. The
same file named twice, or imported again, is stored once and gives the same
URL, so a second run changes nothing.

A file the content names but the source lacks, or whose content is refused,
is listed in the report's skipped files (path relative to the source, reason
in French) and the reference becomes the file's public address on the site
it came from: the pages link to it, never show it as a broken image.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings

from eig.core.pictures import (
    SITE_HOSTS,
    RefusedFile,
    is_document_name,
    is_picture_name,
    store_file,
)

# Largest file copied from a source (bytes).
MAX_BYTES = 20 * 1024 * 1024

# Fields of the imported models that hold one file address, Markdown or HTML
# text, or a list of images (`[{"image": …}, …]`), by model label.
REFERENCE_FIELDS = {
    "challenges.Challenge": {"image", "poster"},
    "challenges.ChallengeProject": {"image", "url"},
    "cohorts.Fellow": {"photo_url"},
    "challenges.Mentor": {"photo_url"},
    "content.Post": {"image"},
    "content.PostAttachment": {"url"},
}
TEXT_FIELDS = {
    "challenges.Challenge": {"body"},
    "challenges.ChallengeProject": {"description"},
    "cohorts.Fellow": {"bio"},
    "challenges.Mentor": {"bio"},
    "content.Post": {"body", "lede"},
    "content.Page": {"body", "lede"},
}
IMAGE_LIST_FIELDS = {"content.Post": {"images"}}

# Folders of a site whose files a relative address (`img/x.png`) may name.
RELATIVE_FOLDERS = ("img/", "docs/", "uploads/", "images/", "files/")

# An address in Markdown (`](…)`, `[id]: …`) or HTML (`src=`, `href=`).
_TEXT_REFERENCE = re.compile(
    r"""(?P<before>\]\(\s*<?|\b(?:src|href)\s*=\s*["']?|^[ ]{0,3}\[[^\]\n]+\]:[ \t]*<?)"""
    r"""(?P<url>[^\s)"'<>]+)""",
    re.IGNORECASE | re.MULTILINE,
)


def site_path(reference: str) -> str | None:
    """The path inside a site (`img/blog/x.png`) that an address names, when
    it names a picture or a document of the site itself; else None."""
    reference = (reference or "").strip()
    if not reference or reference.startswith(settings.MEDIA_URL):
        return None
    parts = urlsplit(reference)
    if parts.scheme in {"http", "https"}:
        if (parts.hostname or "").lower() not in SITE_HOSTS:
            return None
        path = parts.path
    elif parts.scheme or parts.netloc or reference.startswith("//"):
        return None
    else:
        path = parts.path
        if not path.startswith("/") and not path.startswith(RELATIVE_FOLDERS):
            return None
    path = unquote(path).lstrip("/")
    if not path or ".." in Path(path).parts:
        return None
    if not (is_picture_name(path) or is_document_name(path)):
        return None
    return path


@dataclass
class ImportMedia:
    """The media of one source (see the module docstring)."""

    report: object  # ImportReport
    root: Path  # the source, for the paths in the report
    files_root: Path  # where the site's `/img/…` files are
    public_base: str  # the site's public address
    resolved: dict[str, str] = field(default_factory=dict)  # site path -> new reference
    used: set[Path] = field(default_factory=set)  # files of the source read here

    def public_address(self, path: str) -> str:
        return f"{self.public_base.rstrip('/')}/{quote(path)}"

    def _rel(self, path: str) -> str:
        return (self.files_root / path).relative_to(self.root).as_posix()

    def reference(self, reference: str, named_by: str) -> str:
        """The reference to write for `reference`: the stored file's URL, its
        public address when the source lacks it, or itself when it names no
        file of the site."""
        path = site_path(reference)
        if path is None:
            return reference
        if path in self.resolved:
            return self.resolved[path]
        file = self.files_root / path
        public = self.public_address(path)
        if not file.is_file() or not file.resolve().is_relative_to(self.root.resolve()):
            self.report.skip(
                self._rel(path),
                f"nommé par {named_by} mais absent de la source : "
                f"lié à son adresse publique {public}",
            )
            self.resolved[path] = public
            return public
        self.used.add(file)
        try:
            if file.stat().st_size > MAX_BYTES:
                raise RefusedFile(f"fichier de plus de {MAX_BYTES // (1024 * 1024)} Mo")
            url = store_file(file.read_bytes(), file.name)
        except RefusedFile as exc:
            self.report.skip(
                self._rel(path), f"{exc.reason} : non copié, lié à son adresse publique {public}"
            )
            url = public
        self.resolved[path] = url
        return url

    def text(self, text: str, named_by: str) -> str:
        if not text:
            return text

        def replace(match: re.Match) -> str:
            return match["before"] + self.reference(match["url"], named_by)

        return _TEXT_REFERENCE.sub(replace, text)

    def image_list(self, items, named_by: str):
        if not isinstance(items, list):
            return items
        out = []
        for item in items:
            if isinstance(item, dict) and isinstance(item.get("image"), str):
                item = {**item, "image": self.reference(item["image"], named_by)}
            elif isinstance(item, str):
                item = self.reference(item, named_by)
            out.append(item)
        return out

    def values(self, label: str, values: dict, named_by: str) -> dict:
        """`values` of a record of the model `label` with its files rewritten."""
        refs = REFERENCE_FIELDS.get(label, ())
        texts = TEXT_FIELDS.get(label, ())
        lists = IMAGE_LIST_FIELDS.get(label, ())
        if not (refs or texts or lists):
            return values
        out = dict(values)
        for name, value in values.items():
            if not isinstance(value, (str, list)):
                continue
            if name in refs and isinstance(value, str):
                out[name] = self.reference(value, named_by)
            elif name in texts and isinstance(value, str):
                out[name] = self.text(value, named_by)
            elif name in lists:
                out[name] = self.image_list(value, named_by)
        return out

    def rewrite(self, model, lookup: dict, values: dict, children: dict | None, kind: str):
        """What `save_record` writes: values and child rows with their files."""
        key = next(iter(lookup.values()), "") if lookup else ""
        named_by = f"{kind} « {key} »" if key else kind
        values = self.values(model._meta.label, values, named_by)
        if children:
            children = {
                name: (
                    child_model,
                    [self.values(child_model._meta.label, row, named_by) for row in rows],
                )
                for name, (child_model, rows) in children.items()
            }
        return values, children


def for_site(report, root: Path) -> ImportMedia:
    """The media of the original Jekyll site at `root` (`/img/…` under root)."""
    return ImportMedia(
        report=report, root=root, files_root=root, public_base=settings.EIG_ORIGINAL_SITE_URL
    )


def for_hugo(report, root: Path, static: Path) -> ImportMedia:
    """The media of the Hugo site at `root` (`/img/…` under its static folder)."""
    return ImportMedia(
        report=report, root=root, files_root=static, public_base=settings.EIG_CURRENT_SITE_URL
    )
