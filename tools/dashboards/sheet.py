"""The o-spreadsheet document of a dashboard: the dashboard sheet and the Data
sheet its scorecards read, pivots, charts, global filters and sample values."""

from .charts import SampleChart, static_chart

VERSION = "18.5.10"

# Global filters (shared ids so that the bridge dashboards look the same).
F_PERIOD = "6d2b8f0e-6f1a-4c1e-9a51-kam000period"
F_TIER = "0c3e5b7a-2d4f-4b8e-8c1d-kam0000tier0"
F_MANAGER = "9a7c1e3b-5f2d-4e6a-b8c4-kam000manager"

GLOBAL_FILTERS = [
    {"id": F_PERIOD, "type": "date", "label": "Period", "defaultValue": "this_month"},
    {
        "id": F_TIER,
        "type": "relation",
        "label": "Tier",
        "modelName": "kam.tier",
        "defaultValueDisplayNames": [],
    },
    {
        "id": F_MANAGER,
        "type": "relation",
        "label": "Account Manager",
        "modelName": "res.users",
        "defaultValueDisplayNames": [],
    },
]

STYLES = {
    "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
    "2": {"bold": True, "fontSize": 11, "textColor": "#434343"},
    "3": {"textColor": "#434343", "verticalAlign": "middle"},
    "4": {"bold": True, "fontSize": 11, "textColor": "#434343", "align": "right"},
}
BORDERS = {"1": {"bottom": {"style": "thin", "color": "#CCCCCC"}}}
FORMATS = {"1": "0.0%", "2": "#,##0", "3": "#,##0.00"}

COLS = 8
COL_WIDTHS = [200] + [125] * (COLS - 1)
LETTERS = "ABCDEFGH"

# Sample values: people's names are not translated.
SAMPLE_PEOPLE = {"Li Na", "Wang Wei", "Emma Schulz", "Zhang Min"}


def matching(**chains):
    """fieldMatching for the filters given: period=(chain, type), tier=chain..."""
    result = {}
    if "period" in chains:
        chain, ftype = chains["period"]
        result[F_PERIOD] = {"chain": chain, "type": ftype, "offset": 0}
    if "tier" in chains:
        result[F_TIER] = {"chain": chains["tier"], "type": "many2one"}
    if "manager" in chains:
        result[F_MANAGER] = {"chain": chains["manager"], "type": "many2one"}
    return result


