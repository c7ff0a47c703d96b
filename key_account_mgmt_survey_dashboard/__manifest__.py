{
    "name": "Key Account Management - Satisfaction Dashboard",
    "summary": "NPS and satisfaction of the key accounts by tier, dimension and "
    "month in the key-account dashboards",
    "version": "19.0.1.0.0",
    "category": "Productivity/Dashboard",
    "website": "https://github.com/key-account-mgmt/key_account_mgmt",
    "author": "key_account_mgmt contributors",
    "license": "LGPL-3",
    "depends": ["key_account_mgmt_survey", "key_account_mgmt_dashboard"],
    "auto_install": True,
    "data": [
        "data/spreadsheet_dashboard_data.xml",
    ],
}
