from odoo import fields, models


class KamCareGreeting(models.Model):
    _name = "kam.care.greeting"
    _description = "Care Greeting"
    _order = "date desc, id desc"
    _rec_name = "occasion_id"

    occasion_id = fields.Many2one(
        "kam.care.occasion", required=True, index=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Greeted",
        required=True,
        index=True,
        ondelete="cascade",
        help="The contact person (or the account) greeted.",
    )
    account_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        related="account_id.kam_manager_id",
        store=True,
    )
    tier_id = fields.Many2one(
        "kam.tier", string="Tier", related="account_id.kam_tier_id", store=True
    )
    year = fields.Integer(
        required=True,
        help="Year of the occurrence (the lunar year for lunar occasions).",
    )
    date = fields.Date(string="Occasion Date", required=True)
    mode = fields.Selection(
        [("email", "Email"), ("activity", "Activity for the manager")],
        required=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _unique_greeting = models.Constraint(
        "UNIQUE(occasion_id, partner_id, year)",
        "A partner is greeted only once per occasion and year.",
    )
