"""Pictures and documents in the platform's media storage, and responsive sizes.

A file is stored once, under a name made of the SHA-256 of its content
(`imports/<sha[:2]>/<sha>.<ext>`); a raster picture's name also carries its
width and height (`<sha>_<width>x<height>.<ext>`), and its smaller sizes sit
beside it (`<sha>_<width>x<height>_<w>w.<ext>`, for each width of
`PICTURE_WIDTHS` below the picture's own: never upscaled). A page can then
write `srcset`, `width` and `height` from the address alone, without reading
the storage or the database.

Files are checked by their content, never by their name: a picture must be
read and verified by Pillow, a document must start as its format does.
"""

import hashlib
import io
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

PICTURE_WIDTHS = (320, 640, 1280)
STORAGE_FOLDER = "imports"
# A picture larger than this many pixels is refused (decompression bombs).
MAX_PIXELS = 50_000_000

# Pillow format -> extension of the stored file.
PICTURE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Formats that get smaller sizes (a GIF may be animated: kept as it is).
RESIZED_FORMATS = {"JPEG", "PNG", "WEBP"}
PICTURE_SUFFIXES = {".jpg", ".jpeg", ".jpe", ".jfif", ".png", ".gif", ".webp", ".svg"}
# Documents: extension -> the bytes the file must start with.
_ZIP = (b"PK\x03\x04",)
_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)
DOCUMENT_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".docx": _ZIP,
    ".xlsx": _ZIP,
    ".pptx": _ZIP,
    ".odt": _ZIP,
    ".ods": _ZIP,
    ".odp": _ZIP,
    ".zip": _ZIP,
    ".doc": _OLE,
    ".xls": _OLE,
    ".ppt": _OLE,
}

# Hosts at which the programme's sites published their files: a picture
# there is one the import did not bring (linked, never shown broken).
SITE_HOSTS = {
    "entrepreneur-interet-general.etalab.gouv.fr",
    "eig.etalab.gouv.fr",
    "www.eig.numerique.gouv.fr",
    "eig.numerique.gouv.fr",
}

_STORED = re.compile(
    r"/(?P<name>" + STORAGE_FOLDER + r"/[0-9a-f]{2}/(?P<sha>[0-9a-f]{64})"
    r"_(?P<width>\d+)x(?P<height>\d+))\.(?P<ext>jpg|png|gif|webp|svg)$"
)


class RefusedFile(Exception):
    """A file whose content is not what its name says (reason in French)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class StoredPicture:
    """A picture stored here, as its address tells."""

    url: str
    width: int
    height: int
    sizes: tuple[tuple[str, int], ...]  # (url, width), smallest first, the original last

    @property
    def srcset(self) -> str:
        return ", ".join(f"{url} {width}w" for url, width in self.sizes)


def _pillow():
    try:
        from PIL import Image, ImageOps
    except ImportError as exc:  # pragma: no cover - Pillow is a dependency
        raise RefusedFile("Pillow n'est pas installé : image non vérifiable") from exc
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    return Image, ImageOps


def is_picture_name(name: str) -> bool:
    return any(name.lower().endswith(suffix) for suffix in PICTURE_SUFFIXES)


def is_document_name(name: str) -> bool:
    return any(name.lower().endswith(suffix) for suffix in DOCUMENT_MAGIC)


def check_picture(content: bytes):
    """The opened picture (transposed per its EXIF orientation) and its format;
    RefusedFile when Pillow cannot read and verify it as a picture we keep."""
    image_module, image_ops = _pillow()
    try:
        with image_module.open(io.BytesIO(content)) as probe:
            probe.verify()
        image = image_module.open(io.BytesIO(content))
        image.load()
    except image_module.DecompressionBombError as exc:
        raise RefusedFile("image trop grande (nombre de pixels)") from exc
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds
        raise RefusedFile(f"pas une image lisible ({type(exc).__name__})") from exc
    if image.format not in PICTURE_FORMATS:
        raise RefusedFile(f"format d'image {image.format} non accepté")
    picture_format = image.format
    if picture_format != "GIF":
        image = image_ops.exif_transpose(image)
    return image, picture_format


_SVG_NS = "{http://www.w3.org/2000/svg}"
_SVG_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$")


def check_svg(content: bytes) -> tuple[int, int]:
    """The width and height of a drawing that holds nothing active: no
    script, no event attribute, no `javascript:` address, no DTD."""
    import xml.etree.ElementTree as etree

    head = content[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in content.lower():
        raise RefusedFile("SVG refusé : déclaration DTD ou entité")
    try:
        root = etree.fromstring(content)
    except etree.ParseError as exc:
        raise RefusedFile("SVG illisible (XML invalide)") from exc
    if root.tag not in (_SVG_NS + "svg", "svg"):
        raise RefusedFile("pas un dessin SVG (élément racine)")
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        if tag in {"script", "foreignobject", "iframe", "embed", "object"}:
            raise RefusedFile(f"SVG refusé : élément <{tag}>")
        for name, value in element.attrib.items():
            local = name.rsplit("}", 1)[-1].lower()
            if local.startswith("on") or "javascript:" in value.lower().replace(" ", ""):
                raise RefusedFile(f"SVG refusé : attribut « {local} »")
    sizes = [_SVG_LENGTH.match(root.get(key, "")) for key in ("width", "height")]
    if all(sizes):
        width, height = (float(match[1]) for match in sizes)
    else:
        box = (root.get("viewBox") or "").replace(",", " ").split()
        try:
            width, height = float(box[2]), float(box[3])
        except (IndexError, ValueError):
            width, height = 300.0, 150.0  # what a browser gives a bare SVG
    return max(1, round(width)), max(1, round(height))


def check_document(content: bytes, name: str) -> str:
    """The extension of a document whose first bytes match its format."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    magic = DOCUMENT_MAGIC.get(suffix)
    if magic is None:
        raise RefusedFile(f"type de fichier {suffix or 'sans extension'} non accepté")
    if not content.startswith(magic):
        raise RefusedFile(f"le contenu n'est pas celui d'un fichier {suffix}")
    return suffix.lstrip(".")


