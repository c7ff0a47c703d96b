from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_CHURN_RISKS, KAM_LIFECYCLE_STAGES

KAM_HEALTH_BANDS = [
    ("0_19", "0-19"),
    ("20_39", "20-39"),
    ("40_59", "40-59"),
    ("60_79", "60-79"),
    ("80_100", "80-100"),
]


class KamHealthSnapshot(models.Model):
    """The state of a key account in a month (客户流失分析).

    Written by the scores job, one row per account and month (the last run of
    the month wins), so that stage, churn risk and health can be drawn over
    time. Never edited by hand.
    """

    _name = "kam.health.snapshot"
    _description = "Key Account Monthly Snapshot"
    _order = "month desc, partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    month = fields.Date(required=True, readonly=True, help="First day of the month.")
    company_id = fields.Many2one("res.company", readonly=True)
    tier_id = fields.Many2one("kam.tier", readonly=True)
    manager_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    lifecycle_stage = fields.Selection(
        KAM_LIFECYCLE_STAGES, readonly=True, group_expand=True
    )
    previous_stage = fields.Selection(
        KAM_LIFECYCLE_STAGES,
        string="Stage the Month Before",
        readonly=True,
    )
    churn_risk = fields.Selection(KAM_CHURN_RISKS, readonly=True, group_expand=True)
    health_score = fields.Integer(aggregator="avg", readonly=True)
    health_band = fields.Selection(KAM_HEALTH_BANDS, readonly=True, group_expand=True)
    member_level_id = fields.Many2one("kam.member.level", readonly=True)
    churn_reason_id = fields.Many2one("kam.churn.reason", readonly=True)
    account_count = fields.Integer(
        string="Accounts", default=1, aggregator="sum", readonly=True
    )
    became_dormant = fields.Integer(
        aggregator="sum",
        readonly=True,
        help="1 when the account was new, growing or mature the month before "
        "and is dormant in this month.",
    )
    became_lost = fields.Integer(
        aggregator="sum",
        readonly=True,
        help="1 when the account became lost in this month.",
    )
    is_last = fields.Boolean(
        string="Latest Snapshot",
        readonly=True,
        help="The most recent snapshot of the account.",
    )

    _partner_month_uniq = models.Constraint(
        "UNIQUE(partner_id, month)",
        "There is one snapshot per account and month.",
    )

    @api.model
    def _kam_write_snapshots(self, partner_ids, today):
        """Write this month's snapshot of the accounts (one INSERT ... ON
        CONFLICT and one UPDATE, whatever the number of accounts); a snapshot
        that would not change is not written again."""
        if not partner_ids:
            return
        month = today.replace(day=1)
        next_month = month + relativedelta(months=1)
        previous_month = month - relativedelta(months=1)
        self.env["res.partner"].flush_model()
        self.flush_model()
        # SQL: bulk upsert (INSERT ... SELECT ... ON CONFLICT) of a batch.
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO kam_health_snapshot AS s (
                    partner_id, month, company_id, tier_id, manager_id,
                    lifecycle_stage, previous_stage, churn_risk, health_score,
                    health_band, member_level_id, churn_reason_id, account_count,
                    became_dormant, became_lost, is_last,
                    create_uid, create_date, write_uid, write_date)
                SELECT p.id, %(month)s, p.company_id, p.kam_tier_id, p.kam_manager_id,
                       p.kam_lifecycle_stage, prev.lifecycle_stage, p.kam_churn_risk,
                       p.kam_health_score,
                       CASE WHEN p.kam_health_score IS NULL THEN NULL
                            WHEN p.kam_health_score < 20 THEN '0_19'
                            WHEN p.kam_health_score < 40 THEN '20_39'
                            WHEN p.kam_health_score < 60 THEN '40_59'
                            WHEN p.kam_health_score < 80 THEN '60_79'
                            ELSE '80_100' END,
                       p.kam_member_level_id, p.kam_churn_reason_id, 1,
                       CASE WHEN p.kam_lifecycle_stage = 'dormant'
                             AND prev.lifecycle_stage IN ('new', 'growing', 'mature')
                            THEN 1 ELSE 0 END,
                       CASE WHEN p.kam_lifecycle_stage = 'lost'
                             AND p.kam_lost_date >= %(month)s
                             AND p.kam_lost_date < %(next_month)s
                            THEN 1 ELSE 0 END,
                       TRUE,
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM res_partner AS p
             LEFT JOIN kam_health_snapshot AS prev
                    ON prev.partner_id = p.id AND prev.month = %(previous_month)s
                 WHERE p.id = ANY(%(ids)s)
                ON CONFLICT (partner_id, month) DO UPDATE
                   SET company_id = EXCLUDED.company_id,
                       tier_id = EXCLUDED.tier_id,
                       manager_id = EXCLUDED.manager_id,
                       lifecycle_stage = EXCLUDED.lifecycle_stage,
                       previous_stage = EXCLUDED.previous_stage,
                       churn_risk = EXCLUDED.churn_risk,
                       health_score = EXCLUDED.health_score,
                       health_band = EXCLUDED.health_band,
                       member_level_id = EXCLUDED.member_level_id,
                       churn_reason_id = EXCLUDED.churn_reason_id,
                       became_dormant = EXCLUDED.became_dormant,
                       became_lost = EXCLUDED.became_lost,
                       is_last = TRUE,
                       write_uid = EXCLUDED.write_uid,
                       write_date = EXCLUDED.write_date
                 -- The same snapshot again (the job run again in the month):
                 -- nothing written.
                 WHERE (s.company_id, s.tier_id, s.manager_id, s.lifecycle_stage,
                        s.previous_stage, s.churn_risk, s.health_score,
                        s.health_band, s.member_level_id, s.churn_reason_id,
                        s.became_dormant, s.became_lost, s.is_last)
                       IS DISTINCT FROM
                       (EXCLUDED.company_id, EXCLUDED.tier_id, EXCLUDED.manager_id,
                        EXCLUDED.lifecycle_stage, EXCLUDED.previous_stage,
                        EXCLUDED.churn_risk, EXCLUDED.health_score,
                        EXCLUDED.health_band, EXCLUDED.member_level_id,
                        EXCLUDED.churn_reason_id, EXCLUDED.became_dormant,
                        EXCLUDED.became_lost, TRUE)
                """,
                month=month,
                next_month=next_month,
                previous_month=previous_month,
                uid=self.env.uid,
                now=fields.Datetime.now(),
                ids=list(partner_ids),
            )
        )
        # SQL: bulk score update, one UPDATE for the batch.
        self.env.cr.execute(
            SQL(
                """
                UPDATE kam_health_snapshot
                   SET is_last = FALSE
                 WHERE partner_id = ANY(%(ids)s) AND month < %(month)s AND is_last
                """,
                ids=list(partner_ids),
                month=month,
            )
        )
        self.invalidate_model()
