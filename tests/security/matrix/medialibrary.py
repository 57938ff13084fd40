"""The media library's staff screens (eig/www/gestion/media/): staff only."""

from tests.security.matrix import Row, private

STAFF = private(staff=200)


def extend_world(world):
    """A picture of the library, as a row only (nothing written to the storage)."""
    from eig.medialibrary.models import MediaFile, MediaKind

    world.media = MediaFile.objects.create(
        file="imports/00/" + "0" * 64 + "_10x10.png",
        kind=MediaKind.IMAGE,
        title="Photo de la matrice",
        alt="Un carré bleu",
        size=100,
        content_type="image/png",
        width=10,
        height=10,
    )


def media(w):
    return {"pk": w.media.pk}


ROWS = {
    "gestion:media_list": Row(STAFF),
    "gestion:media_upload": Row(STAFF),
    "gestion:media_detail": Row(STAFF, kwargs=media),
    # The confirmation page (the deletion itself is a POST, tested in tests/medialibrary).
    "gestion:media_delete": Row(STAFF, kwargs=media),
}
