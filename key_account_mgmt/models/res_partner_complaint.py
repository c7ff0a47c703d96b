from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_COMPLAINT_OPEN_STATES


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Health signals: open complaints and service-level breaches
    # ------------------------------------------------------------------
    @api.model
    def _kam_score_signals(self):
        return [
            *super()._kam_score_signals(),
            {
                "method": "_kam_signal_complaints",
                "signals": {
                    "complaints": {
                        "label": self.env._("Open complaints"),
                        "weight_param": "health_weight_complaints",
                        "describe": lambda values: self.env._(
                            "Open complaints: %(count)s",
                            count=values.get("open", 0),
                        ),
                    },
                    "sla": {
                        "label": self.env._("Service-level breaches"),
                        "weight_param": "health_weight_sla",
                        "describe": lambda values: self.env._(
                            "Complaints that breached their service level in "
                            "the last 12 months: %(count)s",
                            count=values.get("breached", 0),
                        ),
                    },
                },
            },
        ]

    @api.model
    def _kam_signal_complaints(self, partner_ids, today):
        """Open complaints and service-level breaches of the last 12 months."""
        if "kam.complaint" not in self.env:
            return {}
        self.env["kam.complaint"].flush_model()
        # SQL: two filtered counts in the one query per signal the scores job
        # allows (_read_group needs two).
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       COUNT(*) FILTER (WHERE complaint.state = ANY(%(open)s)),
                       COUNT(*) FILTER (WHERE complaint.sla_status = 'breached'
                                        AND complaint.date_received >= %(since)s)
                  FROM kam_complaint AS complaint
                  JOIN res_partner AS partner ON partner.id = complaint.partner_id
                 WHERE partner.commercial_partner_id = ANY(%(ids)s)
              GROUP BY partner.commercial_partner_id
                """,
                since=today - relativedelta(months=12),
                ids=list(partner_ids),
                open=list(KAM_COMPLAINT_OPEN_STATES),
            )
        )
        counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        result = {}
        for partner_id in partner_ids:
            open_count, breached = counts.get(partner_id, (0, 0))
            result[partner_id] = {
                "complaints": {
                    "score": max(0, 100 - 25 * open_count),
                    "values": {"open": open_count},
                },
                "sla": {
                    "score": max(0, 100 - 35 * breached),
                    "values": {"breached": breached},
                },
            }
        return result

    # ------------------------------------------------------------------
    # Complaints and their service levels (issue 3)
    # ------------------------------------------------------------------
    kam_open_complaint_count = fields.Integer(
        string="Open Complaints",
        compute="_compute_kam_open_complaint_count",
        groups="key_account_mgmt.group_kam_user",
        help="Complaints of the account that are not resolved, closed or cancelled.",
    )

    kam_complaint_rating_avg = fields.Float(
        string="Complaint Satisfaction",
        compute="_compute_kam_complaint_rating_avg",
        digits=(16, 1),
        groups="key_account_mgmt.group_kam_user",
        help="Average rating (1 to 5) the account gave when its complaints were "
        "closed.",
    )

    kam_complaint_rating_count = fields.Integer(
        string="Complaint Ratings",
        compute="_compute_kam_complaint_rating_avg",
        groups="key_account_mgmt.group_kam_user",
    )

    def _compute_kam_open_complaint_count(self):
        groups = self.env["kam.complaint"]._read_group(
            [
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                ("state", "in", KAM_COMPLAINT_OPEN_STATES),
            ],
            groupby=["commercial_partner_id"],
            aggregates=["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.kam_open_complaint_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    def _compute_kam_complaint_rating_avg(self):
        groups = (
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "kam.complaint"),
                    ("parent_res_model", "=", "res.partner"),
                    ("parent_res_id", "in", self.commercial_partner_id.ids),
                    ("consumed", "=", True),
                    ("rating", ">=", 1),
                ],
                groupby=["parent_res_id"],
                aggregates=["rating:avg", "__count"],
            )
        )
        stats = {parent_id: (average, count) for parent_id, average, count in groups}
        for partner in self:
            average, count = stats.get(partner.commercial_partner_id.id, (0.0, 0))
            partner.kam_complaint_rating_avg = average or 0.0
            partner.kam_complaint_rating_count = count

    def action_kam_view_complaints(self):
        self.ensure_one()
        account = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_complaint_action"
        )
        action["domain"] = [("commercial_partner_id", "=", account.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_open": 1,
        }
        return action

    def action_kam_new_complaint(self):
        self.ensure_one()
        action = self.action_kam_view_complaints()
        action.update({"view_mode": "form", "views": [(False, "form")]})
        return action
