"""NPS and satisfaction of key accounts (key_account_mgmt_survey_dashboard)."""

from .charts import SampleChart, odoo_chart
from .sheet import F_PERIOD, GLOBAL_FILTERS, LETTERS, STYLES, Dashboard, matching

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
    d.scorecard_row(
        [
            ("NPS", cells[0], "#EFF6FF"),
            ("Average Satisfaction (1-5)", cells[1], "#F0FDF4"),
            ("Promoters", cells[2], "#F0FDF4"),
            ("Detractors", cells[3], "#FEF2F2"),
        ],
        {0: 2, 1: 3, 2: 1, 3: 1},
    )

    no_legend = {"legendPosition": "none"}
    d.chart_pair(
        ["NPS by Tier", "Satisfaction by Dimension"],
        [
            SampleChart(
                "bar",
                ["Tier", "NPS"],
                [["Strategic", 56], ["Key", 41], ["Standard", 22]],
                1,
                no_legend,
            ),
            SampleChart(
                "bar",
                ["Dimension", "Satisfaction (1-5)"],
                [
                    ["Product Quality", 4.3],
                    ["Service Attitude", 4.2],
                    ["Resolution Efficiency", 3.8],
                ],
                10,
                no_legend,
            ),
        ]
        if sample
        else [
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
            odoo_chart(
                "odoo_bar",
                "kam.survey.report",
                ["tier_id", "dimension"],
                "score",
                [["dimension", "in", three]],
                survey_match,
                stacked=False,
            ),
        ],
    )

    months = ["2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
    d.chart_pair(
        ["NPS per Month", "Satisfaction per Month by Dimension"],
        [
            SampleChart(
                "line",
                ["Month", "NPS"],
                [[m, v] for m, v in zip(months, [25, 31, 28, 36, 40, 38], strict=True)],
                20,
                no_legend,
            ),
            SampleChart(
                "line",
                [
                    "Month",
                    "Product Quality",
                    "Service Attitude",
                    "Resolution Efficiency",
                ],
                [
                    ["2026-07", 4.1, 4.0, 3.5],
                    ["2026-08", 4.2, 4.1, 3.6],
                    ["2026-09", 4.2, 4.0, 3.7],
                    ["2026-10", 4.3, 4.2, 3.8],
                    ["2026-11", 4.4, 4.3, 3.9],
                    ["2026-12", 4.3, 4.2, 3.9],
                ],
                30,
            ),
        ]
        if sample
        else [
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
        ],
    )

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
            # Headers wrap on two lines (SATISFACTION_STYLES).
            d.sample_table(header, body, header_styles=(2, 5))
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
