import json

from odoo.fields import Domain
from odoo.tools import file_open


def load_dashboard_json(path):
    with file_open(path) as file:
        return json.load(file)


def _domain_paths(domain):
    return [
        leaf[0]
        for leaf in domain or []
        if isinstance(leaf, (list, tuple)) and len(leaf) == 3
    ]


def dashboard_references(data):
    """What a dashboard's JSON names, as (model, paths, measures, groupby,
    domain, origin) per data source, plus the models of the filters."""
    sources = []
    for pivot_id, pivot in data.get("pivots", {}).items():
        groupby = [d["fieldName"] for d in pivot["rows"] + pivot["columns"]]
        sources.append(
            {
                "origin": f"pivot {pivot_id} ({pivot.get('name')})",
                "model": pivot["model"],
                "groupby": groupby,
                "measures": [m["fieldName"] for m in pivot["measures"]],
                "domain": pivot["domain"],
                "matching": [m["chain"] for m in pivot["fieldMatching"].values()],
            }
        )
    for sheet in data["sheets"]:
        for figure in sheet["figures"]:
            chart = figure["data"]
            if figure["tag"] != "chart" or not chart["type"].startswith("odoo_"):
                continue
            sources.append(
                {
                    "origin": f"chart {figure['id']}",
                    "model": chart["metaData"]["resModel"],
                    "groupby": chart["metaData"]["groupBy"],
                    "measures": [chart["metaData"]["measure"]],
                    "domain": chart["searchParams"]["domain"],
                    "matching": [m["chain"] for m in chart["fieldMatching"].values()],
                }
            )
    filter_models = [
        f["modelName"] for f in data.get("globalFilters", []) if f.get("modelName")
    ]
    return sources, filter_models


class DashboardChecks:
    """Assertions on a dashboard JSON, for a TransactionCase."""

    def assertDashboardReadableBy(self, data, user):
        sources, filter_models = dashboard_references(data)
        self.assertTrue(sources, "the dashboard names no data source")
        for model_name in filter_models:
            self.assertIn(model_name, self.env, f"filter model {model_name}")
            self.env[model_name].with_user(user).check_access("read")
        for source in sources:
            origin, model_name = source["origin"], source["model"]
            self.assertIn(model_name, self.env, f"{origin}: model {model_name}")
            Model = self.env[model_name].with_user(user)
            Model.check_access("read")
            paths = (
                [g.split(":")[0] for g in source["groupby"]]
                + [m for m in source["measures"] if m != "__count"]
                + _domain_paths(source["domain"])
                + source["matching"]
            )
            for path in paths:
                self._assertPathReadable(Model, path, origin)
            aggregates = []
            for measure in source["measures"]:
                if measure == "__count":
                    aggregates.append("__count")
                    continue
                field = Model._fields[measure]
                self.assertTrue(
                    field.aggregator, f"{origin}: {measure} cannot be aggregated"
                )
                aggregates.append(f"{measure}:{field.aggregator}")
            # The read the spreadsheet makes, as the user.
            Model.formatted_read_group(
                Domain(source["domain"] or []), source["groupby"], aggregates
            )

    def _assertPathReadable(self, Model, path, origin):
        current = Model
        for name in path.split("."):
            self.assertIn(
                name, current._fields, f"{origin}: {current._name} has no field {name}"
            )
            readable = current.fields_get([name])
            self.assertIn(
                name, readable, f"{origin}: {current._name}.{name} is not readable"
            )
            field = current._fields[name]
            if field.relational:
                current = current.env[field.comodel_name]
                current.check_access("read")
