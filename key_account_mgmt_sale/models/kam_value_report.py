from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_VALUE_GRADES


class KamValueReport(models.Model):
    """Revenue, grade and tier by revenue in the customer value analysis."""

    _inherit = "kam.value.report"

    currency_id = fields.Many2one("res.currency", readonly=True)
    revenue_12m = fields.Monetary(
        string="Revenue (12 Months)", currency_field="currency_id", readonly=True
    )
    revenue_share = fields.Float(
        string="Share of Revenue (%)",
        digits=(16, 2),
        readonly=True,
        help="Share of the account in the 12-month revenue of the key accounts "
        "of its company.",
    )
    value_grade = fields.Selection(KAM_VALUE_GRADES, readonly=True)
    suggested_tier_id = fields.Many2one(
        "kam.tier", string="Tier by Revenue", readonly=True
    )
    tier_matches_revenue = fields.Boolean(
        readonly=True,
        help="The account's tier is the tier its revenue reaches (or no tier "
        "has a minimum revenue it reaches).",
    )

    @api.model
    def _kam_select(self):
        main_currency = self.env["res.partner"]._kam_main_company().currency_id
        return [
            *super()._kam_select(),
            SQL("COALESCE(company.currency_id, %s) AS currency_id", main_currency.id),
            SQL("COALESCE(p.kam_revenue_12m, 0) AS revenue_12m"),
            SQL(
                "COALESCE(100.0 * p.kam_revenue_12m / NULLIF(SUM(p.kam_revenue_12m) "
                "OVER (PARTITION BY p.company_id), 0), 0) AS revenue_share"
            ),
            SQL("p.kam_value_grade AS value_grade"),
            SQL("p.kam_suggested_tier_id AS suggested_tier_id"),
            SQL(
                "(p.kam_suggested_tier_id IS NULL "
                "OR p.kam_suggested_tier_id = p.kam_tier_id) AS tier_matches_revenue"
            ),
        ]

    @api.model
    def _kam_from(self):
        return SQL(
            "%s LEFT JOIN res_company AS company ON company.id = p.company_id",
            super()._kam_from(),
        )
