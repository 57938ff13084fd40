"""The Markdown field of the studio's forms."""

from django import forms
from django.urls import reverse

from eig.www.gestion.markdown.guide import guide_entries


class MarkdownTextarea(forms.Textarea):
    """A DSFR textarea for Markdown: a plain field that works without
    JavaScript, followed by the guide to the components (a `<details>`,
    readable without JavaScript) and the warnings of the link check
    (`LinkCheckMixin`). With JavaScript (`form.media`), a live preview, as the
    public site renders the text, beside or below the field.

    `top_heading`: the level the text's highest heading takes on its public
    page (as `|markdown:3`); `guide=False` leaves the guide out (for the
    second Markdown field of a form).
    """

    template_name = "gestion/markdown/widget.html"

    class Media:
        css = {"all": ["eig/markdown-editor.css"]}
        js = [forms.Script("eig/markdown-editor.js", defer=True)]

    def __init__(self, attrs=None, *, top_heading: int = 2, guide: bool = True):
        super().__init__({"rows": 12, "class": "fr-input", "spellcheck": "true", **(attrs or {})})
        self.top_heading = top_heading
        self.guide = guide
        self.link_warnings: list[str] = []
        self.label = ""  # the field's label (set by the form): each preview is named apart

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            {
                "preview_url": reverse("gestion:markdown_preview"),
                "top_heading": self.top_heading,
                "guide": guide_entries() if self.guide else (),
                "link_warnings": self.link_warnings,
                "label": self.label,
            }
        )
        return context
