{
    "name": "Key Account Management - Sales",
    "summary": "Revenue, order history, ABC grade, points and purchase signals of "
    "key accounts from confirmed sale orders",
    "version": "19.0.1.0.0",
    "category": "Sales/Key Accounts",
    "website": "https://github.com/key-account-mgmt/key_account_mgmt",
    "author": "key_account_mgmt contributors",
    "license": "LGPL-3",
    "depends": ["key_account_mgmt", "sale_management"],
    "auto_install": True,
    "data": [
        "security/kam_sale_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "views/kam_tier_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/kam_points_line_views.xml",
        "views/res_config_settings_views.xml",
        "views/kam_sale_menus.xml",
        "data/kam_sale_filters_data.xml",
        "report/kam_profile_report.xml",
    ],
    "demo": [
        "demo/kam_sale_demo.xml",
    ],
    "pre_init_hook": "pre_init_hook",
}
