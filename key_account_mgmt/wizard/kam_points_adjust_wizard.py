from odoo import api, fields, models

from ..models.kam_constants import KAM_POINTS_DIGITS


class KamPointsAdjustWizard(models.TransientModel):
    _name = "kam.points.adjust.wizard"
    _inherit = ["kam.write.guard"]
    _description = "Adjust Loyalty Points"

    partner_id = fields.Many2one(
        "res.partner", string="Account", required=True, readonly=True
    )
    balance = fields.Float(
        string="Current Balance", digits=KAM_POINTS_DIGITS, compute="_compute_balance"
    )
    corrected_line_id = fields.Many2one(
        "kam.points.line", string="Line to Correct", readonly=True
    )
    points = fields.Float(
        digits=KAM_POINTS_DIGITS,
        compute="_compute_points",
        store=True,
        readonly=False,
        help="Positive to credit points, negative to deduct them.",
    )
    expiry_date = fields.Date(
        string="Expires On", help="Leave empty for points that never expire."
    )
    note = fields.Text(
        string="Reason",
        help="Why the points are adjusted (required, kept in the ledger).",
    )

    @api.depends("partner_id")
    def _compute_balance(self):
        for wizard in self:
            account = wizard.partner_id.commercial_partner_id.sudo()
            wizard.balance = account.kam_points_balance

    @api.depends("corrected_line_id")
    def _compute_points(self):
        for wizard in self:
            if wizard.corrected_line_id:
                wizard.points = -wizard.corrected_line_id.points

    def action_adjust(self):
        self.ensure_one()
        self.partner_id._kam_adjust_points(
            self.points,
            self.note,
            expiry_date=self.expiry_date,
            corrected_line=self.corrected_line_id,
        )
        return {"type": "ir.actions.act_window_close"}
