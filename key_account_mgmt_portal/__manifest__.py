{
    "name": "Key Account Management - Customer Portal",
    "summary": "Key-account customers file and follow their complaints, confirm "
    "resolutions and see their points and member level in the portal",
    "version": "19.0.1.0.0",
    "category": "Sales/Key Accounts",
    "website": "https://github.com/key-account-mgmt/key_account_mgmt",
    "author": "key_account_mgmt contributors",
    "license": "LGPL-3",
    "depends": ["key_account_mgmt", "portal"],
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
        "security/kam_portal_security.xml",
        "data/mail_activity_type_data.xml",
        "views/kam_complaint_views.xml",
        "views/kam_portal_templates.xml",
    ],
    "demo": [
        "demo/kam_portal_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "key_account_mgmt_portal/static/tests/tours/*.js",
        ],
    },
}
