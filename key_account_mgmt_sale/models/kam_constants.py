"""Selections, defaults and other constants of the sales bridge."""

# Settings of the sales bridge (ir.config_parameter "key_account_mgmt.<name>")
# and their defaults. A value of 0 is meaningful for each of them.
KAM_SALE_DEFAULTS = {
    "abc_share_a": 70,
    "abc_share_b": 20,
    "abc_share_c": 10,
    "sale_points": 1,
    "sale_points_amount": 100,
    "health_weight_purchases": 20,
    "sale_points_trigger": "order",
}

# Customers per batch when the scores cron refreshes the sales figures.
KAM_SALE_BATCH_SIZE = 2000

# Stored sales figures, written by SQL only.
KAM_SALE_FIGURES = [
    "kam_revenue_12m",
    "kam_order_count_12m",
    "kam_last_order_date",
    "kam_average_order_12m",
    "kam_order_trend",
]
