"""The media step of the import: pictures and documents stored once, by hash."""

import hashlib
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from eig.challenges.models import Challenge, ChallengeProject
from eig.cohorts.models import Fellow
from eig.content.models import Post, PostAttachment
from eig.core.markdown import render_markdown
from eig.core.pictures import RefusedFile, check_svg, store_file, stored_picture
from eig.core.templatetags.eig_media import picture_html
from eig.importer.media import site_path
from eig.importer.services import import_paths

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def png(width: int, height: int, colour=(0, 99, 203)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def write(root: Path, rel: str, content: bytes | str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)


@pytest.fixture
def site(tmp_path) -> Path:
    """A small site in the original format naming present and absent files."""
    root = tmp_path / "site"
    write(root, "_config.yml", "title: EIG\n")
    write(
        root,
        "_data/defis.yml",
        """\
"Défi Carte":
  title: Défi Carte
  image: /img/defis/carte.png
  year: 2018
  promotion: 2
  administration: Ministère de l'Exemple
  link_to: /defis/2018/carte.html
  projects:
    - title: Livrable
      url: /docs/livrable.pdf
      image: img/realisations/capture.jpg
"Défi Double":
  title: Défi Double
  image: /img/defis/copie-de-carte.png
  year: 2018
  promotion: 2
  link_to: /defis/2018/double.html
""",
    )
    write(
        root,
        "_data/personnes.yml",
        """\
Camille Photo:
  annees: [2018]
  class: [eig-2, eig, developpeur]
  defis: [Défi Carte]
  image_url: /img/communaute/camille.jpg
  profil: Développeur
  programme: EIG
  title: Camille Photo
""",
    )
    promos = '"EIG 2":\n  promotion: 2\n  class: 2018 eig-2\n  title: Promotion 2\n'
    write(root, "_data/promos.yml", promos)
    write(
        root,
        "_posts/18-03-01-nouvelles.md",
        """\
---
title: Des nouvelles
image: /img/blog/une.jpg
files:
  - file: /docs/guide.pdf
    nom: Le guide
---
Une image : ![Le bootcamp](/img/blog/une.jpg)

Une absente : ![Perdue](/img/blog/perdue.png)

<img src="/img/blog/faux.png" alt="Faux">

Le [guide](https://entrepreneur-interet-general.etalab.gouv.fr/docs/guide.pdf).
""",
    )
    carte = png(1600, 800)
    write(root, "img/defis/carte.png", carte)
    write(root, "img/defis/copie-de-carte.png", carte)  # the same content, another name
    write(root, "img/realisations/capture.jpg", jpeg(500, 300))
    write(root, "img/communaute/camille.jpg", jpeg(360, 360))
    write(root, "img/blog/une.jpg", jpeg(900, 600))
    write(root, "img/blog/faux.png", b"<html>not a picture</html>")
    write(root, "img/unused.png", png(10, 10))
    write(root, "docs/livrable.pdf", PDF)
    write(root, "docs/guide.pdf", PDF + b"guide")
    return root


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file())


def skipped(report) -> dict[str, str]:
    return {issue.file: issue.reason for issue in report.skipped}


def test_each_file_is_stored_once_under_its_content_hash(db, site):
    report = import_paths([site])

    assert report.errors == []
    carte = Challenge.objects.get(source_key="Défi Carte")
    double = Challenge.objects.get(source_key="Défi Double")
    sha = hashlib.sha256((site / "img/defis/carte.png").read_bytes()).hexdigest()
    assert carte.image == f"/media/imports/{sha[:2]}/{sha}_1600x800.png"
    assert double.image == carte.image  # same content: one file
    names = [path.relative_to(settings.MEDIA_ROOT).as_posix() for path in stored_files()]
    assert names.count(f"imports/{sha[:2]}/{sha}_1600x800.png") == 1
    # smaller sizes, never upscaled
    for width in (320, 640, 1280):
        assert f"imports/{sha[:2]}/{sha}_1600x800_{width}w.png" in names
    with Image.open(Path(settings.MEDIA_ROOT) / f"imports/{sha[:2]}/{sha}_1600x800_640w.png") as im:
        assert im.size == (640, 320)
    fellow = Fellow.objects.get(source_key="Camille Photo")
    assert re.fullmatch(r"/media/imports/[0-9a-f]{2}/[0-9a-f]{64}_360x360\.jpg", fellow.photo_url)
    assert not any(f"_360x360_{w}w" in name for name in names for w in (640, 1280))
    project = ChallengeProject.objects.get(challenge=carte)
    assert re.fullmatch(r"/media/imports/[0-9a-f]{2}/[0-9a-f]{64}\.pdf", project.url)
    assert "_500x300.jpg" in project.image
    post = Post.objects.get(source_key="_posts/18-03-01-nouvelles.md")
    assert post.image.endswith("_900x600.jpg")
    assert f"![Le bootcamp]({post.image})" in post.body
    attachment = PostAttachment.objects.get(post=post)
    assert attachment.url.endswith(".pdf") and attachment.url.startswith("/media/imports/")
    assert f"[guide]({attachment.url})" in post.body  # absolute address of the site: same file
    # a file the content does not name is not copied, and says so
    assert any(
        file == "img/ (1 fichiers)" and "ne nomme pas" in reason
        for file, reason in skipped(report).items()
    )


