from odoo import api, models
from odoo.tools import float_round


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _kam_points_trigger(self):
        """When purchases earn points: "order" confirmation or "invoice" posting."""
        return self._kam_get_setting("sale_points_trigger")

    @api.model
    def _kam_sale_points_for(self, amount):
        """Points (before the tier multiplier) for an untaxed amount in
        company currency, rounded down to the points precision."""
        points = self._kam_sale_param("sale_points")
        per_amount = self._kam_sale_param("sale_points_amount")
        if points <= 0 or per_amount <= 0 or amount <= 0:
            return 0.0
        Line = self.env["kam.points.line"]
        return float_round(
            amount * points / per_amount,
            precision_digits=Line._kam_points_precision(),
            rounding_method="DOWN",
        )

    def _kam_earn_missing_points(self, points, net, origin, line_vals):
        """Earn what a document's ledger lines (``net``) are short of.

        ``points`` are before the tier multiplier, ``net`` in ledger points;
        ``line_vals`` name the document on the ledger line (a private
        parameter: no client context decides what is booked).
        Returns the earning, or an empty recordset when nothing is missing.
        """
        self.ensure_one()
        Line = self.env["kam.points.line"].sudo()
        multiplier = self._kam_points_multiplier()
        missing = Line._kam_round(Line._kam_round(points * multiplier) - net)
        if missing <= 0:
            return Line.browse()
        return self._kam_earn_points(missing / multiplier, origin, line_vals=line_vals)
