from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        if self.env["res.partner"]._kam_points_trigger() == "invoice":
            posted._kam_earn_invoice_points()
            posted._kam_refund_invoice_points()
        return posted

    def button_draft(self):
        posted = self.filtered(lambda move: move.state == "posted")
        result = super().button_draft()
        posted._kam_reverse_invoice_points()
        return result

    # ------------------------------------------------------------------
    # Key accounts: points on invoice posting (setting)
    # ------------------------------------------------------------------
    def _kam_sale_invoices(self, move_type="out_invoice"):
        """Customer invoices of sale orders of key accounts."""
        return self.sudo().filtered(
            lambda move: (
                move.move_type == move_type
                and move.state == "posted"
                and move.partner_id.commercial_partner_id.is_key_account
                and move.invoice_line_ids.sale_line_ids
            )
        )

    def _kam_open_earnings(self):
        return (
            self.env["kam.points.line"]
            .sudo()
            .search(
                [
                    ("account_move_id", "in", self.ids),
                    ("kind", "=", "earn"),
                    ("correction_line_ids", "=", False),
                ]
            )
        )

    def _kam_earn_invoice_points(self):
        """Earn the points of posted invoices of sale orders, once each.

        Like orders, an invoice earns what its ledger lines are short of.
        """
        Partner = self.env["res.partner"].sudo()
        Line = self.env["kam.points.line"].sudo()
        lines = Line.browse()
        invoices = self._kam_sale_invoices()
        if not invoices:
            return lines
        net = {
            move.id: points
            for move, points in Line._read_group(
                [("account_move_id", "in", invoices.ids)],
                ["account_move_id"],
                ["points:sum"],
            )
        }
        # Invoices of orders that earned on confirmation (the trigger was
        # order confirmation then) do not earn a second time.
        orders_earned = (
            invoices.invoice_line_ids.sale_line_ids.order_id._kam_open_earnings()
        ).sale_order_id
        for invoice in invoices:
            if invoice.invoice_line_ids.sale_line_ids.order_id & orders_earned:
                continue
            account = invoice.partner_id.commercial_partner_id
            points = Partner._kam_sale_points_for(invoice.amount_untaxed_signed)
            lines |= account._kam_earn_missing_points(
                points,
                net.get(invoice.id, 0.0),
                invoice.name,
                {"account_move_id": invoice.id},
            )
        return lines

    def _kam_reverse_invoice_points(self):
        """Counter-entries of the points of invoices reset to draft."""
        return self._kam_open_earnings()._kam_counter_entries(
            lambda line: self.env._(
                "Invoice %(invoice)s reset to draft", invoice=line.account_move_id.name
            )
        )

    def _kam_refund_invoice_points(self):
        """A credit note that reverses a whole invoice takes its points back."""
        refunds = self._kam_sale_invoices("out_refund").filtered(
            lambda move: (
                move.reversed_entry_id
                and move.currency_id.compare_amounts(
                    move.amount_untaxed, move.reversed_entry_id.amount_untaxed
                )
                >= 0
            )
        )
        created = self.env["kam.points.line"]
        for refund in refunds:
            created |= (
                refund.reversed_entry_id._kam_open_earnings()._kam_counter_entries(
                    lambda line, refund=refund: self.env._(
                        "Credit note %(refund)s", refund=refund.name
                    )
                )
            )
        return created