def test_a_second_import_stores_nothing_and_changes_nothing(db, site):
    import_paths([site])
    before = [(path, path.stat().st_mtime_ns) for path in stored_files()]
    values = list(Challenge.objects.order_by("pk").values_list("image", flat=True))

    again = import_paths([site])

    assert again.created == 0
    assert again.updated == 0
    assert [(path, path.stat().st_mtime_ns) for path in stored_files()] == before
    assert list(Challenge.objects.order_by("pk").values_list("image", flat=True)) == values


def test_a_named_file_the_source_lacks_is_reported_and_linked(db, site):
    report = import_paths([site])

    reasons = skipped(report)
    assert "img/blog/perdue.png" in reasons
    assert "absent de la source" in reasons["img/blog/perdue.png"]
    public = "https://entrepreneur-interet-general.etalab.gouv.fr/img/blog/perdue.png"
    assert public in reasons["img/blog/perdue.png"]
    post = Post.objects.get(source_key="_posts/18-03-01-nouvelles.md")
    assert f"![Perdue]({public})" in post.body
    html = render_markdown(post.body)
    assert f'<a href="{public}"' in html
    assert "Image : Perdue" in html
    assert f'src="{public}"' not in html  # never a broken image


def test_a_file_that_is_not_a_picture_is_refused_and_linked(db, site):
    report = import_paths([site])

    reason = skipped(report)["img/blog/faux.png"]
    assert "pas une image lisible" in reason
    post = Post.objects.get(source_key="_posts/18-03-01-nouvelles.md")
    public = "https://entrepreneur-interet-general.etalab.gouv.fr/img/blog/faux.png"
    assert f'src="{public}"' in post.body
    assert not any("faux" in path.name for path in stored_files())


def test_pillow_refuses_what_is_not_a_picture(db):
    with pytest.raises(RefusedFile, match="pas une image lisible"):
        store_file(b"GIF89a but not really", "photo.gif")
    with pytest.raises(RefusedFile, match="pas une image lisible"):
        store_file(png(40, 40)[:60], "tronquee.png")  # truncated
    with pytest.raises(RefusedFile, match="fichier .pdf"):
        store_file(b"<script>alert(1)</script>", "rapport.pdf")
    with pytest.raises(RefusedFile, match="non accepté"):
        store_file(b"MZ\x90\x00", "outil.exe")
    assert stored_files() == []
    # and takes what is one
    assert store_file(png(40, 20), "petite.png").endswith("_40x20.png")


def test_a_drawing_with_a_script_is_refused():
    with pytest.raises(RefusedFile, match="script"):
        check_svg(b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    with pytest.raises(RefusedFile, match="onload"):
        check_svg(b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>')
    assert check_svg(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"/>') == (
        200,
        100,
    )


def test_site_path_takes_only_the_sites_own_files():
    assert site_path("/img/blog/x.png") == "img/blog/x.png"
    assert site_path("img/realisations/y.JPG") == "img/realisations/y.JPG"
    assert site_path("/docs/Guide%20EIG.pdf") == "docs/Guide EIG.pdf"
    assert site_path("https://www.eig.numerique.gouv.fr/img/z.svg") == "img/z.svg"
    assert site_path("https://upload.wikimedia.org/a.png") is None
    assert site_path("/defis/2018/carte.html") is None
    assert site_path("/img/../../etc/passwd.png") is None
    assert site_path("/media/imports/ab/abc.png") is None


def test_the_picture_tag_writes_srcset_width_height_and_lazy_loading(db):
    url = store_file(png(1600, 800), "visuel.png")

    html = picture_html(url, alt="Défi Carte")

    assert 'width="1600" height="800"' in html
    assert 'loading="lazy"' in html
    assert 'alt="Défi Carte"' in html
    stem = url.removesuffix(".png")
    assert f'srcset="{stem}_320w.png 320w, {stem}_640w.png 640w, {stem}_1280w.png 1280w, ' in html
    assert f"{url} 1600w" in html
    for width in (320, 640, 1280):
        assert (Path(settings.MEDIA_ROOT) / stored_picture(url).sizes[0][0][7:]).is_file()
        assert (Path(settings.MEDIA_ROOT) / f"{stem[7:]}_{width}w.png").is_file()
    assert 'loading="eager"' in picture_html(url, alt="x", eager=True)


def test_the_picture_tag_links_a_picture_this_site_does_not_hold(db):
    html = picture_html("/img/blog/perdue.png", alt="Perdue")

    assert "<img" not in html
    assert 'href="https://entrepreneur-interet-general.etalab.gouv.fr/img/blog/perdue.png"' in html
    assert picture_html("/img/blog/perdue.png", fallback="none") == ""
    assert "<img" not in picture_html("https://www.eig.numerique.gouv.fr/img/a.png")


def test_a_size_lost_from_the_storage_is_made_again(db):
    url = store_file(png(800, 400), "visuel.png")
    variant = Path(settings.MEDIA_ROOT) / url.removeprefix("/media/").replace(".png", "_320w.png")
    original_mtime = (Path(settings.MEDIA_ROOT) / url.removeprefix("/media/")).stat().st_mtime_ns
    variant.unlink()

    assert store_file(png(800, 400), "autre-nom.png") == url

    assert variant.is_file()
    assert (Path(settings.MEDIA_ROOT) / url.removeprefix("/media/")).stat().st_mtime_ns == (
        original_mtime
    )
