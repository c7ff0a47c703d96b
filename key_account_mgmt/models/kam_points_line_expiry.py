from odoo import api, fields, models
from odoo.tools import SQL, float_is_zero

from .kam_points_line import KamPointsLine as KamPointsLedger


class KamPointsLine(models.Model):
    _inherit = "kam.points.line"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Expiry
    # ------------------------------------------------------------------
    @api.model
    def _kam_expired_sources(self, today, partner_ids=None, limit=None):
        """Earnings past their expiry date with points left and no expiry line.

        :return: list of (line_id, partner_id)
        """
        self.env["kam.points.allocation"].flush_model()
        self.flush_model()
        # SQL: balances (points left after the allocations, HAVING, exact
        # numerics) of every earning at once, picked by the query itself.
        self.env.cr.execute(
            SQL(
                """
                SELECT line.id, line.partner_id
                  FROM kam_points_line AS line
             LEFT JOIN kam_points_allocation AS alloc
                       ON alloc.source_line_id = line.id
                 WHERE line.points > 0
                   AND line.expiry_date < %(today)s
                   AND (%(all)s OR line.partner_id = ANY(%(partner_ids)s))
                   AND NOT EXISTS (
                        SELECT 1 FROM kam_points_line AS expired
                         WHERE expired.source_line_id = line.id
                           AND expired.kind = 'expire')
              GROUP BY line.id
                HAVING line.points - COALESCE(SUM(alloc.points), 0) > 0
              ORDER BY line.expiry_date, line.id
                 %(limit)s
                """,
                today=today,
                all=partner_ids is None,
                partner_ids=list(partner_ids or []),
                limit=SQL("LIMIT %s", limit) if limit else SQL(),
            )
        )
        return self.env.cr.fetchall()

    @api.model
    def _kam_expire_sources(self, source_ids):
        """Write one expiry line for what is left of each of these earnings.

        A whole batch costs a constant number of queries: one lock on the
        accounts, one read of what is left, the INSERTs of the lines and of
        what they consume, one UPDATE of the balances.
        """
        Line = self.sudo()
        sources = Line.browse(source_ids).exists()
        if not sources:
            return Line.browse()
        partner_ids = sorted(set(sources.partner_id.ids))
        # Lock the balances of the accounts (in a fixed order: no deadlock).
        # SQL: row locks (FOR NO KEY UPDATE), which the ORM does not take.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_partner WHERE id = ANY(%s) "
                "ORDER BY id FOR NO KEY UPDATE",
                partner_ids,
            )
        )
        self.env["kam.points.allocation"].flush_model()
        Line.flush_model()
        # What is left of each earning that has no expiry line yet.
        # SQL: balances in exact numerics, under the lock taken above.
        self.env.cr.execute(
            SQL(
                """
                SELECT line.id, line.points - COALESCE(SUM(alloc.points), 0)
                  FROM kam_points_line AS line
             LEFT JOIN kam_points_allocation AS alloc
                       ON alloc.source_line_id = line.id
                 WHERE line.id = ANY(%(ids)s)
                   AND line.points > 0
                   AND NOT EXISTS (
                        SELECT 1 FROM kam_points_line AS expired
                         WHERE expired.source_line_id = line.id
                           AND expired.kind = 'expire')
              GROUP BY line.id
                """,
                ids=sources.ids,
            )
        )
        rows = self.env.cr.fetchall()
        # After the fetch: reading the precision may query (cold cache) and
        # would replace the cursor's result.
        precision = self._kam_points_precision()
        left = {}
        for line_id, remaining in rows:
            points = self._kam_round(float(remaining))
            if not float_is_zero(points, precision_digits=precision) and points > 0:
                left[line_id] = points
        if not left:
            return Line.browse()
        expiring = sources.filtered(lambda source: source.id in left)
        vals_list = [
            {
                "partner_id": source.partner_id.id,
                "kind": "expire",
                "points": -left[source.id],
                "source_line_id": source.id,
                "expiry_date": False,
                "is_qualifying": False,
                "origin": self.env._(
                    "Expiry of %(origin)s", origin=source.origin or source.date
                ),
                "company_id": source.company_id.id,
            }
            for source in expiring
        ]
        # The checks of create() one line at a time are not needed here: each
        # line takes exactly what is left of its earning, under the lock, and
        # the consumptions and balances are booked below for the whole batch.
        # (past the create() of kam_points_line.py, the ledger's base class)
        created = super(KamPointsLedger, Line).create(  # pylint: disable=super-method-mismatch
            vals_list
        )
        self.env["kam.points.allocation"].sudo().create(
            [
                {
                    "line_id": line.id,
                    "source_line_id": line.source_line_id.id,
                    "partner_id": line.partner_id.id,
                    "points": -line.points,
                }
                for line in created
            ]
        )
        # The balances move by the lines as stored, in SQL numerics.
        # SQL: balances moved in place (col = col + delta) in one UPDATE.
        created.flush_recordset(["points"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner AS partner
                   SET kam_points_balance =
                       COALESCE(partner.kam_points_balance, 0) + delta.points
                  FROM (SELECT partner_id AS id, SUM(points) AS points
                          FROM kam_points_line
                         WHERE id = ANY(%(ids)s)
                      GROUP BY partner_id) AS delta
                 WHERE partner.id = delta.id
                """,
                ids=created.ids,
            )
        )
        partners = created.partner_id
        partners.invalidate_recordset(["kam_points_balance", "kam_qualifying_points"])
        self.env["res.partner"].invalidate_model(["kam_account_points_balance"])
        return created

    @api.model
    def _cron_kam_points_expiry(self, batch_size=500):
        """Expire what is left of earnings past their expiry date, in batches."""
        today = fields.Date.context_today(self)
        # The remaining count costs a query: only in a cron run.
        in_cron = bool(self.env.context.get("cron_id"))
        while True:
            rows = self._kam_expired_sources(today, limit=batch_size)
            if not rows:
                break
            if not self._kam_expire_sources([row[0] for row in rows]):
                break
            more = self._kam_expired_sources(today, limit=1) if in_cron else ()
            if self.env["ir.cron"]._kam_commit_progress(len(rows), len(more)) <= 0:
                break
            if len(rows) < batch_size:
                break
