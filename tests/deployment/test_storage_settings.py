"""Files past one machine: with EIG_S3_BUCKET the media and the candidates'
private files go to S3-compatible storage; private ones are never public."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.storage import storages

from eig.applications.models import ApplicationDocument
from eig.applications.storage import PrivateStorage, private_storage

ROOT = Path(__file__).resolve().parents[2]


def _storages_with(env: dict) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.STORAGES))"
    )
    environ = {key: value for key, value in os.environ.items() if not key.startswith("EIG_S3_")} | {
        "DJANGO_SETTINGS_MODULE": "eig.settings",
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_without_a_bucket_files_stay_on_disk_and_private_ones_have_no_url():
    assert isinstance(storages["private"], PrivateStorage)
    with pytest.raises(ValueError):
        private_storage.url("applications/x.pdf")
    field = ApplicationDocument._meta.get_field("file")
    assert isinstance(field.storage, PrivateStorage)


def test_with_a_bucket_media_and_private_files_go_to_s3(settings, monkeypatch):
    configured = _storages_with(
        {
            "EIG_S3_BUCKET": "eig-fichiers",
            "EIG_S3_ENDPOINT_URL": "https://s3.fr-par.example.org",
            "EIG_S3_REGION": "fr-par",
        }
    )
    assert configured["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    private = configured["private"]
    assert private["BACKEND"] == "storages.backends.s3.S3Storage"
    options = private["OPTIONS"]
    assert options["bucket_name"] == "eig-fichiers"
    assert options["location"] == "private"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False

    # The storage itself (no network): a private object's URL is short-lived and signed.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    settings.STORAGES = configured
    url = private_storage.url("applications/0123.pdf")
    assert url.startswith(
        "https://s3.fr-par.example.org/eig-fichiers/private/applications/0123.pdf?"
    )
    assert "X-Amz-Signature=" in url
    assert "X-Amz-Expires=300" in url


def test_a_separate_private_bucket_can_be_named():
    configured = _storages_with(
        {"EIG_S3_BUCKET": "eig-media", "EIG_S3_PRIVATE_BUCKET": "eig-prive"}
    )
    assert configured["default"]["OPTIONS"]["bucket_name"] == "eig-media"
    assert configured["private"]["OPTIONS"]["bucket_name"] == "eig-prive"
