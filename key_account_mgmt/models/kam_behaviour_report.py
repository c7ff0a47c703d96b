from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_CHANNELS


class KamBehaviourReport(models.Model):
    """Customer behaviour analysis (客户行为分析): one row per key account.

    Contacts per channel over the last 12 months, days since the last
    contact, revisit plan kept or overdue. The Sales bridge adds purchase
    frequency and recency.
    """

    _name = "kam.behaviour.report"
    _inherit = "kam.account.report"
    _description = "Customer Behaviour Analysis"
    _auto = False

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
            *super()._kam_select(),
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
        ]

    @api.model
    def _kam_from(self):
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
            %(partners)s
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
            partners=super()._kam_from(),
            channels=SQL(", ").join(channel_counts),
            since=self._kam_since(),
        )
