from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_is_zero, formatLang

from .kam_constants import KAM_POINTS_DIGITS, KAM_POINTS_ENGINE_FIELDS
from .kam_write_guard import KAM_ACCOUNT, KAM_ENGINE


# Kept apart from res_partner.py (the key-account archive), like Odoo's own
# addons split a model's extensions by feature.
class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Loyalty points and member levels
    # ------------------------------------------------------------------
    # The stored columns are created by the pre_init_hook; the balance is
    # only ever changed by SQL, in the transaction that writes a ledger line.
    kam_points_balance = fields.Float(
        string="Points Balance",
        digits=KAM_POINTS_DIGITS,
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Points available: the sum of the account's points ledger.",
    )
    kam_account_points_balance = fields.Float(
        related="commercial_partner_id.kam_points_balance",
        string="Account Points Balance",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_points_line_ids = fields.One2many(
        "kam.points.line",
        "partner_id",
        string="Points Ledger",
        readonly=True,
        groups="key_account_mgmt.group_kam_user",
    )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kam_check_points_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        merging = self._kam_is_merging()
        if merging:
            vals = self._kam_guard_strip_engine(vals)
        self._kam_check_points_fields(vals)
        result = super().write(vals)
        if merging:
            self._kam_reset_points_balance()
        return result

    def _kam_reset_points_balance(self):
        """Set the balance of these partners to the sum of their ledger."""
        self.env["kam.points.line"].flush_model()
        # SQL: balances, summed in exact numerics and set in one UPDATE.
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner AS partner
                   SET kam_points_balance = (
                        SELECT COALESCE(SUM(line.points), 0)
                          FROM kam_points_line AS line
                         WHERE line.partner_id = partner.id)
                 WHERE partner.id = ANY(%s)
                """,
                self.ids,
            )
        )
        self.invalidate_recordset(["kam_points_balance"])
        # Only partners with a ledger or a level have a level to recompute:
        # merging two partners without points must not set (and track) one.
        # SQL: EXISTS over the ledger and a column in one query (merge only).
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id
                  FROM res_partner AS partner
                 WHERE partner.id = ANY(%(ids)s)
                   AND (partner.kam_member_level_id IS NOT NULL
                        OR EXISTS (SELECT 1 FROM kam_points_line AS line
                                    WHERE line.partner_id = partner.id))
                """,
                ids=self.ids,
            )
        )
        with_points = self.browse([row[0] for row in self.env.cr.fetchall()])
        if with_points:
            self._kam_recompute_member_levels(with_points)

    @api.model
    def _kam_write_rules(self):
        rules = super()._kam_write_rules()
        rules.update(dict.fromkeys(KAM_POINTS_ENGINE_FIELDS, KAM_ENGINE))
        rules["kam_points_balance"] = KAM_ENGINE
        # A referral pays the referrer: only whoever manages the referred
        # account may name its referrer.
        rules["kam_referred_by_id"] = KAM_ACCOUNT
        return rules

    @api.model
    def _kam_check_points_fields(self, vals):
        # Not even the superuser: the balance is the sum of the ledger.
        if "kam_points_balance" in vals:
            raise UserError(
                self.env._(
                    "The points balance is the sum of the points ledger: earn, "
                    "redeem or adjust points instead of changing it."
                )
            )

    def _kam_format_points(self, points):
        """Points as the user reads them: 6,400 or 12.50 (emails, reports)."""
        precision = self.env["kam.points.line"]._kam_points_precision()
        digits = (
            0 if float_is_zero(points % 1, precision_digits=precision) else precision
        )
        return formatLang(self.env, points or 0.0, digits=digits)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_view_points(self):
        self.ensure_one()
        account = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_points_line_action"
        )
        action["domain"] = [("partner_id", "=", account.id)]
        action["context"] = {"search_default_partner_id": account.id}
        action["display_name"] = self.env._(
            "Points of %(account)s", account=account.display_name
        )
        return action

    def action_kam_redeem_points(self):
        self.ensure_one()
        account = self.commercial_partner_id
        account._kam_check_points_access("redeem")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Redeem Points"),
            "res_model": "kam.points.redeem.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": account.id},
        }

    def action_kam_adjust_points(self):
        self.ensure_one()
        account = self.commercial_partner_id
        account._kam_check_points_access("adjust")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Adjust Points"),
            "res_model": "kam.points.adjust.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": account.id},
        }

    # ------------------------------------------------------------------
    # Health signal: points activity
    # ------------------------------------------------------------------
    @api.model
    def _kam_score_signals(self):
        return [
            *super()._kam_score_signals(),
            {
                "method": "_kam_signal_points",
                "signals": {
                    "points": {
                        "label": self.env._("Points activity"),
                        "weight_param": "health_weight_points",
                        "describe": lambda values: self.env._(
                            "Points movements in the last 6 months: %(count)s",
                            count=values.get("recent", 0),
                        ),
                    },
                },
            },
        ]

    @api.model
    def _kam_signal_points(self, partner_ids, today):
        """Points earned or redeemed in the last 6 months.

        No movement scores 30, each movement adds 10 to a base of 60 up to 100.
        Accounts that never had points are left out.
        """
        if "kam.points.line" not in self.env:
            return {}
        self.env["kam.points.line"].flush_model()
        # SQL: a filtered count next to the accounts with any line, in the one
        # query per signal the scores job allows (_read_group needs two).
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       COUNT(*) FILTER (WHERE line.kind IN ('earn', 'redeem')
                                        AND line.date >= %(since)s)
                  FROM kam_points_line AS line
                  JOIN res_partner AS partner ON partner.id = line.partner_id
                 WHERE partner.commercial_partner_id = ANY(%(ids)s)
              GROUP BY partner.commercial_partner_id
                """,
                since=today - relativedelta(months=6),
                ids=list(partner_ids),
            )
        )
        return {
            partner_id: {
                "points": {
                    "score": min(100, 60 + 10 * recent) if recent else 30,
                    "values": {"recent": recent},
                }
            }
            for partner_id, recent in self.env.cr.fetchall()
        }