def _save_once(name: str, data: bytes) -> str:
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # pragma: no cover - a storage that renamed it
            raise RefusedFile(f"le stockage a renommé le fichier ({saved})")
    return name


def _encoded(image, picture_format: str) -> bytes:
    out = io.BytesIO()
    if picture_format == "JPEG":
        image.convert("RGB").save(out, "JPEG", quality=82, optimize=True, progressive=True)
    elif picture_format == "PNG":
        image.save(out, "PNG", compress_level=6)
    else:
        image.save(out, picture_format, quality=82)
    return out.getvalue()


def _stored_already(content: bytes, folder: str, sha: str) -> str:
    """The storage name of a picture stored before with all its sizes (it was checked
    then: its name is its content's hash), read from its header only; "" when
    anything is missing (then it is checked and stored again)."""
    image_module, _ = _pillow()
    try:
        with image_module.open(io.BytesIO(content)) as probe:
            picture_format = probe.format
            width, height = probe.size
            orientation = probe.getexif().get(0x0112) if picture_format != "GIF" else None
    except Exception:  # noqa: BLE001 - checked in full below
        return ""
    if picture_format not in PICTURE_FORMATS:
        return ""
    if orientation in (5, 6, 7, 8):  # turned a quarter: what exif_transpose gives
        width, height = height, width
    ext = PICTURE_FORMATS[picture_format]
    base = f"{folder}/{sha}_{width}x{height}"
    names = [f"{base}.{ext}"]
    if picture_format in RESIZED_FORMATS:
        names += [f"{base}_{target}w.{ext}" for target in PICTURE_WIDTHS if target < width]
    if all(default_storage.exists(name) for name in names):
        return names[0]
    return ""


def store_file(content: bytes, name: str) -> str:
    """Store a picture or a document once (by content hash); its URL.

    A picture also gets its smaller sizes. RefusedFile when the content is
    not an accepted picture or document.
    """
    return default_storage.url(store_file_name(content, name))


def store_file_name(content: bytes, name: str) -> str:
    """What `store_file` does, giving the name in the storage instead of the URL."""
    sha = hashlib.sha256(content).hexdigest()
    folder = f"{STORAGE_FOLDER}/{sha[:2]}"
    if not is_picture_name(name):
        ext = check_document(content, name)
        return _save_once(f"{folder}/{sha}.{ext}", content)
    if name.lower().endswith(".svg"):
        width, height = check_svg(content)
        return _save_once(f"{folder}/{sha}_{width}x{height}.svg", content)
    stored = _stored_already(content, folder, sha)
    if stored:
        return stored
    image, picture_format = check_picture(content)
    ext = PICTURE_FORMATS[picture_format]
    width, height = image.size
    base = f"{folder}/{sha}_{width}x{height}"
    stored = _save_once(f"{base}.{ext}", content)
    if picture_format in RESIZED_FORMATS:
        for target in PICTURE_WIDTHS:
            if target >= width:
                break
            variant = f"{base}_{target}w.{ext}"
            if default_storage.exists(variant):
                continue
            size = (target, max(1, round(height * target / width)))
            resized = image.resize(size, reducing_gap=2.0)
            default_storage.save(variant, ContentFile(_encoded(resized, picture_format)))
    return stored


def stored_picture(url: str) -> StoredPicture | None:
    """What the address of a stored picture tells of it, else None."""
    if not url:
        return None
    path = urlsplit(url).path
    match = _STORED.search(path)
    if match is None:
        return None
    width, height = int(match["width"]), int(match["height"])
    ext = match["ext"]
    sizes: list[tuple[str, int]] = []
    if ext not in ("gif", "svg"):
        stem = url[: url.rindex("." + ext)]
        sizes = [(f"{stem}_{target}w.{ext}", target) for target in PICTURE_WIDTHS if target < width]
    sizes.append((url, width))
    return StoredPicture(url=url, width=width, height=height, sizes=tuple(sizes))


def is_local_media(url: str) -> bool:
    """An address of this site's own media (local disk or object storage)."""
    if not url:
        return False
    if url.startswith(settings.MEDIA_URL):
        return True
    try:
        base = default_storage.url("")
    except Exception:  # noqa: BLE001 - a storage without URLs
        return False
    return bool(base) and base != "/" and url.startswith(base)


def original_link(src: str) -> str:
    """Where to link a picture that this site does not hold: a path of the
    original site's own tree (`/img/…`) at its public address, or an address
    on one of the programme's sites; "" for a picture that can be shown."""
    from eig.core.markdown import is_legacy_file, original_address

    if not src or is_local_media(src):
        return ""
    if is_legacy_file(src):
        return original_address(src)
    parts = urlsplit(src)
    if parts.scheme in {"http", "https"} and (parts.hostname or "").lower() in SITE_HOSTS:
        return src
    if not parts.scheme and not src.startswith("/"):  # a relative path of a site
        return original_address("/" + src)
    return ""
