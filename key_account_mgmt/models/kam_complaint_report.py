from odoo import fields, models, tools
from odoo.tools import SQL

from .kam_constants import KAM_CHANNELS, KAM_COMPLAINT_STATES, KAM_SLA_STATUSES


class KamComplaintReport(models.Model):
    """SLA analysis: response and resolution times, breach rate."""

    _name = "kam.complaint.report"
    _description = "Complaint SLA Analysis"
    _auto = False
    _order = "date_received desc"
    _rec_name = "complaint_id"
    _depends = {
        "kam.complaint": [
            "date_received",
            "partner_id",
            "commercial_partner_id",
            "tier_id",
            "category_id",
            "user_id",
            "manager_id",
            "company_id",
            "channel",
            "priority",
            "state",
            "sla_status",
            "date_first_response",
            "date_resolved",
            "response_time_hours",
            "resolution_time_hours",
            "reopen_count",
        ],
    }

    complaint_id = fields.Many2one("kam.complaint", readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Account", readonly=True
    )
    tier_id = fields.Many2one("kam.tier", readonly=True)
    category_id = fields.Many2one("kam.complaint.category", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    manager_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    channel = fields.Selection(KAM_CHANNELS, readonly=True)
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Urgent")], readonly=True
    )
    state = fields.Selection(KAM_COMPLAINT_STATES, readonly=True)
    sla_status = fields.Selection(KAM_SLA_STATUSES, string="SLA Status", readonly=True)
    response_time_hours = fields.Float(
        string="Response Time (working h)", aggregator="avg", readonly=True
    )
    resolution_time_hours = fields.Float(
        string="Resolution Time (working h)",
        aggregator="avg",
        readonly=True,
        help="Working hours from receipt to resolution, pauses excluded: 0 for "
        "a complaint received and resolved outside working time.",
    )
    resolution_elapsed_hours = fields.Float(
        string="Resolution Time (elapsed h)",
        aggregator="avg",
        readonly=True,
        help="Hours on the clock from receipt to resolution, nights, weekends "
        "and holidays included.",
    )
    breach_rate = fields.Float(
        string="Breach Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the complaints that breached their service level.",
    )
    reopen_count = fields.Integer(string="Reopened", aggregator="sum", readonly=True)

    def _query(self):
        return SQL(
            """
            SELECT complaint.id AS id,
                   complaint.id AS complaint_id,
                   complaint.date_received,
                   complaint.partner_id,
                   complaint.commercial_partner_id,
                   complaint.tier_id,
                   complaint.category_id,
                   complaint.user_id,
                   complaint.manager_id,
                   complaint.company_id,
                   complaint.channel,
                   complaint.priority,
                   complaint.state,
                   complaint.sla_status,
                   CASE WHEN complaint.date_first_response IS NOT NULL
                        THEN complaint.response_time_hours
                   END AS response_time_hours,
                   CASE WHEN complaint.date_resolved IS NOT NULL
                        THEN complaint.resolution_time_hours
                   END AS resolution_time_hours,
                   EXTRACT(EPOCH FROM complaint.date_resolved - complaint.date_received)
                        / 3600.0 AS resolution_elapsed_hours,
                   CASE WHEN complaint.sla_status = 'breached' THEN 100.0 ELSE 0.0 END
                        AS breach_rate,
                   complaint.reopen_count
              FROM kam_complaint AS complaint
             WHERE complaint.state != 'cancelled'
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
