{
    "name": "Key Account Management",
    "summary": "Key-account archive, account managers, tiers and service levels "
    "on top of Contacts",
    "version": "19.0.1.0.0",
    "category": "Sales/Key Accounts",
    "website": "https://github.com/key-account-mgmt/key_account_mgmt",
    "author": "key_account_mgmt contributors",
    "license": "LGPL-3",
    "application": True,
    "depends": ["contacts", "mail", "resource", "rating"],
    "data": [
        "security/kam_security.xml",
        "security/ir.model.access.csv",
        "data/kam_tier_data.xml",
        "views/kam_tier_views.xml",
        "views/res_partner_views.xml",
        "wizard/kam_reassign_wizard_views.xml",
        "views/kam_menus.xml",
    ],
    "demo": [
        "demo/kam_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
}
