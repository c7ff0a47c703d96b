from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_can_view_sales = fields.Boolean(
        string="Can View Sale Orders",
        compute="_compute_kam_can_view_sales",
        groups="base.group_user",
        help="Technical: the current user may open sale orders (the buttons "
        "that lead to the orders of the account are shown to them only).",
    )

    @api.depends_context("uid")
    def _compute_kam_can_view_sales(self):
        self.kam_can_view_sales = self.env.su or self.env.user.has_group(
            "sales_team.group_sale_salesman"
        )
