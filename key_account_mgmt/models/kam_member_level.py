from odoo import api, fields, models

from .kam_constants import KAM_POINTS_DIGITS


class KamMemberLevel(models.Model):
    _name = "kam.member.level"
    _inherit = ["kam.write.guard"]
    _description = "Member Level"
    _order = "min_points, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    min_points = fields.Float(
        string="Qualifying Points",
        digits=KAM_POINTS_DIGITS,
        help="Points an account must earn over the last 12 months to reach this level.",
    )
    color = fields.Integer()
    benefits = fields.Html(translate=True)
    partner_ids = fields.One2many(
        "res.partner", "kam_member_level_id", string="Members", readonly=True
    )
    partner_count = fields.Integer(
        string="Number of Members",
        compute="_compute_partner_count",
        # Counting reads the partners' levels, a key-account field.
        groups="key_account_mgmt.group_kam_user",
    )

    _check_min_points = models.Constraint(
        "CHECK(min_points >= 0)", "The qualifying points cannot be negative."
    )

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        groups = self.env["res.partner"]._read_group(
            [("kam_member_level_id", "in", self.ids)],
            groupby=["kam_member_level_id"],
            aggregates=["__count"],
        )
        counts = {level.id: count for level, count in groups}
        for level in self:
            level.partner_count = counts.get(level.id, 0)

    @api.model
    def _kam_level_for(self, points, levels):
        """The level of ``levels`` (ordered by min_points) that points reach."""
        result = self.browse()
        for level in levels:
            if points >= level.min_points:
                result = level
        return result

    def action_view_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.res_partner_action_key_accounts"
        )
        action["domain"] = [("kam_member_level_id", "=", self.id)]
        action["context"] = {}
        return action
