"""The one way to write a spreadsheet file (CSV or XLSX) on the platform.

A cell whose text starts with `=`, `+`, `-`, `@`, a tab or a carriage
return is run as a formula by spreadsheet programs (`=HYPERLINK(…)`,
`=cmd|…`): a name or a title typed by anyone would then run on the
computer of the staff member who opens the export. `safe_cell()` makes such
a text start with an apostrophe, which spreadsheets show as text; every CSV
and XLSX goes through `csv_writer()`/`csv_stream()` or `xlsx_workbook()`
and `xlsx_write_row()`, which apply it to every cell
(tests/core/test_exports.py checks that nothing else writes CSV or XLSX).

A number written as text ("-3", "+33") is left alone: a spreadsheet reads
it as a number, never as a formula.

`eig.audit.services.export_audited()` writes the audit event of an export of
personal data.
"""

import csv
import re
from collections.abc import Iterable, Iterator
from typing import Any

# A cell starting with one of these is a formula for a spreadsheet.
FORMULA_START = frozenset("=+-@\t\r")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """`value`, with an apostrophe in front if it is a text a spreadsheet would run."""
    if isinstance(value, str) and value and value[0] in FORMULA_START:
        if _NUMBER.fullmatch(value):
            return value
        return "'" + value
    return value


def safe_row(cells: Iterable[Any]) -> list[Any]:
    return [safe_cell(cell) for cell in cells]


class _SafeWriter:
    """csv.writer's interface, every cell through `safe_cell()`."""

    def __init__(self, writer):
        self._writer = writer

    def writerow(self, cells: Iterable[Any]):
        return self._writer.writerow(safe_row(cells))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for cells in rows:
            self.writerow(cells)


def csv_writer(file, **options) -> _SafeWriter:
    """A formula-safe `csv.writer(file, **options)`."""
    return _SafeWriter(csv.writer(file, **options))  # noqa: TID251 (the one place)


class _Echo:
    """A file-like object whose write() returns what it was given."""

    def write(self, value: str) -> str:
        return value


def csv_stream(
    header: Iterable[str], rows: Iterable[Iterable[Any]], *, bom: bool = False, **options
) -> Iterator[str]:
    """The CSV line by line (for a StreamingHttpResponse), formula-safe."""
    writer = csv_writer(_Echo(), **options)
    if bom:
        yield "\ufeff"
    yield writer.writerow(header)
    for cells in rows:
        yield writer.writerow(cells)


XLSX_OPTIONS = {
    "constant_memory": True,
    # Text stays text: never turned into a formula, a link or a number.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def xlsx_workbook(output, **options):
    """An xlsxwriter workbook that writes text as text (see `xlsx_write_row`)."""
    import tempfile

    import xlsxwriter

    return xlsxwriter.Workbook(  # noqa: TID251 (the one place)
        output, {**XLSX_OPTIONS, "tmpdir": tempfile.gettempdir(), **options}
    )


def xlsx_write_row(sheet, row: int, cells: Iterable[Any], cell_format=None) -> None:
    """Write one row: texts as formula-safe strings, other values as they are."""
    for column, value in enumerate(safe_row(cells)):
        if isinstance(value, str):
            sheet.write_string(row, column, value, cell_format)
        elif value is None:
            sheet.write_blank(row, column, None, cell_format)
        else:
            sheet.write(row, column, value, cell_format)
