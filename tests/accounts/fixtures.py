"""Fixtures shared by the accounts, mail and proposals tests (imported by
their conftest files)."""

import pytest


@pytest.fixture(autouse=True)
def _fast_and_immediate(request, settings):
    """Tasks run at once (no worker) and passwords hash fast, unless the test
    measures the real hasher (``@pytest.mark.real_password_hasher``)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    if request.node.get_closest_marker("real_password_hasher") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def outbox(django_capture_on_commit_callbacks, mailoutbox):
    """Run the on-commit callbacks (mail delivery) of the code under test."""

    class Outbox:
        def __init__(self):
            self.messages = mailoutbox

        def capture(self):
            return django_capture_on_commit_callbacks(execute=True)

    return Outbox()
