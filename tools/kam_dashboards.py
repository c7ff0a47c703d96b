"""Write the spreadsheet dashboards of key_account_mgmt_dashboard,
key_account_mgmt_sale_dashboard and key_account_mgmt_survey_dashboard
(data/files/*_dashboard.json).

The dashboards are plain o-spreadsheet JSON, as Odoo's own apps ship theirs;
this script keeps their layout in one readable place. Run it after changing
a dashboard, then ``tools/i18n_sync.py`` for the addon (the labels, chart
titles and filter names are extracted from the JSON by Odoo's exporter).

Usage: python3 tools/kam_dashboards.py
"""

import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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

KEY_ACCOUNTS = [
    ["is_key_account", "=", True],
    "|",
    ["is_company", "=", True],
    ["parent_id", "=", False],
]
OPEN_STATES = ["new", "acknowledged", "investigating", "waiting"]

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


# The values of the selection fields the tables have as columns.
COLUMN_KEYS = {
    "kam_lifecycle_stage": ["new", "growing", "mature", "dormant", "lost"],
    "kam_churn_risk": ["low", "medium", "high"],
    "sla_status": ["on_track", "at_risk", "breached", "met"],
    "channel": ["phone", "email", "meeting", "visit", "wechat", "other"],
}


COLUMN_LABELS = {
    "new": "New",
    "growing": "Growing",
    "mature": "Mature",
    "dormant": "Dormant",
    "lost": "Lost",
    "low": "Low",
    "medium": "Medium",
    "high": "High",
    "on_track": "On Track",
    "at_risk": "At Risk",
    "breached": "Breached",
    "met": "Met",
    "phone": "Phone",
    "email": "Email",
    "meeting": "Meeting",
    "visit": "Visit",
    "wechat": "WeChat",
    "other": "Other",
}


def formula_table(d, pivot, row_field, col_field, keys, corner, rows=10):
    """A table of PIVOT.HEADER / PIVOT.VALUE formulas, as Odoo's own
    dashboards build theirs: labels are translated terms, the totals come
    first, then the first ``rows`` rows of the pivot."""
    top = d.row + 1
    total_col = LETTERS[len(keys) + 1]
    d.cells[f"A{top}"] = f'=_t("{corner}")'
    for c, key in enumerate(keys, start=1):
        d.cells[f"{LETTERS[c]}{top}"] = f'=_t("{COLUMN_LABELS[key]}")'
    d.cells[f"{total_col}{top}"] = '=_t("Total")'
    d.cells[f"A{top + 1}"] = '=_t("Total")'
    for c, key in enumerate(keys, start=1):
        d.cells[f"{LETTERS[c]}{top + 1}"] = (
            f'=PIVOT.VALUE({pivot},"__count","{col_field}","{key}")'
        )
    d.cells[f"{total_col}{top + 1}"] = f'=PIVOT.VALUE({pivot},"__count")'
    for r in range(1, rows + 1):
        line = top + 1 + r
        d.cells[f"A{line}"] = f'=PIVOT.HEADER({pivot},"#{row_field}",{r})'
        for c, key in enumerate(keys, start=1):
            d.cells[f"{LETTERS[c]}{line}"] = (
                f'=PIVOT.VALUE({pivot},"__count","#{row_field}",{r},'
                f'"{col_field}","{key}")'
            )
        d.cells[f"{total_col}{line}"] = (
            f'=PIVOT.VALUE({pivot},"__count","#{row_field}",{r})'
        )
    d.styles[f"A{top}:A{top + 1}"] = 2
    d.styles[f"B{top}:{total_col}{top + 1}"] = 4
    d.borders[f"A{top}:{total_col}{top}"] = 1


def odoo_chart(
    chart_type, model, group_by, measure, domain, field_matching, order=None, **extra
):
    mode = {"odoo_bar": "bar", "odoo_line": "line", "odoo_pie": "pie"}[chart_type]
    data = {
        "type": chart_type,
        "background": "#FFFFFF",
        "legendPosition": "top",
        "metaData": {
            "groupBy": group_by,
            "measure": measure,
            "order": None,
            "resModel": model,
            "mode": mode,
        },
        "searchParams": {
            "comparison": None,
            "context": {},
            "domain": domain,
            "groupBy": group_by,
            "orderBy": [{"name": order, "asc": True}] if order else [],
        },
        "dataSets": [],
        "fieldMatching": field_matching,
    }
    if chart_type != "odoo_pie":
        data["verticalAxisPosition"] = "left"
        data["stacked"] = extra.pop("stacked", True)
    data.update(extra)
    return data


