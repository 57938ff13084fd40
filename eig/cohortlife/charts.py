"""Bar charts as inline SVG, drawn on the server: readable without JavaScript,
printable, and checkable by a test (each bar carries its category, series
and value).

A chart is plain data (`BarChart`); `render_svg` draws it as horizontal
bars, one group per category and one bar per series, with a `<title>` and a
`<desc>` for screen readers. The page puts the same figures in a `<table>`
under each chart.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

# DSFR illustrative colours, each at least 3:1 against white (WCAG 1.4.11).
COLORS = ("#000091", "#6a6af4", "#a558a0", "#009099", "#ce614a")
WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 70
BAR_HEIGHT = 18
BAR_GAP = 4
GROUP_GAP = 14
TOP = 12
LEGEND_ROW = 24
FONT_SIZE = 13
LABEL_CHARS = 32


@dataclass(frozen=True)
class Series:
    key: str
    label: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    categories: list[str]
    series: list[Series]
    values: list[list[int | None]]  # values[category][series]; None: not known
    unknown_label: str = "—"

    def max_value(self) -> int:
        return max((v for row in self.values for v in row if v is not None), default=0)


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def _text(parent, x, y, content, **attrs) -> ET.Element:
    element = ET.SubElement(
        parent, "text", {"x": f"{x:g}", "y": f"{y:g}", "font-size": str(FONT_SIZE), **attrs}
    )
    element.text = content
    return element


def _legend_positions(series: list[Series]) -> list[tuple[int, int]]:
    """(x, row) of each legend entry, wrapping to a new row when the width is used."""
    positions, x, row = [], 0, 0
    for item in series:
        width = 16 + 8 * len(item.label) + 16  # swatch, text (about 8 px a letter), gap
        if x and x + width > WIDTH:
            x, row = 0, row + 1
        positions.append((x, row))
        x += width
    return positions


def render_svg(chart: BarChart) -> SafeString:
    n_series = len(chart.series)
    legend = _legend_positions(chart.series) if n_series > 1 else []
    legend_height = (max(row for _x, row in legend) + 1) * LEGEND_ROW if legend else 0
    group_height = n_series * BAR_HEIGHT + (n_series - 1) * BAR_GAP
    height = TOP + legend_height + len(chart.categories) * (group_height + GROUP_GAP) + TOP
    scale_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top_value = chart.max_value() or 1
    title_id, desc_id = f"{chart.id}-titre", f"{chart.id}-description"

    svg = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {WIDTH} {height}",
            "width": "100%",
            "role": "img",
            "aria-labelledby": f"{title_id} {desc_id}",
            "class": "eig-chart",
            "font-family": "Marianne, Arial, sans-serif",
        },
    )
    ET.SubElement(svg, "title", {"id": title_id}).text = chart.title
    ET.SubElement(svg, "desc", {"id": desc_id}).text = chart.description

    if legend:
        group = ET.SubElement(svg, "g", {"class": "legend"})
        for index, (series, (x, row)) in enumerate(zip(chart.series, legend, strict=True)):
            y = TOP + row * LEGEND_ROW
            swatch = {"x": f"{x}", "y": f"{y}", "width": "12", "height": "12"}
            ET.SubElement(group, "rect", {**swatch, "fill": COLORS[index % len(COLORS)]})
            _text(group, x + 16, y + 11, series.label, fill="#161616")

    y = TOP + legend_height
    for row_index, category in enumerate(chart.categories):
        group = ET.SubElement(svg, "g", {"class": "category", "data-category": category})
        ET.SubElement(group, "title").text = category
        _text(
            group,
            LABEL_WIDTH - 8,
            y + group_height / 2 + FONT_SIZE / 3,
            _short(category),
            fill="#161616",
            **{"text-anchor": "end"},
        )
        for series_index, series in enumerate(chart.series):
            value = chart.values[row_index][series_index]
            bar_y = y + series_index * (BAR_HEIGHT + BAR_GAP)
            text_y = bar_y + BAR_HEIGHT / 2 + FONT_SIZE / 3
            if value is None:
                _text(
                    group,
                    LABEL_WIDTH + 4,
                    text_y,
                    chart.unknown_label,
                    fill="#3a3a3a",
                    **{"class": "unknown", "data-series": series.key},
                )
                continue
            length = round(scale_width * value / top_value, 1)
            bar = ET.SubElement(
                group,
                "rect",
                {
                    "class": "bar",
                    "x": f"{LABEL_WIDTH}",
                    "y": f"{bar_y:g}",
                    "width": f"{max(length, 0):g}",
                    "height": f"{BAR_HEIGHT}",
                    "fill": COLORS[series_index % len(COLORS)],
                    "data-category": category,
                    "data-series": series.key,
                    "data-value": str(value),
                },
            )
            ET.SubElement(bar, "title").text = f"{category} — {series.label} : {_number(value)}"
            _text(
                group,
                LABEL_WIDTH + length + 6,
                text_y,
                _number(value),
                fill="#161616",
                **{"class": "value", "data-series": series.key},
            )
        y += group_height + GROUP_GAP
    ET.SubElement(
        svg,
        "line",
        {
            "x1": f"{LABEL_WIDTH}",
            "x2": f"{LABEL_WIDTH}",
            "y1": f"{TOP + legend_height - 4}",
            "y2": f"{height - TOP + 4}",
            "stroke": "#3a3a3a",
        },
    )
    return mark_safe(ET.tostring(svg, encoding="unicode"))  # built by ElementTree: escaped
