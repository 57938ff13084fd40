from tests.accounts.fixtures import _fast_and_immediate, outbox  # noqa: F401
