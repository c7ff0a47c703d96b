from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_CHURN_RISKS


class KamValueReport(models.Model):
    """Customer value analysis (客户价值分析): one row per key account.

    The Sales bridge adds the revenue of the last 12 months, the ABC grade,
    the tier by revenue and the share of revenue.
    """

    _name = "kam.value.report"
    _inherit = "kam.account.report"
    _description = "Customer Value Analysis"
    _auto = False

    member_level_id = fields.Many2one("kam.member.level", readonly=True)
    churn_risk = fields.Selection(KAM_CHURN_RISKS, readonly=True)
    health_score = fields.Integer(aggregator="avg", readonly=True)
    points_balance = fields.Float(digits=(16, 2), readonly=True)
    points_earned_12m = fields.Float(
        string="Points Earned (12 Months)", digits=(16, 2), readonly=True
    )
    points_redeemed_12m = fields.Float(
        string="Points Redeemed (12 Months)", digits=(16, 2), readonly=True
    )

    @api.model
    def _kam_select(self):
        return [
            *super()._kam_select(),
            SQL("p.kam_member_level_id AS member_level_id"),
            SQL("p.kam_churn_risk AS churn_risk"),
            SQL("p.kam_health_score AS health_score"),
            SQL("COALESCE(p.kam_points_balance, 0) AS points_balance"),
            SQL("COALESCE(points.earned, 0) AS points_earned_12m"),
            SQL("COALESCE(points.redeemed, 0) AS points_redeemed_12m"),
        ]

    @api.model
    def _kam_from(self):
        return SQL(
            """
            %(partners)s
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
            partners=super()._kam_from(),
            since=self._kam_since(),
        )
