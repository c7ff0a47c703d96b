from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kam_points_line_ids = fields.One2many(
        "kam.points.line",
        "sale_order_id",
        string="Points Lines",
        readonly=True,
        groups="key_account_mgmt.group_kam_user",
    )
    kam_points = fields.Float(
        string="Points Earned",
        compute="_compute_kam_points",
        digits=(16, 2),
        groups="key_account_mgmt.group_kam_user",
        help="Points the order earned for its key account, net of the counter-entries.",
    )

    @api.depends("kam_points_line_ids.points")
    def _compute_kam_points(self):
        groups = (
            self.env["kam.points.line"]
            .sudo()
            ._read_group(
                [("sale_order_id", "in", self.ids)],
                groupby=["sale_order_id"],
                aggregates=["points:sum"],
            )
        )
        points = {order.id: total for order, total in groups}
        for order in self:
            order.kam_points = points.get(order.id, 0.0)

    def action_confirm(self):
        result = super().action_confirm()
        self._kam_after_confirm()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self._kam_after_cancel()
        return result

    def action_kam_view_points(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_points_line_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {}
        return action

    # ------------------------------------------------------------------
    # Key accounts: sales figures, points and referrals
    # ------------------------------------------------------------------
    def _kam_accounts(self):
        return self.sudo().partner_id.commercial_partner_id

    def _kam_after_confirm(self):
        """Keep the accounts' figures current, earn points, award referrals."""
        accounts = self._kam_accounts()
        if not accounts:
            return
        Partner = self.env["res.partner"].sudo()
        Partner._kam_refresh_sales_figures(accounts.ids)
        if Partner._kam_points_trigger() == "order":
            self._kam_earn_points()
        trigger = Partner._kam_get_setting("referral_trigger")
        if trigger == "first_sale":
            accounts.filtered(
                lambda p: p.kam_referred_by_id and not p.kam_referral_awarded
            )._kam_award_referral()

    def _kam_after_cancel(self):
        """Keep the accounts' figures current and take the points back."""
        accounts = self._kam_accounts()
        if not accounts:
            return
        self.env["res.partner"].sudo()._kam_refresh_sales_figures(accounts.ids)
        self._kam_reverse_points()

    def _kam_points_amount(self):
        """Untaxed amount of the order in its company's currency."""
        self.ensure_one()
        if self.currency_id == self.company_id.currency_id or not self.currency_rate:
            return self.amount_untaxed
        return self.company_id.currency_id.round(
            self.amount_untaxed / self.currency_rate
        )

    def _kam_earn_points(self):
        """Earn the points of confirmed orders of key accounts, once.

        An order earns what its ledger lines are short of its points: nothing
        while it has them, and after a cancellation took some back, only what
        was taken back (points redeemed before the cancellation stay counted).
        """
        Line = self.env["kam.points.line"].sudo()
        lines = Line.browse()
        Partner = self.env["res.partner"].sudo()
        if not Partner._kam_sale_points_for(1e9):
            return lines
        orders = self.sudo().filtered(
            lambda o: (
                o.state == "sale"
                and o.partner_id.commercial_partner_id.is_key_account
                and o.amount_untaxed > 0
            )
        )
        if not orders:
            return lines
        net = {
            order.id: points
            for order, points in Line._read_group(
                [("sale_order_id", "in", orders.ids)],
                ["sale_order_id"],
                ["points:sum"],
            )
        }
        # Orders whose invoices earned (the trigger was invoice posting then)
        # do not earn a second time.
        earned = orders.invoice_ids._kam_open_earnings().account_move_id.mapped(
            "invoice_line_ids.sale_line_ids.order_id"
        )
        for order in orders - earned:
            account = order.partner_id.commercial_partner_id
            points = Partner._kam_sale_points_for(order._kam_points_amount())
            lines |= account._kam_earn_missing_points(
                points,
                net.get(order.id, 0.0),
                order.name,
                {"sale_order_id": order.id},
            )
        return lines

    def _kam_open_earnings(self):
        """Earnings of these orders that no counter-entry took back yet."""
        return (
            self.env["kam.points.line"]
            .sudo()
            .search(
                [
                    ("sale_order_id", "in", self.ids),
                    ("kind", "=", "earn"),
                    ("correction_line_ids", "=", False),
                ]
            )
        )

    def _kam_reverse_points(self):
        """Counter-entries of the points these orders earned."""
        earnings = self._kam_open_earnings()
        return earnings._kam_counter_entries(
            lambda line: self.env._(
                "Order %(order)s cancelled", order=line.sale_order_id.name
            ),
        )
