from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, float_compare, float_is_zero, float_round

from .kam_write_guard import KAM_ENGINE

# Points are stored with two decimals; the precision setting rounds to at
# most that many.
KAM_POINTS_DIGITS = (16, 2)
# Most points one ledger line may move: far below what the column holds, so
# that no sum of lines overflows it.
KAM_POINTS_MAX = 1_000_000_000
KAM_POINTS_KINDS = [
    ("earn", "Earned"),
    ("redeem", "Redeemed"),
    ("expire", "Expired"),
    ("adjust", "Adjustment"),
]


class KamPointsLine(models.Model):
    """One line of the append-only loyalty points ledger.

    A line is never written nor deleted once created: a mistake is corrected
    by a counter-entry (an adjustment that references the corrected line).
    Earned points (and positive adjustments) are the sources that later
    redemptions, expiries and negative adjustments consume; what they consume
    is recorded as ``kam.points.allocation`` rows, so the remaining points of
    an earning are computed, never written on the line.

    Every line updates the stored balance of its partner in the same
    transaction (see ``create``): the partner's row is the lock that keeps
    two concurrent redemptions from spending the same points.
    """

    _name = "kam.points.line"
    _inherit = ["kam.write.guard"]
    _description = "Loyalty Points Ledger Line"
    _order = "id desc"
    _rec_names_search = ["origin", "partner_id"]

    partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        help="The commercial partner whose balance the line moves.",
    )
    date = fields.Date(
        required=True,
        readonly=True,
        index=True,
        default=fields.Date.context_today,
    )
    points = fields.Float(
        required=True,
        readonly=True,
        digits=KAM_POINTS_DIGITS,
        help="Signed points: positive when the account gets points, negative "
        "when it spends or loses them.",
    )
    kind = fields.Selection(
        KAM_POINTS_KINDS, required=True, readonly=True, index=True, string="Type"
    )
    origin = fields.Char(
        readonly=True, help="What the points are for: a sale order, a referral..."
    )
    expiry_date = fields.Date(
        string="Expires On",
        readonly=True,
        help="Earned points are valid up to and including this day.",
    )
    reward_id = fields.Many2one("kam.reward", readonly=True, ondelete="restrict")
    note = fields.Text(readonly=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        readonly=True,
        index=True,
        default=lambda self: self.env.company,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        readonly=True,
        default=lambda self: self.env.user,
    )
    corrected_line_id = fields.Many2one(
        "kam.points.line",
        string="Corrects",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="The ledger line this counter-entry corrects.",
    )
    correction_line_ids = fields.One2many(
        "kam.points.line", "corrected_line_id", string="Corrected By", readonly=True
    )
    source_line_id = fields.Many2one(
        "kam.points.line",
        string="Expired Earning",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
        help="On an expiry line, the earning whose remaining points expired.",
    )
    is_qualifying = fields.Boolean(
        string="Qualifying",
        readonly=True,
        help="The points count for the member level (earnings and manual "
        "adjustments, not the restoring of spent or expired points).",
    )
    allocation_ids = fields.One2many(
        "kam.points.allocation",
        "line_id",
        string="Consumed Points",
        readonly=True,
    )
    source_allocation_ids = fields.One2many(
        "kam.points.allocation",
        "source_line_id",
        string="Consumed By",
        readonly=True,
    )
    remaining = fields.Float(
        string="Remaining Points",
        digits=KAM_POINTS_DIGITS,
        compute="_compute_remaining",
        help="Points of this earning not yet redeemed, expired or adjusted away.",
    )
    has_remaining = fields.Boolean(
        string="Points Left",
        compute="_compute_remaining",
        search="_search_has_remaining",
        help="Earnings with points not yet redeemed, expired or adjusted away.",
    )
    is_corrected = fields.Boolean(string="Corrected", compute="_compute_is_corrected")

    _check_points_sign = models.Constraint(
        "CHECK((kind = 'earn' AND points > 0)"
        " OR (kind IN ('redeem', 'expire') AND points < 0)"
        " OR (kind = 'adjust' AND points <> 0))",
        "Earned points must be positive, redeemed and expired points negative, "
        "and an adjustment cannot be zero.",
    )
    _check_adjust_note = models.Constraint(
        "CHECK(kind <> 'adjust' OR (note IS NOT NULL AND btrim(note) <> ''))",
        "A manual adjustment needs a note explaining it.",
    )
    _corrected_line_uniq = models.UniqueIndex(
        "(corrected_line_id) WHERE corrected_line_id IS NOT NULL",
        "A ledger line can be corrected only once.",
    )
    _expired_source_uniq = models.UniqueIndex(
        "(source_line_id) WHERE kind = 'expire'",
        "The points of an earning expire only once.",
    )
    _expiry_idx = models.Index("(expiry_date, partner_id) WHERE points > 0")

    @api.depends("points", "source_allocation_ids.points")
    def _compute_remaining(self):
        positive = self.filtered(lambda line: line.id and line.points > 0)
        consumed = dict(
            self.env["kam.points.allocation"]
            .sudo()
            ._read_group(
                [("source_line_id", "in", positive.ids)],
                groupby=["source_line_id"],
                aggregates=["points:sum"],
            )
        )
        for line in self:
            if line in positive:
                line.remaining = line.points - consumed.get(line, 0.0)
            else:
                line.remaining = 0.0
            line.has_remaining = line.remaining > 0

    def _search_has_remaining(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        wanted = (operator == "in") == (True in value)

        def to_sql(model, alias, query):
            condition = SQL(
                """%(line)s.points > COALESCE((
                        SELECT SUM(alloc.points) FROM kam_points_allocation AS alloc
                         WHERE alloc.source_line_id = %(line)s.id), 0)""",
                line=SQL.identifier(alias),
            )
            return condition if wanted else SQL("NOT (%s)", condition)

        return Domain.custom(to_sql=to_sql)

    @api.depends("correction_line_ids")
    def _compute_is_corrected(self):
        for line in self:
            line.is_corrected = bool(line.correction_line_ids)

    @api.depends("kind", "origin", "points")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for line in self:
            label = line.origin or kinds.get(line.kind) or ""
            line.display_name = f"{label} ({line.points:+g})" if line.kind else label

    # ------------------------------------------------------------------
    # CRUD: append only
    # ------------------------------------------------------------------
    @api.model
    def _kam_write_rules(self):
        # Every stored field of a ledger line is the points engine's: lines
        # are posted by the entry points (kam_earn_points, ...), as the engine.
        rules = super()._kam_write_rules()
        rules.update(
            {
                fname: KAM_ENGINE
                for fname, field in self._fields.items()
                if field.store and fname not in models.MAGIC_COLUMNS
            }
        )
        return rules

    @api.model_create_multi
    def create(self, vals_list):
        self._kam_guard_check_create(vals_list)
        # One line at a time: each locks its partner's balance, checks it,
        # records what it consumes and moves the balance.
        lines = self.browse()
        for vals in vals_list:
            vals = dict(vals)
            partner, allocations = self._kam_prepare_post(vals)
            line = super().create([vals])
            line._kam_book(partner, allocations)
            lines |= line
        return lines

    # Append only: no change, no deletion, for anyone (superuser included).
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            self.env._(
                "Points ledger lines cannot be changed. To correct a line, "
                "record a counter-entry with the Correct action."
            )
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_ledger_line(self):
        raise UserError(
            self.env._(
                "Points ledger lines cannot be deleted. To correct a line, "
                "record a counter-entry with the Correct action."
            )
        )

    def copy(self, default=None):  # pylint: disable=method-required-super
        raise UserError(self.env._("Points ledger lines cannot be duplicated."))

    # ------------------------------------------------------------------
    # Posting
    # ------------------------------------------------------------------
    @api.model
    def _kam_points_precision(self):
        """Decimal places of points (setting), between 0 and 2."""
        precision = self.env["res.partner"]._kam_get_param(
            "points_precision", KAM_POINTS_DIGITS[1]
        )
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
        precision = self._kam_points_precision()
        left = {}
        for line_id, remaining in self.env.cr.fetchall():
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
        created = super(KamPointsLine, Line).create(  # pylint: disable=super-method-mismatch
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
        in_cron = bool(self.env.context.get("cron_id"))
        while True:
            rows = self._kam_expired_sources(today, limit=batch_size)
            if not rows:
                break
            if not self._kam_expire_sources([row[0] for row in rows]):
                break
            if in_cron:
                more = self._kam_expired_sources(today, limit=1)
                if (
                    self.env["ir.cron"]._commit_progress(len(rows), remaining=len(more))
                    <= 0
                ):
                    break
            if len(rows) < batch_size:
                break

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_correct(self):
        """Open the adjustment wizard to book the counter-entry of this line."""
        self.ensure_one()
        if self.correction_line_ids:
            raise UserError(self.env._("This line has already been corrected."))
        if self.corrected_line_id:
            raise UserError(
                self.env._(
                    "This line is itself a correction: correct the original line "
                    "with a new manual adjustment instead."
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct Ledger Line"),
            "res_model": "kam.points.adjust.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_corrected_line_id": self.id,
            },
        }
