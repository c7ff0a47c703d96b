from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import SQL, clean_context

from .kam_constants import KAM_POINTS_DIGITS, KAM_POINTS_KINDS
from .kam_write_guard import KAM_ENGINE


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

        # SQL: a balance (points minus their allocations) compared in the
        # query, which a plain domain cannot express.
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

    def _add_missing_default_values(self, values):
        # No context key decides what is booked: a line takes its values from
        # the entry point's arguments, never from default_* keys (Odoo drops
        # them when a call turns superuser, not when the caller already is).
        return super(
            KamPointsLine, self.with_context(clean_context(self.env.context))
        )._add_missing_default_values(values)

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