def static_chart(chart_type, labels_range, data_ranges, **extra):
    data = {
        "type": chart_type,
        "dataSetsHaveTitle": True,
        "dataSets": [{"dataRange": r} for r in data_ranges],
        "labelRange": labels_range,
        "legendPosition": "top",
        "aggregated": False,
    }
    if chart_type == "bar":
        data.update({"stacked": True, "horizontal": False})
    data.update(extra)
    return data


# ---------------------------------------------------------------------------
# The key-account dashboard (core)
# ---------------------------------------------------------------------------
def key_accounts(sample=False):
    d = Dashboard("key-accounts" + ("-sample" if sample else ""))
    account_match = matching(tier="kam_tier_id", manager="kam_manager_id")
    complaint_match = matching(
        period=("date_received", "datetime"), tier="tier_id", manager="manager_id"
    )
    complaint_trend_match = matching(tier="tier_id", manager="manager_id")
    interaction_match = matching(
        period=("date", "date"), tier="tier_id", manager="manager_id"
    )
    interaction_trend_match = matching(tier="tier_id", manager="manager_id")
    snapshot_match = matching(tier="tier_id", manager="manager_id")

    if sample:
        values = ["128", "9", "14", "0.071", "72", "48250"]
        cells = [
            d.kpi(label, value) for label, value in zip(KPI_LABELS, values, strict=True)
        ]
    else:
        accounts = d.add_pivot(
            "res.partner",
            ["kam_churn_risk"],
            [],
            [
                ("__count", "Key Accounts"),
                ("kam_health_score", "Average Health"),
                ("kam_points_balance", "Points Outstanding"),
            ],
            KEY_ACCOUNTS,
            account_match,
            "Key accounts by churn risk",
        )
        open_complaints = d.add_pivot(
            "kam.complaint.report",
            [],
            [],
            [("__count", "Open Complaints")],
            [["state", "in", OPEN_STATES]],
            complaint_trend_match,
            "Open complaints",
        )
        breach = d.add_pivot(
            "kam.complaint.report",
            [],
            [],
            [("breach_rate", "SLA Breach Rate (%)")],
            [],
            complaint_match,
            "SLA breach rate in the period",
        )
        formulas = [
            f'=IFERROR(PIVOT.VALUE({accounts},"__count")+0,0)',
            f'=IFERROR(PIVOT.VALUE({accounts},"__count","kam_churn_risk","high")+0,0)',
            f'=IFERROR(PIVOT.VALUE({open_complaints},"__count")+0,0)',
            f'=IFERROR(PIVOT.VALUE({breach},"breach_rate")/100,0)',
            f'=ROUND(IFERROR(PIVOT.VALUE({accounts},"kam_health_score"),0),0)',
            f'=ROUND(IFERROR(PIVOT.VALUE({accounts},"kam_points_balance"),0),0)',
        ]
        cells = [d.kpi(label, f) for label, f in zip(KPI_LABELS, formulas, strict=True)]
    d.data_formats[cells[3].split("!")[1]] = 1
    d.data_formats[cells[5].split("!")[1]] = 2
    d.scorecards(
        [
            ("Key Accounts", cells[0], "#EFF6FF"),
            ("High Churn Risk", cells[1], "#FEF2F2"),
            ("Open Complaints", cells[2], "#FFF7ED"),
            ("SLA Breach Rate", cells[3], "#FFF7ED"),
            ("Average Health", cells[4], "#F0FDF4"),
            ("Points Outstanding", cells[5], "#F0FDF4"),
        ]
    )

    # Monthly trends of complaints and interactions
    d.heading("Complaints per Month by SLA Status", 0, 4)
    d.heading("Interactions per Month by Channel", 4, 4)
    d.row += 1
    if sample:
        _sample_table(
            d,
            "trend",
            ["Month", "On Track", "At Risk", "Breached", "Met"],
            [
                ["2026-07", 2, 1, 1, 9],
                ["2026-08", 3, 0, 2, 11],
                ["2026-09", 1, 2, 1, 12],
                ["2026-10", 2, 1, 0, 10],
                ["2026-11", 4, 2, 1, 8],
                ["2026-12", 5, 1, 0, 3],
            ],
        )
        d.chart(
            0,
            4,
            14,
            static_chart(
                "bar",
                "Data!D2:D7",
                ["Data!E1:E7", "Data!F1:F7", "Data!G1:G7", "Data!H1:H7"],
            ),
        )
        _sample_table(
            d,
            "channels",
            ["Month", "Phone", "Email", "Visit", "WeChat"],
            [
                ["2026-07", 18, 12, 6, 21],
                ["2026-08", 20, 10, 8, 25],
                ["2026-09", 16, 14, 7, 22],
                ["2026-10", 22, 11, 9, 27],
                ["2026-11", 19, 13, 10, 30],
                ["2026-12", 7, 4, 3, 12],
            ],
            first_row=10,
        )
        d.chart(
            4,
            4,
            14,
            static_chart(
                "bar",
                "Data!D11:D16",
                ["Data!E10:E16", "Data!F10:F16", "Data!G10:G16", "Data!H10:H16"],
            ),
        )
    else:
        d.chart(
            0,
            4,
            14,
            odoo_chart(
                "odoo_bar",
                "kam.complaint.report",
                ["date_received:month", "sla_status"],
                "__count",
                [],
                complaint_trend_match,
                order="date_received",
            ),
        )
        d.chart(
            4,
            4,
            14,
            odoo_chart(
                "odoo_bar",
                "kam.interaction",
                ["date:month", "channel"],
                "__count",
                [],
                interaction_trend_match,
                order="date",
            ),
        )
    d.row += 15

    # Pivot tables
    tables = [
        (
            "Accounts by Tier and Lifecycle Stage",
            (
                "res.partner",
                ["kam_tier_id"],
                ["kam_lifecycle_stage"],
                [("__count", "Accounts")],
                KEY_ACCOUNTS,
                account_match,
            ),
            ["Tier", "New", "Growing", "Mature", "Dormant", "Lost"],
            [
                ["Strategic", 3, 5, 12, 1, 0],
                ["Key", 6, 11, 24, 3, 1],
                ["Standard", 12, 15, 30, 4, 1],
            ],
        ),
        (
            "Accounts by Account Manager and Churn Risk",
            (
                "res.partner",
                ["kam_manager_id"],
                ["kam_churn_risk"],
                [("__count", "Accounts")],
                KEY_ACCOUNTS,
                account_match,
            ),
            ["Account Manager", "Low", "Medium", "High"],
            [
                ["Li Na", 21, 6, 2],
                ["Wang Wei", 18, 9, 4],
                ["Emma Schulz", 25, 5, 1],
                ["Zhang Min", 27, 8, 2],
            ],
        ),
        (
            "Complaints by Category and SLA Status",
            (
                "kam.complaint.report",
                ["category_id"],
                ["sla_status"],
                [("__count", "Complaints")],
                [],
                complaint_match,
            ),
            ["Category", "On Track", "At Risk", "Breached", "Met"],
            [
                ["Product Quality", 3, 1, 1, 6],
                ["Delivery", 2, 0, 1, 4],
                ["Service", 1, 1, 0, 3],
                ["Billing", 0, 0, 0, 2],
            ],
        ),
        (
            "Interactions by Manager and Channel",
            (
                "kam.interaction",
                ["user_id"],
                ["channel"],
                [("__count", "Interactions")],
                [],
                interaction_match,
            ),
            ["Done By", "Phone", "Email", "Meeting", "Visit", "WeChat", "Other"],
            [
                ["Li Na", 12, 8, 3, 4, 15, 1],
                ["Wang Wei", 9, 11, 2, 6, 12, 0],
                ["Emma Schulz", 14, 6, 5, 2, 3, 2],
                ["Zhang Min", 10, 9, 4, 5, 18, 1],
            ],
        ),
    ]
    for title, (model, rows, cols, measures, domain, fmatch), header, body in tables:
        d.heading(title)
        d.row += 1
        if sample:
            for r, line in enumerate([header] + body):
                for c, value in enumerate(line):
                    cell = f"{LETTERS[c]}{d.row + r + 1}"
                    if (
                        isinstance(value, str)
                        and value[:1].isalpha()
                        and value not in SAMPLE_PEOPLE
                    ):
                        d.cells[cell] = f'=_t("{value}")'
                    else:
                        d.cells[cell] = str(value)
                    if r == 0:
                        d.styles[cell] = 2
        else:
            pivot = d.add_pivot(model, rows, cols, measures, domain, fmatch, title)
            formula_table(d, pivot, rows[0], cols[0], COLUMN_KEYS[cols[0]], header[0])
        d.row += 14

    # Health distribution and lifecycle trend (monthly snapshots)
    d.heading("Health Distribution", 0, 4)
    d.heading("Lifecycle Stages per Month", 4, 4)
    d.row += 1
    if sample:
        _sample_table(
            d,
            "health",
            ["Health Band", "Accounts"],
            [["0-19", 3], ["20-39", 6], ["40-59", 19], ["60-79", 46], ["80-100", 54]],
            first_row=20,
        )
        d.chart(0, 4, 14, static_chart("bar", "Data!D21:D25", ["Data!E20:E25"]))
        _sample_table(
            d,
            "stages",
            ["Month", "New", "Growing", "Mature", "Dormant", "Lost"],
            [
                ["2026-07", 18, 30, 62, 6, 2],
                ["2026-08", 19, 31, 63, 7, 2],
                ["2026-09", 20, 31, 64, 7, 3],
                ["2026-10", 21, 31, 65, 8, 3],
                ["2026-11", 21, 31, 66, 8, 2],
                ["2026-12", 21, 31, 66, 8, 2],
            ],
            first_row=30,
        )
        d.chart(
            4,
            4,
            14,
            static_chart(
                "bar",
                "Data!D31:D36",
                [
                    "Data!E30:E36",
                    "Data!F30:F36",
                    "Data!G30:G36",
                    "Data!H30:H36",
                    "Data!I30:I36",
                ],
            ),
        )
    else:
        d.chart(
            0,
            4,
            14,
            odoo_chart(
                "odoo_bar",
                "kam.health.snapshot",
                ["health_band"],
                "account_count",
                [["is_last", "=", True], ["partner_id.is_key_account", "=", True]],
                snapshot_match,
                stacked=False,
                legendPosition="none",
            ),
        )
        d.chart(
            4,
            4,
            14,
            odoo_chart(
                "odoo_bar",
                "kam.health.snapshot",
                ["month:month", "lifecycle_stage"],
                "account_count",
                [],
                snapshot_match,
                order="month",
            ),
        )
    d.row += 15

    d.heading("Churn Reasons of Lost Accounts", 0, 4)
    d.heading("Accounts Lost per Month", 4, 4)
    d.row += 1
    if sample:
        _sample_table(
            d,
            "reasons",
            ["Churn Reason", "Accounts"],
            [["Price", 4], ["Competitor", 3], ["Service", 2], ["Needs Changed", 1]],
            first_row=40,
        )
        d.chart(0, 4, 14, static_chart("pie", "Data!D41:D44", ["Data!E40:E44"]))
        _sample_table(
            d,
            "lost",
            ["Month", "Became Dormant", "Became Lost"],
            [
                ["2026-07", 2, 1],
                ["2026-08", 3, 0],
                ["2026-09", 1, 1],
                ["2026-10", 2, 1],
                ["2026-11", 1, 0],
                ["2026-12", 0, 0],
            ],
            first_row=50,
        )
        d.chart(
            4,
            4,
            14,
            static_chart(
                "bar", "Data!D51:D56", ["Data!E50:E56", "Data!F50:F56"], stacked=False
            ),
        )
    else:
        d.chart(
            0,
            4,
            14,
            odoo_chart(
                "odoo_pie",
                "kam.health.snapshot",
                ["churn_reason_id"],
                "became_lost",
                [["became_lost", "=", 1]],
                matching(
                    period=("month", "date"), tier="tier_id", manager="manager_id"
                ),
            ),
        )
        d.chart(
            4,
            4,
            14,
            odoo_chart(
                "odoo_bar",
                "kam.health.snapshot",
                ["month:month"],
                "became_lost",
                [["became_lost", "=", 1]],
                snapshot_match,
                stacked=False,
                legendPosition="none",
            ),
        )
    d.row += 15
    return d.json()


