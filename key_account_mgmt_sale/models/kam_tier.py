from odoo import api, fields, models


class KamTier(models.Model):
    _inherit = "kam.tier"

    currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_currency_id",
        help="Currency of the tier's company, else of the main company.",
    )
    min_revenue_12m = fields.Monetary(
        string="Minimum Revenue (12 Months)",
        currency_field="currency_id",
        help="Untaxed revenue over the last 12 months from which an account "
        "belongs in this tier. When an account's revenue crosses it, its "
        "manager gets a Review Tier activity; the tier never changes by itself. "
        "Leave empty for tiers not chosen by revenue.",
        tracking=True,
    )

    _check_min_revenue_12m = models.Constraint(
        "CHECK(min_revenue_12m IS NULL OR min_revenue_12m >= 0)",
        "The minimum revenue of a tier cannot be negative.",
    )

    @api.depends("company_id")
    @api.depends_context("company")
    def _compute_currency_id(self):
        main_currency = self.env["res.partner"]._kam_main_company().currency_id
        for tier in self:
            tier.currency_id = tier.company_id.currency_id or main_currency
