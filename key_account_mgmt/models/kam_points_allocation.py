from odoo import api, fields, models
from odoo.exceptions import UserError

from .kam_constants import KAM_POINTS_DIGITS


class KamPointsAllocation(models.Model):
    """Which earning a redemption, expiry or deduction consumed, and how much.

    Like the ledger lines, allocations are append-only: the remaining points of
    an earning are its points minus the sum of its allocations.
    """

    _name = "kam.points.allocation"
    _description = "Loyalty Points Consumption"
    _order = "id"

    line_id = fields.Many2one(
        "kam.points.line",
        string="Consuming Line",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    source_line_id = fields.Many2one(
        "kam.points.line",
        string="Consumed Earning",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Account", required=True, readonly=True, index=True
    )
    points = fields.Float(required=True, readonly=True, digits=KAM_POINTS_DIGITS)
    source_expiry_date = fields.Date(
        related="source_line_id.expiry_date", string="Earning Expires On"
    )

    _check_points_positive = models.Constraint(
        "CHECK(points > 0)", "A consumption of points must be positive."
    )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(self.env._("Points consumptions cannot be changed."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_consumption(self):
        raise UserError(self.env._("Points consumptions cannot be deleted."))
