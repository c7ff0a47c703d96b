from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_CHURN_RISKS, KAM_LIFECYCLE_STAGES


class KamValueReport(models.Model):
    """Customer value analysis (客户价值分析): one row per key account.

    The Sales bridge adds the revenue of the last 12 months, the ABC grade,
    the tier by revenue and the share of revenue.
    """

    _name = "kam.value.report"
    _description = "Customer Value Analysis"
    _auto = False
    _order = "partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    tier_id = fields.Many2one("kam.tier", readonly=True)
    manager_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    member_level_id = fields.Many2one("kam.member.level", readonly=True)
    lifecycle_stage = fields.Selection(KAM_LIFECYCLE_STAGES, readonly=True)
    churn_risk = fields.Selection(KAM_CHURN_RISKS, readonly=True)
    health_score = fields.Integer(aggregator="avg", readonly=True)
    points_balance = fields.Float(digits=(16, 2), readonly=True)
    points_earned_12m = fields.Float(
        string="Points Earned (12 Months)", digits=(16, 2), readonly=True
    )
    points_redeemed_12m = fields.Float(
        string="Points Redeemed (12 Months)", digits=(16, 2), readonly=True
    )
    account_count = fields.Integer(string="Accounts", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            "SELECT %s FROM %s WHERE %s",
            SQL(", ").join(self._kam_select()),
            self._kam_from(),
            self._kam_where(),
        )

    @api.model
    def _kam_since(self):
        return fields.Date.context_today(self) - relativedelta(months=12)

    @api.model
    def _kam_select(self):
        return [
            SQL("p.id AS id"),
            SQL("p.id AS partner_id"),
            SQL("p.company_id AS company_id"),
            SQL("p.kam_tier_id AS tier_id"),
            SQL("p.kam_manager_id AS manager_id"),
            SQL("p.kam_member_level_id AS member_level_id"),
            SQL("p.kam_lifecycle_stage AS lifecycle_stage"),
            SQL("p.kam_churn_risk AS churn_risk"),
            SQL("p.kam_health_score AS health_score"),
            SQL("COALESCE(p.kam_points_balance, 0) AS points_balance"),
            SQL("COALESCE(points.earned, 0) AS points_earned_12m"),
            SQL("COALESCE(points.redeemed, 0) AS points_redeemed_12m"),
            SQL("1 AS account_count"),
        ]

    @api.model
    def _kam_from(self):
        return SQL(
            """
            res_partner AS p
            LEFT JOIN (
                SELECT lp.commercial_partner_id AS partner_id,
                       SUM(line.points) FILTER (WHERE line.kind = 'earn') AS earned,
                       -SUM(line.points) FILTER (WHERE line.kind = 'redeem') AS redeemed
                  FROM kam_points_line AS line
                  JOIN res_partner AS lp ON lp.id = line.partner_id
                 WHERE line.date > %(since)s
              GROUP BY lp.commercial_partner_id
            ) AS points ON points.partner_id = p.id
            """,
            since=self._kam_since(),
        )

    @api.model
    def _kam_where(self):
        return SQL(
            "p.is_key_account IS TRUE AND (p.is_company IS TRUE OR p.parent_id IS NULL)"
        )
