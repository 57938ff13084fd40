"""The privacy page (retention periods): public."""

from tests.security.matrix import Row, everyone

ROWS = {
    "privacy:notice": Row(everyone(200)),
}
