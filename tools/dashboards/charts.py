"""The chart data of the dashboards: charts on Odoo data, charts on the
static values of the sample dashboards."""

from typing import NamedTuple


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


class SampleChart(NamedTuple):
    """A chart of a sample dashboard: its static values (``header`` and
    ``body`` rows) go on the Data sheet from column D, ``first_row`` on."""

    chart_type: str
    header: list
    body: list
    first_row: int
    extra: dict = {}
