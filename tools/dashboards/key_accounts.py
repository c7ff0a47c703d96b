"""The key-account dashboard (key_account_mgmt_dashboard)."""

from .charts import SampleChart, odoo_chart
from .sheet import LETTERS, Dashboard, matching

KEY_ACCOUNTS = [
    ["is_key_account", "=", True],
    "|",
    ["is_company", "=", True],
    ["parent_id", "=", False],
]
OPEN_STATES = ["new", "acknowledged", "investigating", "waiting"]

KPI_LABELS = [
    "Key accounts",
    "Key accounts at high churn risk",
    "Open complaints",
    "SLA breach rate in the period",
    "Average health score",
    "Points outstanding",
]

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
    d.scorecard_row(
        [
            ("Key Accounts", cells[0], "#EFF6FF"),
            ("High Churn Risk", cells[1], "#FEF2F2"),
            ("Open Complaints", cells[2], "#FFF7ED"),
            ("SLA Breach Rate", cells[3], "#FFF7ED"),
            ("Average Health", cells[4], "#F0FDF4"),
            ("Points Outstanding", cells[5], "#F0FDF4"),
        ],
        {3: 1, 5: 2},
    )

    # Monthly trends of complaints and interactions
    d.chart_pair(
        ["Complaints per Month by SLA Status", "Interactions per Month by Channel"],
        [
            SampleChart(
                "bar",
                ["Month", "On Track", "At Risk", "Breached", "Met"],
                [
                    ["2026-07", 2, 1, 1, 9],
                    ["2026-08", 3, 0, 2, 11],
                    ["2026-09", 1, 2, 1, 12],
                    ["2026-10", 2, 1, 0, 10],
                    ["2026-11", 4, 2, 1, 8],
                    ["2026-12", 5, 1, 0, 3],
                ],
                1,
            ),
            SampleChart(
                "bar",
                ["Month", "Phone", "Email", "Visit", "WeChat"],
                [
                    ["2026-07", 18, 12, 6, 21],
                    ["2026-08", 20, 10, 8, 25],
                    ["2026-09", 16, 14, 7, 22],
                    ["2026-10", 22, 11, 9, 27],
                    ["2026-11", 19, 13, 10, 30],
                    ["2026-12", 7, 4, 3, 12],
                ],
                10,
            ),
        ]
        if sample
        else [
            odoo_chart(
                "odoo_bar",
                "kam.complaint.report",
                ["date_received:month", "sla_status"],
                "__count",
                [],
                complaint_trend_match,
                order="date_received",
            ),
            odoo_chart(
                "odoo_bar",
                "kam.interaction",
                ["date:month", "channel"],
                "__count",
                [],
                interaction_trend_match,
                order="date",
            ),
        ],
    )

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
            d.sample_table(header, body)
        else:
            pivot = d.add_pivot(model, rows, cols, measures, domain, fmatch, title)
            formula_table(d, pivot, rows[0], cols[0], COLUMN_KEYS[cols[0]], header[0])
        d.row += 14

    # Health distribution and lifecycle trend (monthly snapshots)
    d.chart_pair(
        ["Health Distribution", "Lifecycle Stages per Month"],
        [
            SampleChart(
                "bar",
                ["Health Band", "Accounts"],
                [
                    ["0-19", 3],
                    ["20-39", 6],
                    ["40-59", 19],
                    ["60-79", 46],
                    ["80-100", 54],
                ],
                20,
            ),
            SampleChart(
                "bar",
                ["Month", "New", "Growing", "Mature", "Dormant", "Lost"],
                [
                    ["2026-07", 18, 30, 62, 6, 2],
                    ["2026-08", 19, 31, 63, 7, 2],
                    ["2026-09", 20, 31, 64, 7, 3],
                    ["2026-10", 21, 31, 65, 8, 3],
                    ["2026-11", 21, 31, 66, 8, 2],
                    ["2026-12", 21, 31, 66, 8, 2],
                ],
                30,
            ),
        ]
        if sample
        else [
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
            odoo_chart(
                "odoo_bar",
                "kam.health.snapshot",
                ["month:month", "lifecycle_stage"],
                "account_count",
                [],
                snapshot_match,
                order="month",
            ),
        ],
    )

    d.chart_pair(
        ["Churn Reasons of Lost Accounts", "Accounts Lost per Month"],
        [
            SampleChart(
                "pie",
                ["Churn Reason", "Accounts"],
                [["Price", 4], ["Competitor", 3], ["Service", 2], ["Needs Changed", 1]],
                40,
            ),
            SampleChart(
                "bar",
                ["Month", "Became Dormant", "Became Lost"],
                [
                    ["2026-07", 2, 1],
                    ["2026-08", 3, 0],
                    ["2026-09", 1, 1],
                    ["2026-10", 2, 1],
                    ["2026-11", 1, 0],
                    ["2026-12", 0, 0],
                ],
                50,
                {"stacked": False},
            ),
        ]
        if sample
        else [
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
        ],
    )
    return d.json()
