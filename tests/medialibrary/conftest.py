import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from eig.accounts.models import Role
from tests.accounts.factories import make_user


def png_bytes(width: int = 800, height: int = 600, color=(0, 120, 200)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def png_upload(name: str = "photo.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


def pdf_upload(name: str = "rapport.pdf") -> SimpleUploadedFile:
    content = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def staff(db):
    return make_user(Role.STAFF)