KPI_LABELS = [
    "Key accounts",
    "Key accounts at high churn risk",
    "Open complaints",
    "SLA breach rate in the period",
    "Average health score",
    "Points outstanding",
]
SAMPLE_PEOPLE = {"Li Na", "Wang Wei", "Emma Schulz", "Zhang Min"}


def _sample_table(d, _name, header, body, first_row=1):
    """Static values of a sample chart on the Data sheet, from column D."""
    for r, line in enumerate([header] + body):
        for c, value in enumerate(line):
            cell = f"{'DEFGHIJK'[c]}{first_row + r}"
            if r == 0 or (c == 0 and isinstance(value, str) and value[:1].isalpha()):
                d.data_cells[cell] = f'=_t("{value}")'
            else:
                d.data_cells[cell] = str(value)


# ---------------------------------------------------------------------------
# Revenue of key accounts (Sales bridge)
# ---------------------------------------------------------------------------
def revenue(sample=False):
    d = Dashboard("key-account-revenue" + ("-sample" if sample else ""))
    value_match = matching(tier="tier_id", manager="manager_id")
    if sample:
        cells = [
            d.kpi("Revenue of key accounts (12 months)", "8650000"),
            d.kpi("Grade A accounts", "21"),
            d.kpi("Revenue share of grade A accounts", "0.70"),
        ]
    else:
        totals = d.add_pivot(
            "kam.value.report",
            ["value_grade"],
            [],
            [("revenue_12m", "Revenue (12 Months)"), ("account_count", "Accounts")],
            [],
            value_match,
            "Revenue by grade",
        )
        cells = [
            d.kpi(
                "Revenue of key accounts (12 months)",
                f'=ROUND(IFERROR(PIVOT.VALUE({totals},"revenue_12m"),0),0)',
            ),
            d.kpi(
                "Grade A accounts",
                f'=IFERROR(PIVOT.VALUE({totals},"account_count","value_grade","A"),0)',
            ),
            d.kpi(
                "Revenue share of grade A accounts",
                f'=IFERROR(PIVOT.VALUE({totals},"revenue_12m","value_grade","A")'
                f'/PIVOT.VALUE({totals},"revenue_12m"),0)',
            ),
        ]
    d.data_formats[cells[0].split("!")[1]] = 2
    d.data_formats[cells[2].split("!")[1]] = 1
    d.scorecards(
        [
            ("Revenue (12 Months)", cells[0], "#FFF7ED"),
            ("Grade A Accounts", cells[1], "#EFF6FF"),
            ("Grade A Revenue Share", cells[2], "#F0FDF4"),
        ]
    )
    d.heading("Revenue by ABC Grade", 0, 4)
    d.heading("Revenue by Tier and Grade", 4, 4)
    d.row += 1
    if sample:
        _sample_table(
            d,
            "grades",
            ["Grade", "Revenue (12 Months)"],
            [["A", 6050000], ["B", 1730000], ["C", 870000]],
            first_row=1,
        )
        d.chart(0, 4, 14, static_chart("pie", "Data!D2:D4", ["Data!E1:E4"]))
        _sample_table(
            d,
            "tiers",
            ["Tier", "A", "B", "C"],
            [
                ["Strategic", 4100000, 420000, 0],
                ["Key", 1650000, 910000, 230000],
                ["Standard", 300000, 400000, 640000],
            ],
            first_row=10,
        )
        d.chart(
            4,
            4,
            14,
            static_chart(
                "bar", "Data!D11:D13", ["Data!E10:E13", "Data!F10:F13", "Data!G10:G13"]
            ),
        )
    else:
        d.chart(
            0,
            4,
            14,
            odoo_chart(
                "odoo_pie",
                "kam.value.report",
                ["value_grade"],
                "revenue_12m",
                [],
                value_match,
            ),
        )
        d.chart(
            4,
            4,
            14,
            odoo_chart(
                "odoo_bar",
                "kam.value.report",
                ["tier_id", "value_grade"],
                "revenue_12m",
                [],
                value_match,
            ),
        )
    d.row += 15
    d.heading("Top 10 Accounts by Revenue")
    d.row += 1
    header = ["Account", "Revenue (12 Months)", "Share of Revenue (%)"]
    if sample:
        body = [
            ["华信科技有限公司", 1250000, 14.5],
            ["Nordwind Engineering GmbH", 980000, 11.3],
            ["上海明远贸易有限公司", 640000, 7.4],
            ["Atlas Logistics Ltd", 410000, 4.7],
            ["深圳远航电子有限公司", 380000, 4.4],
        ]
        for r, line in enumerate([header] + body):
            for c, value in enumerate(line):
                cell = f"{LETTERS[c]}{d.row + r + 1}"
                d.cells[cell] = f'=_t("{value}")' if r == 0 else str(value)
                if r == 0:
                    d.styles[cell] = 2
    else:
        pivot = d.add_pivot(
            "kam.value.report",
            ["partner_id"],
            [],
            [
                ("revenue_12m", "Revenue (12 Months)"),
                ("revenue_share", "Share of Revenue (%)"),
            ],
            [["revenue_12m", ">", 0]],
            value_match,
            "Top accounts by revenue",
        )
        d.pivots[pivot]["sortedColumn"] = {
            "measure": "revenue_12m",
            "order": "desc",
            "domain": [],
        }
        top = d.row + 1
        for col, label in enumerate(header):
            d.cells[f"{LETTERS[col]}{top}"] = f'=_t("{label}")'
        for r in range(1, 11):
            line = top + r
            d.cells[f"A{line}"] = f'=PIVOT.HEADER({pivot},"#partner_id",{r})'
            for col, measure in enumerate(["revenue_12m", "revenue_share"], start=1):
                d.cells[f"{LETTERS[col]}{line}"] = (
                    f'=PIVOT.VALUE({pivot},"{measure}","#partner_id",{r})'
                )
        d.styles[f"A{top}"] = 2
        d.styles[f"B{top}:C{top}"] = 4
        d.borders[f"A{top}:C{top}"] = 1
        d.formats[f"B{top + 1}:B{top + 10}"] = 2
        d.formats[f"C{top + 1}:C{top + 10}"] = 3
    d.row += 13
    data = d.json()
    # Revenue is over the last 12 months: no period filter.
    data["globalFilters"] = [f for f in GLOBAL_FILTERS if f["id"] != F_PERIOD]
    return data


