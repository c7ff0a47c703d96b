from odoo import fields, models


class KamTier(models.Model):
    _inherit = "kam.tier"

    survey_interval_months = fields.Integer(
        string="Survey Every (months)",
        default=0,
        help="The satisfaction survey campaign invites the accounts of this tier "
        "once in each period of this many months (periods start in January: "
        "3 surveys each quarter, 12 each year). 0: never.",
    )

    _check_survey_interval_months = models.Constraint(
        "CHECK(survey_interval_months >= 0)",
        "The survey interval cannot be negative.",
    )
