from odoo import api, fields, models
from odoo.tools import SQL


class KamBehaviourReport(models.Model):
    """Purchase frequency and recency in the customer behaviour analysis."""

    _inherit = "kam.behaviour.report"

    order_count_12m = fields.Integer(string="Orders (12 Months)", readonly=True)
    last_order_date = fields.Date(string="Last Order", readonly=True)
    days_since_order = fields.Integer(
        string="Days Since Last Order", aggregator="avg", readonly=True
    )
    order_trend = fields.Float(
        string="Order Frequency Trend (%)",
        digits=(16, 1),
        aggregator="avg",
        readonly=True,
    )

    @api.model
    def _kam_select(self):
        today = fields.Date.context_today(self)
        return [
            *super()._kam_select(),
            SQL("COALESCE(p.kam_order_count_12m, 0) AS order_count_12m"),
            SQL("p.kam_last_order_date AS last_order_date"),
            SQL("%s - p.kam_last_order_date AS days_since_order", today),
            SQL("p.kam_order_trend AS order_trend"),
        ]
