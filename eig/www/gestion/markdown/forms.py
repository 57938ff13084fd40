"""The link check of the studio's Markdown fields, for its forms."""

from eig.content.link_check import link_warnings
from eig.www.gestion.markdown.widgets import MarkdownTextarea


def check_links(cleaned_text: str | None) -> list[str]:
    """The French warning of each link of the text to a page of this site that
    leads nowhere (« Ce lien ne mène nulle part : /defis/2099/x/ »); [] when
    every such link leads to a published page. A bounded number of queries."""
    return link_warnings(cleaned_text)


class LinkCheckMixin:
    """For a form with Markdown fields: once the form is cleaned, the links of
    each of them are checked; `link_warnings` ({field name: [warning]}) and
    `all_link_warnings` hold what was found, and each field's
    `MarkdownTextarea` shows its own warnings under it. Warnings never make
    the form invalid: the view shows them before publishing.

    `link_check_fields`: the fields to check; by default every field whose
    widget is a `MarkdownTextarea`. On an unbound form (an edit page opened),
    `run_link_check()` checks the initial texts.
    """

    link_check_fields: tuple[str, ...] | None = None

    def full_clean(self):
        super().full_clean()
        self.run_link_check()

    def _link_check_names(self) -> list[str]:
        if self.link_check_fields is not None:
            return list(self.link_check_fields)
        return [
            name
            for name, field in self.fields.items()
            if isinstance(field.widget, MarkdownTextarea)
        ]

    def run_link_check(self) -> dict[str, list[str]]:
        if self.is_bound:
            texts = getattr(self, "cleaned_data", {})
        else:
            texts = {name: self[name].value() for name in self._link_check_names()}
        self.link_warnings = {}
        for name in self._link_check_names():
            warnings = check_links(texts.get(name)) if texts.get(name) else []
            if warnings:
                self.link_warnings[name] = warnings
            widget = self.fields[name].widget
            if isinstance(widget, MarkdownTextarea):
                widget.link_warnings = warnings
        return self.link_warnings

    @property
    def all_link_warnings(self) -> list[str]:
        found = getattr(self, "link_warnings", {})
        return [warning for warnings in found.values() for warning in warnings]