# ---------------------------------------------------------------------------
# NPS and satisfaction of key accounts (Survey bridge)
# ---------------------------------------------------------------------------
DIMENSIONS = [
    ("product_quality", "Product Quality"),
    ("service_attitude", "Service Attitude"),
    ("resolution_efficiency", "Resolution Efficiency"),
]
SATISFACTION_COLUMNS = [
    ("NPS", "nps", None),
    ("Satisfaction (1-5)", "score", None),
    *((label, "score", key) for key, label in DIMENSIONS),
    ("NPS Answers", "__count", "nps"),
]

SATISFACTION_STYLES = {
    "5": {
        "bold": True,
        "fontSize": 11,
        "textColor": "#434343",
        "align": "right",
        "verticalAlign": "middle",
        "wrapping": "wrap",
    },
}


def measure_table(d, pivot, row_field, corner, rows=10):
    """NPS, average satisfaction, the three dimensions and the number of NPS
    answers per ``row_field``: the total first, then the first ``rows``."""
    top = d.row + 1
    last = LETTERS[len(SATISFACTION_COLUMNS)]
    d.cells[f"A{top}"] = f'=_t("{corner}")'
    for c, (label, _measure, _key) in enumerate(SATISFACTION_COLUMNS, start=1):
        d.cells[f"{LETTERS[c]}{top}"] = f'=_t("{label}")'

    def value(measure, key, head):
        args = f'{pivot},"{measure}"{head}'
        if key:
            args += f',"dimension","{key}"'
        return f'=IFERROR(PIVOT.VALUE({args}),"")'

    d.cells[f"A{top + 1}"] = '=_t("Total")'
    for c, (_label, measure, key) in enumerate(SATISFACTION_COLUMNS, start=1):
        d.cells[f"{LETTERS[c]}{top + 1}"] = value(measure, key, "")
    for r in range(1, rows + 1):
        line = top + 1 + r
        d.cells[f"A{line}"] = f'=IFERROR(PIVOT.HEADER({pivot},"#{row_field}",{r}),"")'
        for c, (_label, measure, key) in enumerate(SATISFACTION_COLUMNS, start=1):
            d.cells[f"{LETTERS[c]}{line}"] = value(measure, key, f',"#{row_field}",{r}')
    d.styles[f"A{top}:A{top + 1}"] = 2
    d.styles[f"B{top + 1}:{last}{top + 1}"] = 4
    # Headers wrap on two lines (SATISFACTION_STYLES).
    d.styles[f"B{top}:{last}{top}"] = 5
    d.rows[top - 1] = {"size": 40}
    d.borders[f"A{top}:{last}{top}"] = 1
    d.formats[f"B{top + 1}:B{top + 1 + rows}"] = 2
    d.formats[f"C{top + 1}:F{top + 1 + rows}"] = 3


