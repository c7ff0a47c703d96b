{
    "name": "Key Account Management - Dashboard",
    "summary": "A spreadsheet dashboard of the key accounts: accounts at risk, "
    "complaints and service levels, contacts, health and churn",
    "version": "19.0.1.0.0",
    "category": "Productivity/Dashboard",
    "website": "https://github.com/key-account-mgmt/key_account_mgmt",
    "author": "key_account_mgmt contributors",
    "license": "LGPL-3",
    "depends": ["key_account_mgmt", "spreadsheet_dashboard"],
    "auto_install": True,
    "data": [
        "data/spreadsheet_dashboard_data.xml",
    ],
}
