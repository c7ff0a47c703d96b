from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_is_zero, float_round

from .kam_constants import KAM_POINTS_DIGITS, KAM_POINTS_KINDS


class KamPointsLine(models.Model):
    _inherit = "kam.points.line"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    @api.model
    def _kam_points_precision(self):
        """Decimal places of points (setting), between 0 and 2."""
        precision = self.env["res.partner"]._kam_get_param("points_precision")
        return min(max(precision, 0), KAM_POINTS_DIGITS[1])

    @api.model
    def _kam_round(self, points):
        return float_round(points or 0.0, precision_digits=self._kam_points_precision())

    @api.model
    def _kam_lock_balance(self, partner):
        """Lock the partner's row and return its stored balance.

        The lock conflicts with any concurrent transaction that posted a line
        for the same partner (they all UPDATE that row): under REPEATABLE READ
        the later one waits, then fails with a serialization error and is
        retried, seeing the new balance.
        """
        # SQL: a lock and an in-place balance UPDATE, which the ORM cannot do.
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(kam_points_balance, 0) FROM res_partner "
                "WHERE id = %s FOR NO KEY UPDATE",
                partner.id,
            )
        )
        return float(self.env.cr.fetchone()[0])

    @api.model
    def _kam_sources(self, partner, today, line_ids=None):
        """Positive lines of the partner with points left, FEFO order.

        :return: list of (line_id, remaining, expiry_date)
        """
        self.env["kam.points.allocation"].flush_model()
        self.flush_model()
        # SQL: balances (points left after the allocations) in exact numerics,
        # under the lock of the account.
        self.env.cr.execute(
            SQL(
                """
                SELECT line.id,
                       line.points - COALESCE(SUM(alloc.points), 0),
                       line.expiry_date
                  FROM kam_points_line AS line
             LEFT JOIN kam_points_allocation AS alloc
                       ON alloc.source_line_id = line.id
                 WHERE line.partner_id = %(partner)s
                   AND line.points > 0
                   AND (line.expiry_date IS NULL OR line.expiry_date >= %(today)s
                        OR line.id = ANY(%(line_ids)s))
                   AND (%(all)s OR line.id = ANY(%(line_ids)s))
              GROUP BY line.id
                HAVING line.points - COALESCE(SUM(alloc.points), 0) > 0
              ORDER BY line.expiry_date ASC NULLS LAST, line.id
                """,
                partner=partner.id,
                today=today,
                line_ids=list(line_ids or []),
                all=line_ids is None,
            )
        )
        return [(row[0], float(row[1]), row[2]) for row in self.env.cr.fetchall()]

    def _kam_prepare_post(self, vals):
        """Check and complete the values of one line, under the balance lock.

        :return: (commercial partner, [(source line id, points consumed)])
        """
        Partner = self.env["res.partner"].sudo()
        partner = Partner.browse(vals.get("partner_id")).exists()
        if not partner:
            raise UserError(self.env._("A points ledger line needs an account."))
        partner = partner.commercial_partner_id
        vals["partner_id"] = partner.id
        kind = vals.get("kind")
        if kind not in dict(KAM_POINTS_KINDS):
            raise UserError(self.env._("Unknown type of points ledger line."))
        precision = self._kam_points_precision()
        points = Partner._kam_points_argument(vals.get("points"))
        points = self._kam_round(points)
        if float_is_zero(points, precision_digits=precision):
            raise UserError(
                self.env._(
                    "The points of a ledger line cannot be zero (after rounding "
                    "to %(digits)s decimals).",
                    digits=precision,
                )
            )
        vals["points"] = points
        if kind == "adjust" and not (vals.get("note") or "").strip():
            raise UserError(
                self.env._("A manual adjustment needs a note explaining it.")
            )
        corrected = self.browse(vals.get("corrected_line_id") or []).sudo()
        if corrected and corrected.partner_id != partner:
            raise UserError(
                self.env._("A correction must be booked on the account it corrects.")
            )
        if corrected.corrected_line_id:
            raise UserError(
                self.env._(
                    "This line is itself a correction: correct the original line "
                    "with a new manual adjustment instead."
                )
            )
        if kind not in ("earn", "adjust") or points < 0:
            vals["expiry_date"] = False
        if "is_qualifying" not in vals:
            vals["is_qualifying"] = kind == "earn" or (
                kind == "adjust"
                and (not corrected or corrected.kind in ("earn", "adjust"))
            )

        balance = self._kam_lock_balance(partner)
        allocations = []
        if points < 0:
            allocations = self._kam_allocate(partner, -points, kind, vals, balance)
        return partner, allocations

    def _kam_book(self, partner, allocations):
        """Record what the new line consumed and move the partner's balance."""
        line = self
        if allocations:
            self.env["kam.points.allocation"].sudo().create(
                [
                    {
                        "line_id": line.id,
                        "source_line_id": source_id,
                        "partner_id": partner.id,
                        "points": amount,
                    }
                    for source_id, amount in allocations
                ]
            )
        # In SQL numerics, from the line as stored (rounded to its digits): no
        # Python float drift, whatever the size of the points.
        # SQL: balances moved in place (col = col + delta), under the lock.
        line.flush_recordset(["points"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner
                   SET kam_points_balance = COALESCE(kam_points_balance, 0)
                       + (SELECT points FROM kam_points_line WHERE id = %(line)s)
                 WHERE id = %(partner)s
                """,
                line=line.id,
                partner=partner.id,
            )
        )
        partner.invalidate_recordset(["kam_points_balance", "kam_qualifying_points"])
        partner.invalidate_model(["kam_account_points_balance"])
        return line

    def _kam_allocate(self, partner, amount, kind, vals, balance):
        """Which sources a negative line consumes, as [(source_id, points)]."""
        today = fields.Date.context_today(self)
        if float_compare(balance, amount, precision_digits=KAM_POINTS_DIGITS[1]) < 0:
            raise UserError(
                self.env._(
                    "%(account)s has %(balance)s points: %(points)s cannot be "
                    "redeemed or deducted.",
                    account=partner.display_name,
                    balance=self.env["res.partner"]._kam_format_points(balance),
                    points=self.env["res.partner"]._kam_format_points(amount),
                )
            )
        if kind == "expire":
            source = self.browse(vals.get("source_line_id") or []).sudo()
            if not source or source.partner_id != partner or source.points <= 0:
                raise UserError(
                    self.env._("An expiry line needs the earning it expires.")
                )
            sources = self._kam_sources(partner, today, line_ids=source.ids)
            remaining = sources[0][1] if sources else 0.0
            if float_compare(remaining, amount, precision_digits=2) != 0:
                raise UserError(
                    self.env._(
                        "Only the %(remaining)s points left of an earning can expire.",
                        remaining=remaining,
                    )
                )
            return [(source.id, amount)]
        corrected = self.browse(vals.get("corrected_line_id") or []).sudo()
        if corrected and corrected.points > 0:
            # The counter-entry of an earning takes back that earning's points.
            sources = self._kam_sources(partner, today, line_ids=corrected.ids)
            remaining = sources[0][1] if sources else 0.0
            if float_compare(remaining, amount, precision_digits=2) < 0:
                raise UserError(
                    self.env._(
                        "Only %(remaining)s of the %(points)s points of this line "
                        "are left: the rest was already redeemed or expired, so "
                        "the line cannot be corrected in full.",
                        remaining=self.env["res.partner"]._kam_format_points(remaining),
                        points=self.env["res.partner"]._kam_format_points(
                            corrected.points
                        ),
                    )
                )
            return [(corrected.id, amount)]
        result = []
        left = amount
        for source_id, remaining, _expiry in self._kam_sources(partner, today):
            take = min(remaining, left)
            result.append((source_id, float_round(take, precision_digits=2)))
            left = float_round(left - take, precision_digits=2)
            if float_is_zero(left, precision_digits=2):
                break
        if not float_is_zero(left, precision_digits=2):
            raise UserError(
                self.env._(
                    "%(account)s has not enough valid points: some of its points "
                    "have expired and are being removed.",
                    account=partner.display_name,
                )
            )
        return result
