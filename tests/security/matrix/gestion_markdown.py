"""The content studio's Markdown editor (eig/www/gestion/markdown/): its
preview answers staff only, to POST (a GET answers 405 to staff)."""

from tests.security.matrix import Row, private

ROWS = {
    "gestion:markdown_preview": Row(
        private(staff=200), "post", data={"text": "**Bonjour** [les défis](/defis/)"}
    ),
}
