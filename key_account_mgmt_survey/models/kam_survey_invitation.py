from odoo import api, fields, models


class KamSurveyInvitation(models.Model):
    _name = "kam.survey.invitation"
    _description = "Key-Account Survey Invitation"
    _order = "period_start desc, id desc"
    _rec_name = "account_id"

    account_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        required=True,
        index=True,
        ondelete="cascade",
    )
    survey_id = fields.Many2one(
        "survey.survey", required=True, index=True, ondelete="cascade"
    )
    period_start = fields.Date(
        string="Period",
        required=True,
        help="First day of the survey period of the account's tier.",
    )
    date = fields.Datetime(string="Sent On", default=fields.Datetime.now)
    partner_ids = fields.Many2many("res.partner", string="Invited Contacts")
    user_input_ids = fields.Many2many("survey.user_input", string="Answers")
    manager_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        related="account_id.kam_manager_id",
        store=True,
    )
    tier_id = fields.Many2one(
        "kam.tier", string="Tier", related="account_id.kam_tier_id", store=True
    )
    answered = fields.Boolean(compute="_compute_answered")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    _unique_period = models.Constraint(
        "UNIQUE(account_id, period_start)",
        "A key account is invited to the survey campaign once per period.",
    )

    @api.depends("user_input_ids.state")
    def _compute_answered(self):
        for invitation in self:
            invitation.answered = any(
                state == "done"
                for state in invitation.sudo().user_input_ids.mapped("state")
            )
