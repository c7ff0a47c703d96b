from odoo import api, fields, models
from odoo.exceptions import UserError


class KamSurveySendWizard(models.TransientModel):
    _name = "kam.survey.send.wizard"
    _description = "Send a Survey to Key Accounts"

    account_ids = fields.Many2many(
        "res.partner",
        string="Key Accounts",
        required=True,
        domain=[("is_key_account", "=", True)],
    )
    survey_id = fields.Many2one(
        "survey.survey",
        required=True,
        domain=[("kam_purpose", "!=", False)],
        default=lambda self: self.env["res.partner"]._kam_campaign_survey().id,
    )
    recipients = fields.Selection(
        [
            ("main", "Main contact of each account"),
            ("all", "All contacts with an email"),
        ],
        string="Send To",
        required=True,
        default="main",
        help="Main contact: the first contact person of the account with an "
        "email (the account itself when it has none but has an email).",
    )
    recipient_ids = fields.Many2many(
        "res.partner",
        string="Recipients",
        compute="_compute_recipient_ids",
    )
    missing_account_ids = fields.Many2many(
        "res.partner",
        string="Accounts Without Email",
        compute="_compute_recipient_ids",
    )

    @api.depends("account_ids", "recipients")
    def _compute_recipient_ids(self):
        for wizard in self:
            # _origin: in the form, the accounts are new-record copies.
            accounts = wizard.account_ids._origin.commercial_partner_id
            recipients = accounts._kam_survey_recipients(wizard.recipients)
            wizard.recipient_ids = recipients
            wizard.missing_account_ids = accounts - recipients.commercial_partner_id

    def action_open_invite(self):
        """Odoo's survey invitation wizard, with the recipients filled in."""
        self.ensure_one()
        if not self.recipient_ids:
            raise UserError(
                self.env._(
                    "None of these key accounts has a contact with an email "
                    "address: add one to survey them."
                )
            )
        action = self.survey_id.action_send_survey()
        action["context"] = dict(
            action.get("context") or {},
            default_partner_ids=self.recipient_ids.ids,
            default_existing_mode="new",
        )
        return action
