from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.kam_constants import KAM_POINTS_DIGITS


class KamPointsRedeemWizard(models.TransientModel):
    _name = "kam.points.redeem.wizard"
    _inherit = ["kam.write.guard"]
    _description = "Redeem Loyalty Points"

    partner_id = fields.Many2one(
        "res.partner", string="Account", required=True, readonly=True
    )
    balance = fields.Float(
        string="Current Balance",
        digits=KAM_POINTS_DIGITS,
        compute="_compute_balance",
    )
    mode = fields.Selection(
        [("reward", "A reward"), ("points", "Points")],
        string="Redeem",
        required=True,
        default="reward",
    )
    reward_id = fields.Many2one(
        "kam.reward",
        domain="['|', ('company_id', '=', False), "
        "('company_id', 'in', allowed_company_ids)]",
    )
    quantity = fields.Integer(default=1)
    points = fields.Float(digits=KAM_POINTS_DIGITS)
    origin = fields.Char(
        string="Reference", help="What the points are redeemed for, if no reward."
    )
    points_to_redeem = fields.Float(
        digits=KAM_POINTS_DIGITS, compute="_compute_points_to_redeem"
    )
    balance_after = fields.Float(
        digits=KAM_POINTS_DIGITS,
        compute="_compute_points_to_redeem",
    )

    @api.depends("partner_id")
    def _compute_balance(self):
        for wizard in self:
            account = wizard.partner_id.commercial_partner_id.sudo()
            wizard.balance = account.kam_points_balance

    @api.depends("mode", "reward_id", "quantity", "points", "balance")
    def _compute_points_to_redeem(self):
        for wizard in self:
            if wizard.mode == "reward":
                points = wizard.reward_id.points_cost * max(wizard.quantity, 0)
            else:
                points = wizard.points
            wizard.points_to_redeem = points
            wizard.balance_after = wizard.balance - points

    def action_redeem(self):
        self.ensure_one()
        if self.mode == "reward":
            if not self.reward_id:
                raise UserError(self.env._("Choose the reward to redeem."))
            if self.quantity < 1:
                raise UserError(self.env._("The quantity must be at least 1."))
            origin = self.reward_id.name
            if self.quantity > 1:
                origin = f"{self.reward_id.name} × {self.quantity}"
            line = self.partner_id.kam_redeem_points(
                self.points_to_redeem, self.origin or origin, reward=self.reward_id
            )
        else:
            if not self.origin:
                raise UserError(self.env._("Say what the points are redeemed for."))
            line = self.partner_id.kam_redeem_points(self.points, self.origin)
        self.partner_id.sudo().message_post(
            body=self.env._(
                "%(points)s points redeemed: %(origin)s",
                points=self.env["res.partner"]._kam_format_points(-line.sudo().points),
                origin=line.sudo().origin,
            ),
            subtype_xmlid="mail.mt_note",
        )._kam_restrict()
        return {"type": "ir.actions.act_window_close"}