class Dashboard:
    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.styles = {}
        self.borders = {}
        self.formats = {}
        self.figures = []
        self.rows = {}
        self.row = 0
        self.pivots = {}
        self.data_cells = {}
        self.data_formats = {}
        self.data_row = 0
        self.menus = {}

    # -- geometry -------------------------------------------------------
    def row_y(self, row):
        return sum(self.rows.get(r, {"size": 23})["size"] for r in range(row))

    def col_x(self, col):
        return sum(COL_WIDTHS[:col])

    # -- content --------------------------------------------------------
    def heading(self, text, col=0, span=COLS):
        cell = f"{LETTERS[col]}{self.row + 1}"
        self.cells[cell] = f'=_t("{text}")'
        self.styles[cell] = 1
        last = LETTERS[col + span - 1]
        self.borders[f"{LETTERS[col]}{self.row + 1}:{last}{self.row + 1}"] = 1
        self.rows[self.row] = {"size": 40}

    def add_pivot(self, model, rows, columns, measures, domain, field_matching, name):
        pivot_id = str(len(self.pivots) + 1)
        self.pivots[pivot_id] = {
            "type": "ODOO",
            "id": pivot_id,
            "formulaId": pivot_id,
            "name": name,
            "model": model,
            "domain": domain,
            "context": {},
            "rows": [{"fieldName": f} for f in rows],
            "columns": [{"fieldName": f} for f in columns],
            "measures": [
                {
                    "id": m,
                    "fieldName": m,
                }
                for m, label in measures
            ],
            "fieldMatching": field_matching,
        }
        return pivot_id

    def kpi(self, label, formula, fmt=None):
        """A line of the Data sheet; returns the cell of its value."""
        self.data_row += 1
        row = self.data_row
        self.data_cells[f"A{row}"] = f'=_t("{label}")'
        self.data_cells[f"B{row}"] = formula
        if fmt:
            self.data_formats[f"B{row}"] = fmt
        return f"Data!B{row}"

    def scorecards(self, cards, background="#EFF6FF"):
        """One row of scorecards [(title, key value cell)]."""
        width = (sum(COL_WIDTHS) - 10 * (len(cards) - 1)) // len(cards)
        y = self.row_y(self.row) + 11
        for index, (title, cell, color) in enumerate(cards):
            fid = f"kam-{self.name}-score-{len(self.figures)}"
            self.figures.append(
                {
                    "id": fid,
                    "tag": "chart",
                    "width": width,
                    "height": 101,
                    "col": 0,
                    "row": 0,
                    "offset": {"x": index * (width + 10), "y": y},
                    "data": {
                        "type": "scorecard",
                        "title": {"text": title, "bold": True, "color": "#434343"},
                        "background": color or background,
                        "keyValue": cell,
                        "baselineMode": "difference",
                        "baselineColorUp": "#00A04A",
                        "baselineColorDown": "#DC6965",
                        "humanize": False,
                        "chartId": fid,
                    },
                }
            )
        self.row += 6

    def chart(self, col, span, height_rows, data, title=None):
        fid = f"kam-{self.name}-chart-{len(self.figures)}"
        data = dict(data, chartId=fid)
        data.setdefault("title", {"text": title or ""})
        self.figures.append(
            {
                "id": fid,
                "tag": "chart",
                "width": sum(COL_WIDTHS[col : col + span]) - 10,
                "height": height_rows * 23 - 10,
                "col": 0,
                "row": 0,
                "offset": {"x": self.col_x(col), "y": self.row_y(self.row)},
                "data": data,
            }
        )
        return fid

    def chart_pair(self, titles, charts):
        """Two charts side by side under their headings: the data of two Odoo
        charts, or two ``SampleChart``."""
        self.heading(titles[0], 0, 4)
        self.heading(titles[1], 4, 4)
        self.row += 1
        for col, chart in zip((0, 4), charts, strict=True):
            if isinstance(chart, SampleChart):
                self.sample_chart(col, chart)
            else:
                self.chart(col, 4, 14, chart)
        self.row += 15

    def sample_chart(self, col, sample):
        """The values of a sample chart on the Data sheet, and its chart: the
        first column labels, the others are the series (named by the
        header)."""
        first, last = sample.first_row, sample.first_row + len(sample.body)
        for r, line in enumerate([sample.header] + sample.body):
            for c, value in enumerate(line):
                cell = f"{'DEFGHIJK'[c]}{first + r}"
                if r == 0 or (
                    c == 0 and isinstance(value, str) and value[:1].isalpha()
                ):
                    self.data_cells[cell] = f'=_t("{value}")'
                else:
                    self.data_cells[cell] = str(value)
        series = [
            f"Data!{letter}{first}:{letter}{last}"
            for letter in "EFGHIJK"[: len(sample.header) - 1]
        ]
        data = static_chart(
            sample.chart_type, f"Data!D{first + 1}:D{last}", series, **sample.extra
        )
        return self.chart(col, 4, 14, data)

    def sample_table(
        self, header, body, untranslated=SAMPLE_PEOPLE, header_styles=(2, 2)
    ):
        """A table of static values below the current row: headers and labels
        translated, names (``untranslated``) and figures as they are;
        ``header_styles``: of the first column's header, of the others."""
        for r, line in enumerate([header] + body):
            for c, value in enumerate(line):
                cell = f"{LETTERS[c]}{self.row + r + 1}"
                if r == 0 or (
                    isinstance(value, str)
                    and value[:1].isalpha()
                    and value not in untranslated
                ):
                    self.cells[cell] = f'=_t("{value}")'
                else:
                    self.cells[cell] = str(value)
                if r == 0:
                    self.styles[cell] = header_styles[bool(c)]

    def scorecard_row(self, cards, formats):
        """Scorecards [(title, cell, color)] of the Data sheet's key figures,
        with the number formats {index of the card: format}."""
        for index, fmt in formats.items():
            self.data_formats[cards[index][1].split("!")[1]] = fmt
        self.scorecards(cards)

    # -- output ---------------------------------------------------------
    def sheet(self):
        return {
            "id": f"kam-{self.name}-sheet",
            "name": "Dashboard",
            "colNumber": COLS,
            "rowNumber": max(self.row + 5, 100),
            "rows": {str(k): v for k, v in self.rows.items()},
            "cols": {str(i): {"size": w} for i, w in enumerate(COL_WIDTHS)},
            "merges": [],
            "cells": self.cells,
            "styles": self.styles,
            "formats": self.formats,
            "borders": self.borders,
            "conditionalFormats": [],
            "dataValidationRules": [],
            "figures": self.figures,
            "tables": [],
            "areGridLinesVisible": False,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "comments": {},
        }

    def data_sheet(self):
        return {
            "id": f"kam-{self.name}-data",
            "name": "Data",
            "colNumber": 12,
            "rowNumber": max(self.data_row + 5, 30),
            "rows": {},
            "cols": {"0": {"size": 240}, "1": {"size": 140}},
            "merges": [],
            "cells": self.data_cells,
            "styles": {},
            "formats": self.data_formats,
            "borders": {},
            "conditionalFormats": [],
            "dataValidationRules": [],
            "figures": [],
            "tables": [],
            "areGridLinesVisible": True,
            "isVisible": True,
            "headerGroups": {"ROW": [], "COL": []},
            "comments": {},
        }

    def json(self):
        return {
            "version": VERSION,
            "sheets": [self.sheet(), self.data_sheet()],
            "styles": STYLES,
            "formats": FORMATS,
            "borders": BORDERS,
            "revisionId": "START_REVISION",
            "uniqueFigureIds": True,
            "settings": {
                "locale": {
                    "name": "English (US)",
                    "code": "en_US",
                    "thousandsSeparator": ",",
                    "decimalSeparator": ".",
                    "dateFormat": "mm/dd/yyyy",
                    "timeFormat": "hh:mm:ss",
                    "formulaArgSeparator": ",",
                    "weekStart": 7,
                }
            },
            "pivots": self.pivots,
            "pivotNextId": len(self.pivots) + 1,
            "customTableStyles": {},
            "globalFilters": GLOBAL_FILTERS,
            "lists": {},
            "listNextId": 1,
            "chartOdooMenusReferences": self.menus,
        }
