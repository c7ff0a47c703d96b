from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_CHANNELS, KAM_LIFECYCLE_STAGES


class KamBehaviourReport(models.Model):
    """Customer behaviour analysis (客户行为分析): one row per key account.

    Contacts per channel over the last 12 months, days since the last
    contact, revisit plan kept or overdue. The Sales bridge adds purchase
    frequency and recency.
    """

    _name = "kam.behaviour.report"
    _description = "Customer Behaviour Analysis"
    _auto = False
    _order = "partner_id"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    tier_id = fields.Many2one("kam.tier", readonly=True)
    manager_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    lifecycle_stage = fields.Selection(KAM_LIFECYCLE_STAGES, readonly=True)
    preferred_channel = fields.Selection(KAM_CHANNELS, readonly=True)
    last_interaction_date = fields.Date(string="Last Interaction", readonly=True)
    next_visit_date = fields.Date(string="Next Revisit", readonly=True)
    days_since_contact = fields.Integer(
        string="Days Since Last Contact",
        aggregator="avg",
        readonly=True,
        help="Days since the last interaction (or since the account became a "
        "key account when it never had one).",
    )
    interaction_count = fields.Integer(string="Interactions (12 Months)", readonly=True)
    phone_count = fields.Integer(string="Phone Calls", readonly=True)
    email_count = fields.Integer(string="Emails", readonly=True)
    meeting_count = fields.Integer(string="Meetings", readonly=True)
    visit_count = fields.Integer(string="Visits", readonly=True)
    wechat_count = fields.Integer(string="WeChat", readonly=True)
    other_count = fields.Integer(string="Other Contacts", readonly=True)
    revisit_on_plan_count = fields.Integer(
        string="Revisits on Plan",
        readonly=True,
        help="Accounts whose next revisit is not overdue.",
    )
    revisit_overdue_count = fields.Integer(
        string="Revisits Overdue",
        readonly=True,
        help="Accounts whose next revisit date has passed.",
    )
    complaint_count = fields.Integer(string="Complaints (12 Months)", readonly=True)
    complaint_rate = fields.Float(
        string="Complaints per Account",
        digits=(16, 2),
        aggregator="avg",
        readonly=True,
        help="Complaints received over the last 12 months (cancelled ones "
        "aside); averaged over the accounts of a group.",
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
    def _kam_select(self):
        today = fields.Date.context_today(self)
        channel_counts = [
            SQL(
                "COALESCE(contacts.%s, 0) AS %s",
                SQL.identifier(f"{channel}_count"),
                SQL.identifier(f"{channel}_count"),
            )
            for channel, _label in KAM_CHANNELS
        ]
        return [
            SQL("p.id AS id"),
            SQL("p.id AS partner_id"),
            SQL("p.company_id AS company_id"),
            SQL("p.kam_tier_id AS tier_id"),
            SQL("p.kam_manager_id AS manager_id"),
            SQL("p.kam_lifecycle_stage AS lifecycle_stage"),
            SQL("p.kam_preferred_channel AS preferred_channel"),
            SQL("p.kam_last_interaction_date AS last_interaction_date"),
            SQL("p.kam_next_visit_date AS next_visit_date"),
            SQL(
                "%s - COALESCE(p.kam_last_interaction_date, p.kam_since) "
                "AS days_since_contact",
                today,
            ),
            SQL("COALESCE(contacts.total, 0) AS interaction_count"),
            *channel_counts,
            SQL(
                "CASE WHEN p.kam_next_visit_date < %s THEN 0 ELSE 1 END "
                "AS revisit_on_plan_count",
                today,
            ),
            SQL(
                "CASE WHEN p.kam_next_visit_date < %s THEN 1 ELSE 0 END "
                "AS revisit_overdue_count",
                today,
            ),
            SQL("COALESCE(complaints.total, 0) AS complaint_count"),
            SQL("COALESCE(complaints.total, 0) AS complaint_rate"),
            SQL("1 AS account_count"),
        ]

    @api.model
    def _kam_from(self):
        since = fields.Date.context_today(self) - relativedelta(months=12)
        channel_counts = [
            SQL(
                "COUNT(*) FILTER (WHERE interaction.channel = %s) AS %s",
                channel,
                SQL.identifier(f"{channel}_count"),
            )
            for channel, _label in KAM_CHANNELS
        ]
        return SQL(
            """
            res_partner AS p
            LEFT JOIN (
                SELECT interaction.partner_id, COUNT(*) AS total, %(channels)s
                  FROM kam_interaction AS interaction
                 WHERE interaction.date > %(since)s
              GROUP BY interaction.partner_id
            ) AS contacts ON contacts.partner_id = p.id
            LEFT JOIN (
                SELECT complaint.commercial_partner_id AS partner_id,
                       COUNT(*) AS total
                  FROM kam_complaint AS complaint
                 WHERE complaint.state != 'cancelled'
                   AND complaint.date_received >= %(since)s
              GROUP BY complaint.commercial_partner_id
            ) AS complaints ON complaints.partner_id = p.id
            """,
            channels=SQL(", ").join(channel_counts),
            since=since,
        )

    @api.model
    def _kam_where(self):
        return SQL(
            "p.is_key_account IS TRUE AND (p.is_company IS TRUE OR p.parent_id IS NULL)"
        )
