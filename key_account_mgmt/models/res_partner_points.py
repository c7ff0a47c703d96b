import math
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, float_is_zero, formatLang

from .kam_points_line import KAM_POINTS_DIGITS, KAM_POINTS_MAX
from .kam_write_guard import KAM_ACCOUNT, KAM_ENGINE

# Settings of the loyalty points (ir.config_parameter keys
# "key_account_mgmt.<name>") with their defaults.
KAM_POINTS_DEFAULTS = {
    "points_precision": 2,
    "points_validity_months": 24,
    "referral_points": 100,
}
KAM_REFERRAL_TRIGGERS = [
    ("key_account", "Marked as key account"),
    ("first_sale", "First confirmed sale"),
]
# Months over which the qualifying points of the member level are counted.
KAM_LEVEL_MONTHS = 12
# Partner fields that only the points engine writes (by SQL or as superuser).
KAM_POINTS_ENGINE_FIELDS = ("kam_member_level_id", "kam_referral_awarded")


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
    kam_member_level_id = fields.Many2one(
        "kam.member.level",
        string="Member Level",
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
        groups="key_account_mgmt.group_kam_user",
        help="Follows the qualifying points earned over the last 12 months.",
    )
    kam_member_level_color = fields.Integer(
        related="kam_member_level_id.color",
        string="Member Level Colour",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_qualifying_points = fields.Float(
        string="Qualifying Points (12 months)",
        digits=KAM_POINTS_DIGITS,
        compute="_compute_kam_qualifying_points",
        groups="key_account_mgmt.group_kam_user",
        help="Points earned (and manually adjusted) over the last 12 months; "
        "they set the member level.",
    )
    kam_points_line_ids = fields.One2many(
        "kam.points.line",
        "partner_id",
        string="Points Ledger",
        readonly=True,
        groups="key_account_mgmt.group_kam_user",
    )
    kam_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="set null",
        domain="[('is_key_account', '=', True), ('id', '!=', id)]",
        groups="key_account_mgmt.group_kam_user",
        help="The key account that referred this customer: it earns the "
        "referral points when this customer becomes a customer (see settings).",
    )
    kam_referral_awarded = fields.Boolean(
        string="Referral Points Awarded",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
    )

    @api.depends_context("uid")
    def _compute_kam_qualifying_points(self):
        since = fields.Date.context_today(self) - relativedelta(months=KAM_LEVEL_MONTHS)
        accounts = self.commercial_partner_id
        groups = (
            self.env["kam.points.line"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", accounts.ids),
                    ("is_qualifying", "=", True),
                    ("date", ">", since),
                ],
                groupby=["partner_id"],
                aggregates=["points:sum"],
            )
        )
        totals = {partner.id: total for partner, total in groups}
        for partner in self:
            partner.kam_qualifying_points = totals.get(
                partner.commercial_partner_id.id, 0.0
            )

    @api.constrains("kam_referred_by_id")
    def _check_kam_referred_by(self):
        for partner in self:
            referrer = partner.kam_referred_by_id
            if referrer and referrer.commercial_partner_id == (
                partner.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be referred by itself or by its own "
                        "company.",
                        partner=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kam_check_points_fields(vals)
        partners = super().create(vals_list)
        if any(vals.get("kam_referred_by_id") for vals in vals_list):
            partners._kam_referral_on_key_account()
        return partners

    def write(self, vals):
        merging = self._kam_is_merging()
        if merging:
            vals = self._kam_guard_strip_engine(vals)
        self._kam_check_points_fields(vals)
        result = super().write(vals)
        if merging:
            self._kam_reset_points_balance()
        if {"is_key_account", "kam_referred_by_id"} & vals.keys():
            self._kam_referral_on_key_account()
        return result

    def _kam_reset_points_balance(self):
        """Set the balance of these partners to the sum of their ledger."""
        self.env["kam.points.line"].flush_model()
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

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------
    def _kam_check_points_access(self, operation):
        """May the current user move the points of this account?

        Earning and redeeming: key-account managers, and the account's manager
        or backup. Adjusting: key-account managers only. Code that runs for
        other users (sales, automations) calls the entry points with sudo().
        """
        self.ensure_one()
        if self.env.su:
            return
        user = self.env.user
        if self._kam_is_kam_manager():
            return
        if operation == "adjust":
            raise AccessError(
                self.env._("Only key-account managers can adjust points by hand.")
            )
        if user.has_group(
            "key_account_mgmt.group_kam_user"
        ) and self._kam_is_managed_by(user):
            return
        raise AccessError(
            self.env._(
                "You cannot move the points of %(account)s: only its account "
                "manager, its backup or a key-account manager can.",
                account=self.sudo().display_name,
            )
        )

    @api.model
    def _kam_points_argument(self, points):
        """``points`` given to an entry point, as a float (0 for nothing).

        Refuses with a UserError what is no finite number within the ledger's
        bounds (NaN, infinity, text, lists, booleans...).
        """
        if points is None or points is False:
            return 0.0
        if isinstance(points, bool) or not isinstance(points, int | float):
            raise UserError(
                self.env._(
                    "Points must be a number, not %(value)s.", value=repr(points)[:50]
                )
            )
        if not math.isfinite(points) or abs(points) > KAM_POINTS_MAX:
            raise UserError(
                self.env._(
                    "Points must be a number between -%(max)s and %(max)s.",
                    max=self._kam_format_points(KAM_POINTS_MAX),
                )
            )
        return float(points)

    @api.model
    def _kam_expiry_argument(self, expiry_date):
        """``expiry_date`` given to an entry point: None (the default
        validity), False (never expires) or a date from today on."""
        if expiry_date is None or expiry_date is False:
            return expiry_date
        if not isinstance(expiry_date, str | date):
            raise UserError(
                self.env._(
                    "The expiry date must be a date, not %(value)s.",
                    value=repr(expiry_date)[:50],
                )
            )
        try:
            value = fields.Date.to_date(expiry_date)
        except (TypeError, ValueError):
            value = None
        if not value:
            raise UserError(
                self.env._(
                    "The expiry date %(value)s is not a date.",
                    value=repr(expiry_date)[:50],
                )
            )
        today = fields.Date.context_today(self)
        if value < today:
            raise UserError(
                self.env._(
                    "Points cannot be earned with an expiry date that has passed "
                    "(%(date)s).",
                    date=value,
                )
            )
        self.env["kam.write.guard"]._kam_check_date_bounds(
            value, self.env._("expiry date")
        )
        return value

    @api.model
    def _kam_origin_argument(self, origin):
        if origin in (None, False):
            return False
        if not isinstance(origin, str):
            raise UserError(
                self.env._(
                    "The origin of points must be a text, not %(value)s.",
                    value=repr(origin)[:50],
                )
            )
        return origin

    def _kam_points_multiplier(self):
        """The points multiplier of this account: its tier's (more than 0, a
        constraint of the tier), 1 for partners that are no key account.

        The one rule every earning (sales, referrals, automations) follows.
        """
        self.ensure_one()
        account = self.sudo().commercial_partner_id
        if account.is_key_account and account.kam_tier_id:
            return account.kam_tier_id.points_multiplier or 1.0
        return 1.0

    def _kam_points_company(self):
        self.ensure_one()
        return self.sudo().company_id or self.env.company

    def kam_earn_points(self, points, origin, expiry_date=None):
        """Credit points to the commercial partner; return the ledger line.

        The tier's points multiplier applies. ``expiry_date``: None for the
        default validity of the settings, False for points that never
        expire, or a date.
        """
        return self._kam_earn_points(points, origin, expiry_date=expiry_date)

    def _kam_earn_points(self, points, origin, expiry_date=None, line_vals=None):
        """kam_earn_points; ``line_vals``: further values of the ledger line
        (the document that earned the points), from in-process code only."""
        self.ensure_one()
        points = self._kam_points_argument(points)
        origin = self._kam_origin_argument(origin)
        expiry_date = self._kam_expiry_argument(expiry_date)
        account = self.commercial_partner_id
        account._kam_check_points_access("earn")
        account_sudo = account.sudo()
        Line = self.env["kam.points.line"].sudo()
        multiplier = account_sudo._kam_points_multiplier()
        amount = Line._kam_round((points or 0.0) * multiplier)
        if amount <= 0 or float_is_zero(
            amount, precision_digits=Line._kam_points_precision()
        ):
            raise UserError(self.env._("Earned points must be positive."))
        if expiry_date is None:
            months = self._kam_get_param(
                "points_validity_months", KAM_POINTS_DEFAULTS["points_validity_months"]
            )
            expiry_date = (
                fields.Date.context_today(self) + relativedelta(months=months)
                if months > 0
                else False
            )
        vals = {
            "partner_id": account.id,
            "kind": "earn",
            "points": amount,
            "origin": origin,
            "expiry_date": expiry_date or False,
            "company_id": account._kam_points_company().id,
            "user_id": self.env.uid,
            **(line_vals or {}),
        }
        if multiplier != 1.0:
            vals["note"] = self.env._(
                "%(points)s points × %(multiplier)s (tier %(tier)s)",
                points=self._kam_format_points(points),
                multiplier=multiplier,
                tier=account_sudo.kam_tier_id.name,
            )
        line = Line.create(vals)
        self._kam_recompute_member_levels(account)
        return line.with_env(self.env)

    def kam_redeem_points(self, points, origin, reward=None):
        """Spend points of the commercial partner; return the ledger line.

        Without points (0 or None) a reward costs its points cost. Redeeming
        more than the balance raises a UserError and writes nothing.
        """
        self.ensure_one()
        points = self._kam_points_argument(points)
        origin = self._kam_origin_argument(origin)
        account = self.commercial_partner_id
        account._kam_check_points_access("redeem")
        Line = self.env["kam.points.line"].sudo()
        Reward = self.env["kam.reward"]
        if isinstance(reward, int) and not isinstance(reward, bool):
            reward = Reward.browse(reward).exists()
            if not reward:
                raise UserError(self.env._("This reward does not exist."))
        elif reward in (None, False):
            reward = Reward
        elif not (
            isinstance(reward, models.BaseModel) and reward._name == Reward._name
        ):
            raise UserError(
                self.env._(
                    "The reward must be a reward, not %(value)s.",
                    value=repr(reward)[:50],
                )
            )
        reward = reward.sudo()
        if reward:
            reward.ensure_one()
            if not reward.active:
                raise UserError(
                    self.env._("The reward %(reward)s is archived.", reward=reward.name)
                )
            company = account._kam_points_company()
            if reward.company_id and reward.company_id != company:
                raise UserError(
                    self.env._(
                        "The reward %(reward)s is not offered by %(company)s.",
                        reward=reward.name,
                        company=company.name,
                    )
                )
            if not points:
                points = reward.points_cost
            origin = origin or reward.name
        amount = Line._kam_round(points or 0.0)
        if amount <= 0:
            raise UserError(self.env._("Redeemed points must be positive."))
        # Lock the balance, then remove the points that expired and are not
        # booked as such yet, so that the balance checked is the valid one.
        Line._kam_lock_balance(account)
        today = fields.Date.context_today(self)
        expired = Line._kam_expired_sources(today, partner_ids=account.ids)
        if expired:
            Line._kam_expire_sources([row[0] for row in expired])
        line = Line.create(
            {
                "partner_id": account.id,
                "kind": "redeem",
                "points": -amount,
                "origin": origin,
                "reward_id": reward.id,
                "company_id": account._kam_points_company().id,
                "user_id": self.env.uid,
            }
        )
        return line.with_env(self.env)

    def _kam_adjust_points(
        self, points, note, expiry_date=False, corrected_line=None, origin=None
    ):
        """Manual adjustment by a key-account manager (note required)."""
        self.ensure_one()
        points = self._kam_points_argument(points)
        account = self.commercial_partner_id
        account._kam_check_points_access("adjust")
        if expiry_date:
            expiry_date = self._kam_expiry_argument(expiry_date)
        if not isinstance(note, str) or not note.strip():
            raise UserError(
                self.env._("A manual adjustment needs a note explaining it.")
            )
        Line = self.env["kam.points.line"].sudo()
        corrected = (corrected_line or Line).sudo()
        if corrected:
            if corrected.partner_id != account:
                raise UserError(
                    self.env._(
                        "A correction must be booked on the account it corrects."
                    )
                )
            points = -corrected.points
            origin = origin or self.env._(
                "Correction of %(line)s", line=corrected.display_name
            )
            expiry_date = False
            if corrected.points < 0 and corrected.kind == "redeem":
                # Restored points keep the validity of the points they were.
                expiries = corrected.allocation_ids.source_line_id.mapped("expiry_date")
                if expiries and all(expiries):
                    expiry_date = max(expiries)
        Line._kam_lock_balance(account)
        if Line._kam_round(points) < 0:
            expired = Line._kam_expired_sources(
                fields.Date.context_today(self), partner_ids=account.ids
            )
            if expired:
                Line._kam_expire_sources([row[0] for row in expired])
        line = Line.create(
            {
                "partner_id": account.id,
                "kind": "adjust",
                "points": points,
                "note": note,
                "origin": origin or self.env._("Manual adjustment"),
                "expiry_date": expiry_date or False,
                "corrected_line_id": corrected.id,
                "company_id": account._kam_points_company().id,
                "user_id": self.env.uid,
            }
        )
        self._kam_recompute_member_levels(account)
        return line.with_env(self.env)

    # ------------------------------------------------------------------
    # Referral
    # ------------------------------------------------------------------
    def _kam_referral_on_key_account(self):
        """Award the referral of the partners that just became key accounts."""
        trigger = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("key_account_mgmt.referral_trigger", "key_account")
        )
        if trigger != "key_account":
            return self.env["kam.points.line"]
        partners = self.sudo().filtered(
            lambda p: (
                p.is_key_account
                and p.commercial_partner_id == p
                and p.kam_referred_by_id
                and not p.kam_referral_awarded
            )
        )
        return partners._kam_award_referral()

    def _kam_award_referral(self):
        """Award the referral points to the referrer of each partner, once.

        Idempotent: the partner's ``kam_referral_awarded`` flag is set by an
        atomic UPDATE before the points are earned. Return the ledger lines.
        """
        Line = self.env["kam.points.line"].sudo()
        lines = Line.browse()
        points = self._kam_get_param(
            "referral_points", KAM_POINTS_DEFAULTS["referral_points"]
        )
        if points <= 0:
            return lines
        for partner in self.sudo().commercial_partner_id:
            referrer = partner.kam_referred_by_id.commercial_partner_id
            if not referrer or partner.kam_referral_awarded:
                continue
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET kam_referral_awarded = TRUE "
                    "WHERE id = %s AND kam_referral_awarded IS NOT TRUE RETURNING id",
                    partner.id,
                )
            )
            if not self.env.cr.fetchone():
                continue
            partner.invalidate_recordset(["kam_referral_awarded"])
            lines |= referrer.kam_earn_points(
                points,
                self.env._("Referral of %(partner)s", partner=partner.display_name),
            )
            partner.message_post(
                body=self.env._(
                    "%(referrer)s earned %(points)s referral points for "
                    "referring this customer.",
                    referrer=referrer.display_name,
                    points=self._kam_format_points(lines[-1:].points),
                ),
                subtype_xmlid="mail.mt_note",
            )._kam_restrict()
        return lines

    # ------------------------------------------------------------------
    # Member levels
    # ------------------------------------------------------------------
    @api.model
    def _kam_recompute_member_levels(self, partners):
        """Member level of a batch of commercial partners.

        One aggregate query for the qualifying points of the batch, one query
        for the levels, one UPDATE of the changed rows, then the tracking
        messages and the announcements of the changes, in batch.
        """
        ids = [pid for pid in partners.ids if isinstance(pid, int)]
        if not ids:
            return {}
        self.env["kam.points.line"].flush_model()
        levels = (
            self.env["kam.member.level"].sudo().search([], order="min_points, sequence")
        )
        since = fields.Date.context_today(self) - relativedelta(months=KAM_LEVEL_MONTHS)
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id, partner.kam_member_level_id,
                       COALESCE(SUM(line.points), 0)
                  FROM res_partner AS partner
             LEFT JOIN kam_points_line AS line
                       ON line.partner_id = partner.id
                      AND line.is_qualifying IS TRUE
                      AND line.date > %(since)s
                 WHERE partner.id = ANY(%(ids)s)
                   AND partner.commercial_partner_id = partner.id
              GROUP BY partner.id
                """,
                since=since,
                ids=ids,
            )
        )
        changes = {}
        Level = self.env["kam.member.level"]
        for partner_id, old_level_id, points in self.env.cr.fetchall():
            new_level = Level._kam_level_for(float(points), levels)
            if (old_level_id or False) != (new_level.id or False):
                changes[partner_id] = (old_level_id, new_level.id)
        if not changes:
            return changes
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner AS partner
                   SET kam_member_level_id = v.level_id
                  FROM (VALUES %s) AS v(id, level_id)
                 WHERE partner.id = v.id
                """,
                SQL(", ").join(
                    SQL("(%s, %s::integer)", pid, new or None)
                    for pid, (_old, new) in changes.items()
                ),
            )
        )
        self.browse(list(changes)).invalidate_recordset(["kam_member_level_id"])
        self._kam_announce_level_changes(changes, levels)
        return changes

    @api.model
    def _kam_announce_level_changes(self, changes, levels):
        """Tracking messages and emails for level changes, in batch.

        :param dict changes: {partner_id: (old_level_id, new_level_id)}
        """
        Level = self.env["kam.member.level"].sudo().with_context(active_test=False)
        partners = self.sudo().browse(list(changes))
        col_info = self.fields_get(
            ["kam_member_level_id"], attributes=("string", "type", "relation")
        )["kam_member_level_id"]
        # Key-account facts: for key-account users only (see mail.message).
        messages = partners._message_log_batch(
            dict.fromkeys(partners.ids, "")
        )._kam_restrict()
        Tracking = self.env["mail.tracking.value"].sudo()
        Tracking.create(
            [
                dict(
                    Tracking._create_tracking_values(
                        Level.browse(changes[message.res_id][0] or []),
                        Level.browse(changes[message.res_id][1] or []),
                        "kam_member_level_id",
                        col_info,
                        partners.browse(message.res_id),
                    ),
                    mail_message_id=message.id,
                )
                for message in messages
            ]
        )
        # Announce upgrades and downgrades, not the first base level.
        base_level = levels[:1]
        announce = [
            pid
            for pid, (old, new) in changes.items()
            if new and (old or Level.browse(new) != base_level)
        ]
        template = self.env.ref(
            "key_account_mgmt.mail_template_kam_member_level_change",
            raise_if_not_found=False,
        )
        recipients = partners.browse(announce).filtered("email")
        if template and recipients:
            mails = (
                template.sudo()
                .with_context(
                    kam_level_changes={
                        pid: (old or False, new) for pid, (old, new) in changes.items()
                    }
                )
                .send_mail_batch(recipients.ids)
            )
            # The copy in the chatter tells the balance: key-account users only.
            mails.mail_message_id._kam_restrict()

    def _kam_format_points(self, points):
        """Points as the user reads them: 6,400 or 12.50 (emails, reports)."""
        precision = self.env["kam.points.line"]._kam_points_precision()
        digits = (
            0 if float_is_zero(points % 1, precision_digits=precision) else precision
        )
        return formatLang(self.env, points or 0.0, digits=digits)

    def _kam_level_change_direction(self):
        """'up' or 'down' for the level change being announced (templates)."""
        self.ensure_one()
        old_id, new_id = (self.env.context.get("kam_level_changes") or {}).get(
            self.id, (False, False)
        )
        Level = self.env["kam.member.level"].sudo().with_context(active_test=False)
        old, new = Level.browse(old_id or []), Level.browse(new_id or [])
        if old and new and new.min_points < old.min_points:
            return "down"
        return "up"

    @api.model
    def _cron_kam_recompute_scores(self):
        # The key accounts' levels are recomputed batch by batch by super().
        result = super()._cron_kam_recompute_scores()
        self._kam_recompute_levels_of_non_accounts()
        return result

    @api.model
    def _kam_recompute_levels_of_non_accounts(self, batch_size=2000):
        """Levels of the partners that have points but are no key accounts."""
        self.env["kam.points.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id
                  FROM res_partner AS partner
                 WHERE partner.commercial_partner_id = partner.id
                   AND NOT (partner.is_key_account IS TRUE
                            AND (partner.is_company IS TRUE
                                 OR partner.parent_id IS NULL))
                   AND (partner.kam_member_level_id IS NOT NULL
                        OR EXISTS (SELECT 1 FROM kam_points_line AS line
                                    WHERE line.partner_id = partner.id))
              ORDER BY partner.id
                """
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        for start in range(0, len(ids), batch_size):
            self._kam_recompute_member_levels(
                self.sudo().browse(ids[start : start + batch_size])
            )

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

    @api.model
    def _kam_points_partner_domain(self):
        """Partners that have points or a member level."""
        return Domain("kam_points_balance", "!=", 0) | Domain(
            "kam_member_level_id", "!=", False
        )
