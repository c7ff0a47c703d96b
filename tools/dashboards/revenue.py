"""Revenue of key accounts (key_account_mgmt_sale_dashboard)."""

from .charts import SampleChart, odoo_chart
from .sheet import F_PERIOD, GLOBAL_FILTERS, LETTERS, Dashboard, matching


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
    d.scorecard_row(
        [
            ("Revenue (12 Months)", cells[0], "#FFF7ED"),
            ("Grade A Accounts", cells[1], "#EFF6FF"),
            ("Grade A Revenue Share", cells[2], "#F0FDF4"),
        ],
        {0: 2, 2: 1},
    )
    d.chart_pair(
        ["Revenue by ABC Grade", "Revenue by Tier and Grade"],
        [
            SampleChart(
                "pie",
                ["Grade", "Revenue (12 Months)"],
                [["A", 6050000], ["B", 1730000], ["C", 870000]],
                1,
            ),
            SampleChart(
                "bar",
                ["Tier", "A", "B", "C"],
                [
                    ["Strategic", 4100000, 420000, 0],
                    ["Key", 1650000, 910000, 230000],
                    ["Standard", 300000, 400000, 640000],
                ],
                10,
            ),
        ]
        if sample
        else [
            odoo_chart(
                "odoo_pie",
                "kam.value.report",
                ["value_grade"],
                "revenue_12m",
                [],
                value_match,
            ),
            odoo_chart(
                "odoo_bar",
                "kam.value.report",
                ["tier_id", "value_grade"],
                "revenue_12m",
                [],
                value_match,
            ),
        ],
    )
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
        d.sample_table(header, body, untranslated={line[0] for line in body})
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
