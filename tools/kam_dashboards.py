"""Write the spreadsheet dashboards of key_account_mgmt_dashboard,
key_account_mgmt_sale_dashboard and key_account_mgmt_survey_dashboard
(data/files/*_dashboard.json).

The dashboards are plain o-spreadsheet JSON, as Odoo's own apps ship theirs;
this script keeps their layout in one readable place, the ``dashboards``
package next to it: ``sheet.py`` (the document, its filters and styles),
``charts.py``, and one module per dashboard. Run it after changing a
dashboard, then ``tools/i18n_sync.py`` for the addon (the labels, chart titles
and filter names are extracted from the JSON by Odoo's exporter).

Usage: python3 tools/kam_dashboards.py
"""

import json
import os

from dashboards.key_accounts import key_accounts
from dashboards.revenue import revenue
from dashboards.satisfaction import satisfaction

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

DASHBOARDS = {
    "key_account_mgmt_dashboard/data/files/key_accounts": key_accounts,
    "key_account_mgmt_sale_dashboard/data/files/key_account_revenue": revenue,
    "key_account_mgmt_survey_dashboard/data/files/key_account_satisfaction": (
        satisfaction
    ),
}


def write(path, data):
    with open(os.path.join(ROOT, path), "w", encoding="utf-8") as file:
        json.dump(data, file, ensure_ascii=False, indent=1)
        file.write("\n")


def main():
    for base, build in DASHBOARDS.items():
        write(f"{base}_dashboard.json", build())
        write(f"{base}_sample_dashboard.json", build(sample=True))


if __name__ == "__main__":
    main()
