import math
from datetime import date

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_is_zero

from .kam_constants import KAM_POINTS_MAX


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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
            months = self._kam_get_param("points_validity_months")
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