def satisfaction(sample=False):
    d = Dashboard("key-account-satisfaction" + ("-sample" if sample else ""))
    survey_match = matching(
        period=("date", "date"), tier="tier_id", manager="manager_id"
    )
    trend_match = matching(tier="tier_id", manager="manager_id")
    three = [key for key, _label in DIMENSIONS]
    labels = [
        "Net Promoter Score (NPS)",
        "Average satisfaction (1-5)",
        "Share of promoters",
        "Share of detractors",
    ]
    if sample:
        cells = [
            d.kpi(label, value)
            for label, value in zip(labels, ["38", "4.12", "0.52", "0.14"], strict=True)
        ]
    else:
        scores = d.add_pivot(
            "kam.survey.report",
            ["dimension"],
            [],
            [("nps", "NPS"), ("score", "Satisfaction (1-5)")],
            [],
            survey_match,
            "NPS and satisfaction",
        )
        categories = d.add_pivot(
            "kam.survey.report",
            ["nps_category"],
            [],
            [("__count", "NPS Answers")],
            [["dimension", "=", "nps"]],
            survey_match,
            "NPS answers by category",
        )
        share = (
            f'=IFERROR(PIVOT.VALUE({categories},"__count","nps_category","%s")'
            f'/PIVOT.VALUE({categories},"__count"),0)'
        )
        formulas = [
            f'=ROUND(IFERROR(PIVOT.VALUE({scores},"nps"),0),0)',
            f'=ROUND(IFERROR(PIVOT.VALUE({scores},"score"),0),2)',
            share % "promoter",
            share % "detractor",
        ]
        cells = [d.kpi(label, f) for label, f in zip(labels, formulas, strict=True)]
    d.data_formats[cells[0].split("!")[1]] = 2
    d.data_formats[cells[1].split("!")[1]] = 3
    d.data_formats[cells[2].split("!")[1]] = 1
    d.data_formats[cells[3].split("!")[1]] = 1
    d.scorecards(
        [
            ("NPS", cells[0], "#EFF6FF"),
            ("Average Satisfaction (1-5)", cells[1], "#F0FDF4"),
            ("Promoters", cells[2], "#F0FDF4"),
            ("Detractors", cells[3], "#FEF2F2"),
        ]
    )

    d.heading("NPS by Tier", 0, 4)
    d.heading("Satisfaction by Dimension", 4, 4)
    d.row += 1
    if sample:
        _sample_table(
            d,
            "tiers",
            ["Tier", "NPS"],
            [["Strategic", 56], ["Key", 41], ["Standard", 22]],
            first_row=1,
        )
        d.chart(
            0,
            4,
            14,
            static_chart("bar", "Data!D2:D4", ["Data!E1:E4"], legendPosition="none"),
        )
        _sample_table(
            d,
            "dimensions",
            ["Dimension", "Satisfaction (1-5)"],
            [
                ["Product Quality", 4.3],
                ["Service Attitude", 4.2],
                ["Resolution Efficiency", 3.8],
            ],
            first_row=10,
        )
        d.chart(
            4,
            4,
            14,
            static_chart(
                "bar", "Data!D11:D13", ["Data!E10:E13"], legendPosition="none"
            ),
        )
    else:
        d.chart(
            0,
            4,
            14,
            odoo_chart(
                "odoo_bar",
                "kam.survey.report",
                ["tier_id"],
                "nps",
                [["dimension", "=", "nps"]],
                survey_match,
                stacked=False,
                legendPosition="none",
            ),
        )
        d.chart(
            4,
            4,
            14,
            odoo_chart(
                "odoo_bar",
                "kam.survey.report",
                ["tier_id", "dimension"],
                "score",
                [["dimension", "in", three]],
                survey_match,
                stacked=False,
            ),
        )
    d.row += 15

    d.heading("NPS per Month", 0, 4)
    d.heading("Satisfaction per Month by Dimension", 4, 4)
    d.row += 1
    if sample:
        months = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
        _sample_table(
            d,
            "nps_months",
            ["Month", "NPS"],
            [[m, v] for m, v in zip(months, [25, 31, 28, 36, 40, 38], strict=True)],
            first_row=20,
        )
        d.chart(
            0,
            4,
            14,
            static_chart(
                "line", "Data!D21:D26", ["Data!E20:E26"], legendPosition="none"
            ),
        )
        _sample_table(
            d,
            "dimension_months",
            ["Month", "Product Quality", "Service Attitude", "Resolution Efficiency"],
            [
                ["2026-07", 4.1, 4.0, 3.5],
                ["2026-08", 4.2, 4.1, 3.6],
                ["2026-09", 4.2, 4.0, 3.7],
                ["2026-10", 4.3, 4.2, 3.8],
                ["2026-11", 4.4, 4.3, 3.9],
                ["2026-12", 4.3, 4.2, 3.9],
            ],
            first_row=30,
        )
        d.chart(
            4,
            4,
            14,
            static_chart(
                "line",
                "Data!D31:D36",
                ["Data!E30:E36", "Data!F30:F36", "Data!G30:G36"],
            ),
        )
    else:
        d.chart(
            0,
            4,
            14,
            odoo_chart(
                "odoo_line",
                "kam.survey.report",
                ["date:month"],
                "nps",
                [["dimension", "=", "nps"]],
                trend_match,
                order="date",
                stacked=False,
                legendPosition="none",
            ),
        )
        d.chart(
            4,
            4,
            14,
            odoo_chart(
                "odoo_line",
                "kam.survey.report",
                ["date:month", "dimension"],
                "score",
                [["dimension", "in", three]],
                trend_match,
                order="date",
                stacked=False,
            ),
        )
    d.row += 15

    tables = [
        (
            "NPS and Satisfaction by Tier",
            "tier_id",
            "Tier",
            [
                ["Strategic", 56, 4.41, 4.5, 4.4, 4.3, 18],
                ["Key", 41, 4.18, 4.3, 4.2, 4.0, 35],
                ["Standard", 22, 3.86, 4.0, 3.9, 3.7, 41],
            ],
        ),
        (
            "NPS and Satisfaction by Account Manager",
            "manager_id",
            "Account Manager",
            [
                ["Li Na", 45, 4.30, 4.4, 4.3, 4.1, 24],
                ["Wang Wei", 18, 3.80, 4.0, 3.8, 3.6, 26],
                ["Emma Schulz", 40, 4.21, 4.3, 4.2, 4.1, 21],
                ["Zhang Min", 37, 4.15, 4.2, 4.2, 4.0, 23],
            ],
        ),
    ]
    for title, row_field, corner, body in tables:
        d.heading(title)
        d.row += 1
        if sample:
            header = [corner] + [label for label, _m, _k in SATISFACTION_COLUMNS]
            for r, line in enumerate([header] + body):
                for c, value in enumerate(line):
                    cell = f"{LETTERS[c]}{d.row + r + 1}"
                    if r == 0 or (c == 0 and value not in SAMPLE_PEOPLE):
                        d.cells[cell] = f'=_t("{value}")'
                    else:
                        d.cells[cell] = str(value)
                    if r == 0:
                        d.styles[cell] = 5 if c else 2
            d.rows[d.row] = {"size": 40}
            d.formats[f"C{d.row + 2}:F{d.row + 1 + len(body)}"] = 3
        else:
            pivot = d.add_pivot(
                "kam.survey.report",
                [row_field],
                ["dimension"],
                [
                    ("nps", "NPS"),
                    ("score", "Satisfaction (1-5)"),
                    ("__count", "NPS Answers"),
                ],
                [],
                survey_match,
                title,
            )
            measure_table(d, pivot, row_field, corner)
        d.row += 14
    data = d.json()
    data["styles"] = dict(STYLES, **SATISFACTION_STYLES)
    data["globalFilters"] = [
        dict(f, defaultValue="this_year") if f["id"] == F_PERIOD else f
        for f in GLOBAL_FILTERS
    ]
    return data


def write(path, data):
    with open(os.path.join(ROOT, path), "w", encoding="utf-8") as file:
        json.dump(data, file, ensure_ascii=False, indent=1)
        file.write("\n")


def main():
    base = "key_account_mgmt_dashboard/data/files/"
    write(base + "key_accounts_dashboard.json", key_accounts())
    write(base + "key_accounts_sample_dashboard.json", key_accounts(sample=True))
    base = "key_account_mgmt_sale_dashboard/data/files/"
    write(base + "key_account_revenue_dashboard.json", revenue())
    write(base + "key_account_revenue_sample_dashboard.json", revenue(sample=True))
    base = "key_account_mgmt_survey_dashboard/data/files/"
    write(base + "key_account_satisfaction_dashboard.json", satisfaction())
    write(
        base + "key_account_satisfaction_sample_dashboard.json",
        satisfaction(sample=True),
    )


if __name__ == "__main__":
    main()
