from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_COMPLAINT_STATES, KAM_SLA_STATUSES


class KamSatisfactionReport(models.Model):
    """Customer satisfaction analysis (客户满意度分析): one row per complaint.

    Ratings given on closed complaints, complaints per account, service
    levels met or breached by tier and category.
    """

    _name = "kam.satisfaction.report"
    _description = "Customer Satisfaction Analysis"
    _auto = False
    _order = "date_received desc"
    _rec_name = "complaint_id"

    complaint_id = fields.Many2one("kam.complaint", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    tier_id = fields.Many2one("kam.tier", readonly=True)
    category_id = fields.Many2one("kam.complaint.category", readonly=True)
    manager_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    user_id = fields.Many2one("res.users", string="Responsible", readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    state = fields.Selection(KAM_COMPLAINT_STATES, readonly=True)
    sla_status = fields.Selection(KAM_SLA_STATUSES, string="SLA Status", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    sla_met_count = fields.Integer(string="SLA Met", readonly=True)
    sla_breached_count = fields.Integer(string="SLA Breached", readonly=True)
    sla_met_rate = fields.Float(
        string="SLA Met Rate (%)",
        aggregator="avg",
        readonly=True,
        help="Share of the complaints with a final service-level status (met or "
        "breached) that met it.",
    )
    rating = fields.Float(
        aggregator="avg",
        readonly=True,
        help="Average of the customers' ratings (1 to 5) of the rated complaints.",
    )
    rated_count = fields.Integer(string="Rated Complaints", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            "SELECT %s FROM kam_complaint AS complaint "
            "WHERE complaint.state != 'cancelled'",
            SQL(", ").join(self._kam_select()),
        )

    @api.model
    def _kam_select(self):
        return [
            SQL("complaint.id AS id"),
            SQL("complaint.id AS complaint_id"),
            SQL("complaint.commercial_partner_id AS partner_id"),
            SQL("complaint.company_id AS company_id"),
            SQL("complaint.tier_id AS tier_id"),
            SQL("complaint.category_id AS category_id"),
            SQL("complaint.manager_id AS manager_id"),
            SQL("complaint.user_id AS user_id"),
            SQL("complaint.date_received AS date_received"),
            SQL("complaint.state AS state"),
            SQL("complaint.sla_status AS sla_status"),
            SQL("1 AS complaint_count"),
            SQL(
                "CASE WHEN complaint.sla_status = 'met' THEN 1 ELSE 0 END "
                "AS sla_met_count"
            ),
            SQL(
                "CASE WHEN complaint.sla_status = 'breached' THEN 1 ELSE 0 END "
                "AS sla_breached_count"
            ),
            SQL(
                "CASE WHEN complaint.sla_status = 'met' THEN 100.0 "
                "WHEN complaint.sla_status = 'breached' THEN 0.0 END AS sla_met_rate"
            ),
            SQL("NULLIF(complaint.rating_last_value, 0) AS rating"),
            SQL(
                "CASE WHEN complaint.rating_last_value > 0 THEN 1 ELSE 0 END "
                "AS rated_count"
            ),
        ]
