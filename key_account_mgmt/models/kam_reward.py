from odoo import api, fields, models

from .kam_constants import KAM_POINTS_DIGITS


class KamReward(models.Model):
    _name = "kam.reward"
    _inherit = ["kam.write.guard"]
    _description = "Loyalty Reward"
    _order = "sequence, points_cost, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    points_cost = fields.Float(
        required=True,
        digits=KAM_POINTS_DIGITS,
        help="Points an account spends to get this reward.",
    )
    description = fields.Html(translate=True)
    image_1920 = fields.Image(string="Image", max_width=1920, max_height=1920)
    image_128 = fields.Image(
        string="Image 128", related="image_1920", max_width=128, max_height=128
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty to offer the reward in all companies."
    )
    line_ids = fields.One2many("kam.points.line", "reward_id", readonly=True)
    redemption_count = fields.Integer(compute="_compute_redemption_count")

    _check_points_cost = models.Constraint(
        "CHECK(points_cost > 0)", "The points cost of a reward must be positive."
    )

    @api.depends_context("kam_reward_show_cost")
    @api.depends("name", "points_cost")
    def _compute_display_name(self):
        """With ``kam_reward_show_cost`` in the context (the Redeem dialog),
        the name says what the reward costs."""
        super()._compute_display_name()
        if not self.env.context.get("kam_reward_show_cost"):
            return
        Partner = self.env["res.partner"]
        for reward in self:
            reward.display_name = self.env._(
                "%(reward)s (%(points)s points)",
                reward=reward.name,
                points=Partner._kam_format_points(reward.points_cost),
            )

    @api.depends("line_ids")
    def _compute_redemption_count(self):
        groups = self.env["kam.points.line"]._read_group(
            [("reward_id", "in", self.ids), ("kind", "=", "redeem")],
            groupby=["reward_id"],
            aggregates=["__count"],
        )
        counts = {reward.id: count for reward, count in groups}
        for reward in self:
            reward.redemption_count = counts.get(reward.id, 0)

    def action_view_redemptions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_points_line_action"
        )
        action["domain"] = [("reward_id", "=", self.id)]
        action["context"] = {}
        return action
