"""The action list as a CSV or Excel file: renderers over a prepared ActionList, never touching the database.

Text cells go through `spreadsheets.neutralise` (no formula runs, no character an .xlsx cannot hold).
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..filenames import download_name
from ..formatting import aantal
from ..models import Project
from ..spreadsheets import DATE_FORMAT, csv_bytes, neutralise
from .services import ActionList, ActionRow

HEADERS = (
    "Titel",
    "Thema",
    "Mijlpaal",
    "Rol",
    "Eigenaar",
    "Deadline",
    "Te laat",
    "Budget (euro)",
    "Status",
    "Moment",
    "Besluit nodig",
    "Besluit",
    "Omschrijving",
)
COLUMN_WIDTHS = (40, 24, 24, 28, 22, 12, 9, 16, 12, 18, 14, 30, 60)
BUDGET_COLUMN = HEADERS.index("Budget (euro)") + 1
DEADLINE_COLUMN = HEADERS.index("Deadline") + 1
EURO_FORMAT = "€ #,##0.00"


def filename(project: Project, extension: str, today: date) -> str:
    """venlo-het-ideale-integrale-proces-actielijst-2026-11-22.csv (see filenames.download_name)."""
    return download_name(project.gemeente.name, project.name, "actielijst", today, extension)


def _texts(row: ActionRow) -> dict[str, str]:
    a = row.action
    return {
        "Titel": a.title,
        "Thema": row.theme_label,
        "Mijlpaal": row.mijlpaal_label,
        "Rol": row.rol_label,
        "Eigenaar": a.owner,
        "Te laat": aantal(row.days_late, "dag", "dagen") if row.overdue else "",
        "Status": a.status.label,
        "Moment": a.timing.label,
        "Besluit nodig": "Ja" if a.needs_decision else "Nee",
        "Besluit": row.decision_label,
        "Omschrijving": a.description,
    }


def _csv_amount(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def to_csv(listing: ActionList) -> bytes:
    return csv_bytes(HEADERS, (_csv_cells(row) for row in listing.rows))


def _csv_cells(row: ActionRow) -> list[str]:
    values = {h: neutralise(v) for h, v in _texts(row).items()}
    values["Deadline"] = row.action.deadline.isoformat() if row.action.deadline else ""
    values["Budget (euro)"] = _csv_amount(row.action.budget)
    return [values[h] for h in HEADERS]


def to_xlsx(listing: ActionList) -> bytes:
    """One sheet: header row (frozen), real dates and amounts, and a totals row at the bottom."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Acties"
    sheet.append(list(HEADERS))
    for row in listing.rows:
        values: dict[str, str | date | Decimal | None] = {h: neutralise(v) for h, v in _texts(row).items()}
        values["Deadline"], values["Budget (euro)"] = row.action.deadline, row.action.budget
        sheet.append([values[h] for h in HEADERS])
    total_row = sheet.max_row + 1
    sheet.cell(
        total_row,
        1,
        f"Totaal: {aantal(listing.count, 'actie', 'acties')} (geschrapte acties tellen niet mee in het budget)",
    )
    sheet.cell(total_row, BUDGET_COLUMN, listing.total_budget)
    _style(sheet, total_row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _style(sheet, total_row: int) -> None:
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for cell in sheet[total_row]:
        cell.font = Font(bold=True)
    for number in range(2, total_row + 1):
        sheet.cell(number, BUDGET_COLUMN).number_format = EURO_FORMAT
        sheet.cell(number, DEADLINE_COLUMN).number_format = DATE_FORMAT
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(total_row - 1, 1)}"
