from odoo import fields, models


class KamPointsLine(models.Model):
    _inherit = "kam.points.line"

    sale_order_id = fields.Many2one(
        "sale.order",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The sale order whose confirmation earned the points, or whose "
        "cancellation took them back.",
    )
    account_move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The customer invoice whose posting earned the points, or whose "
        "reset or credit note took them back.",
    )

    def _kam_counter_entries(self, note):
        """Take back these earnings with one counter-entry each.

        Points of an earning already redeemed or expired cannot come back:
        the counter-entry takes what is left of it, and the account's chatter
        says how many points could not be taken back. Never raises, so that
        cancelling an order or an invoice is never blocked by its points.

        :param note: callable(line) -> str, the note of the counter-entry
        """
        Line = self.env["kam.points.line"].sudo()
        created = Line.browse()
        for line in self.sudo():
            account = line.partner_id
            Line._kam_lock_balance(account)
            remaining = line.remaining
            if remaining <= 0:
                lost = line.points
            else:
                lost = line.points - remaining
                created |= Line.create(
                    {
                        # The counter-entry names the document of the earning.
                        "sale_order_id": line.sale_order_id.id,
                        "account_move_id": line.account_move_id.id,
                        "partner_id": account.id,
                        "kind": "adjust",
                        "points": -remaining,
                        "note": note(line),
                        "origin": self.env._(
                            "Correction of %(line)s", line=line.display_name
                        ),
                        "corrected_line_id": line.id,
                        "company_id": line.company_id.id,
                    }
                )
            if Line._kam_round(lost) > 0:
                account.message_post(
                    body=self.env._(
                        "%(points)s points of %(origin)s were already redeemed or "
                        "expired and could not be taken back.",
                        points=account._kam_format_points(Line._kam_round(lost)),
                        origin=line.origin,
                    ),
                    subtype_xmlid="mail.mt_note",
                )._kam_restrict()
        if created:
            self.env["res.partner"]._kam_recompute_member_levels(created.partner_id)
        return created
