from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import float_compare, format_date

# The portal shows the points that expire within this many days.
KAM_PORTAL_EXPIRY_DAYS = 90


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _kam_portal_account(self):
        """The key account (commercial partner, as superuser) of this contact.

        Empty when the contact does not belong to a key account: the portal
        pages of key accounts are for the contacts of key accounts only.
        """
        self.ensure_one()
        account = self.sudo().commercial_partner_id
        return account if account.is_key_account else account.browse()

    def _kam_portal_points_domain(self):
        self.ensure_one()
        return Domain("partner_id", "=", self.id)

    def _kam_portal_rewards(self):
        """Active rewards offered to this account, cheapest first."""
        self.ensure_one()
        company = self._kam_points_company()
        return (
            self.env["kam.reward"]
            .sudo()
            .search(
                Domain("company_id", "in", [False, company.id]),
                order="points_cost, sequence, id",
            )
        )

    def _kam_portal_loyalty(self):
        """What the portal shows of the loyalty of this key account.

        Call it on the account read as superuser (see ``_kam_portal_account``).
        """
        self.ensure_one()
        today = fields.Date.context_today(self)
        Line = self.env["kam.points.line"].sudo()
        level = self.kam_member_level_id
        qualifying = self.kam_qualifying_points
        next_level = self.env["kam.member.level"].sudo()
        for candidate in next_level.search([]):
            if candidate.min_points > qualifying and (
                not level or candidate.min_points > level.min_points
            ):
                next_level = candidate
                break
        expiring_lines = Line.search(
            self._kam_portal_points_domain()
            & Domain("expiry_date", ">=", today)
            & Domain(
                "expiry_date", "<=", today + relativedelta(days=KAM_PORTAL_EXPIRY_DAYS)
            )
            & Domain("has_remaining", "=", True)
        )
        missing = max(next_level.min_points - qualifying, 0.0) if next_level else 0.0
        expiring = sum(expiring_lines.mapped("remaining"))
        next_expiry = min(expiring_lines.mapped("expiry_date"), default=False)
        return {
            "balance": self.kam_points_balance,
            "level": level,
            "qualifying": qualifying,
            "next_level": next_level,
            "next_level_missing": missing,
            "next_level_text": next_level
            and self.env._(
                "%(points)s more points earned within 12 months reach %(level)s "
                "(%(qualifying)s points earned in the last 12 months).",
                points=self._kam_format_points(missing),
                level=next_level.name,
                qualifying=self._kam_format_points(qualifying),
            ),
            "expiring": expiring,
            "expiring_text": self.env._(
                "Points expiring in the next %(days)s days, the first on %(date)s.",
                days=KAM_PORTAL_EXPIRY_DAYS,
                date=format_date(self.env, next_expiry),
            )
            if next_expiry
            else self.env._(
                "No points expire in the next %(days)s days.",
                days=KAM_PORTAL_EXPIRY_DAYS,
            ),
            "rewards": self._kam_portal_rewards(),
        }

    def _kam_portal_request_redemption(self, reward, user):
        """A customer asks to redeem ``reward``: an activity for the manager.

        The account manager redeems (the portal never moves points itself).
        Call it on the account read as superuser.
        """
        self.ensure_one()
        reward = reward.sudo().exists()
        if not reward or reward not in self._kam_portal_rewards():
            raise UserError(self.env._("This reward is not offered to your account."))
        if (
            float_compare(
                reward.points_cost, self.kam_points_balance, precision_digits=2
            )
            > 0
        ):
            raise UserError(
                self.env._(
                    "%(reward)s costs %(cost)s points; your balance is %(balance)s "
                    "points.",
                    reward=reward.name,
                    cost=self._kam_format_points(reward.points_cost),
                    balance=self._kam_format_points(self.kam_points_balance),
                )
            )
        manager = (self.kam_manager_id | self.kam_backup_manager_id).filtered("active")[
            :1
        ]
        if not manager:
            raise UserError(
                self.env._(
                    "Your account has no account manager yet: please contact us to "
                    "redeem your points."
                )
            )
        summary = self.env._("Redeem: %(reward)s", reward=reward.name)
        activity_type = self.env.ref(
            "key_account_mgmt_portal.mail_activity_type_kam_redemption_request"
        )
        # One open request per reward: a second click or a resent form does
        # not ask the manager twice.
        if self.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id == activity_type
                and activity.summary == summary
            )
        ):
            raise UserError(
                self.env._(
                    "You already asked to redeem %(reward)s: your account manager "
                    "will contact you.",
                    reward=reward.name,
                )
            )
        return self.activity_schedule(
            activity_type_id=activity_type.id,
            user_id=manager.id,
            kam_restricted=True,
            summary=summary,
            note=self.env._(
                "%(contact)s asks to redeem %(reward)s for %(cost)s points from the "
                "customer portal (balance: %(balance)s points).",
                contact=user.partner_id.name,
                reward=reward.name,
                cost=self._kam_format_points(reward.points_cost),
                balance=self._kam_format_points(self.kam_points_balance),
            ),
        )
