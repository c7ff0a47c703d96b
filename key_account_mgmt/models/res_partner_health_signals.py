from dateutil.relativedelta import relativedelta

from odoo import api, models
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Health signals of the account's own follow-up: overdue activities and
    # satisfaction ratings (the other features add theirs in their files)
    # ------------------------------------------------------------------
    @api.model
    def _kam_score_signals(self):
        return super()._kam_score_signals() + [
            {
                "method": "_kam_signal_overdue_activities",
                "signals": {
                    "activities": {
                        "label": self.env._("Overdue activities"),
                        "weight_param": "health_weight_activities",
                        "describe": lambda values: self.env._(
                            "Overdue activities on the account: %(count)s",
                            count=values.get("overdue", 0),
                        ),
                    },
                },
            },
            {
                "method": "_kam_signal_satisfaction",
                "signals": {
                    "satisfaction": {
                        "label": self.env._("Satisfaction"),
                        "weight_param": "health_weight_satisfaction",
                        "describe": self._kam_describe_satisfaction,
                    },
                },
            },
        ]

    def _kam_describe_satisfaction(self, values):
        if not values.get("count"):
            return self.env._("No rating in the last 12 months")
        return self.env._(
            "Average rating %(average)s out of 5 in the last 12 months "
            "(ratings: %(count)s)",
            average=values.get("average"),
            count=values.get("count"),
        )

    @api.model
    def _kam_signal_overdue_activities(self, partner_ids, today):
        """Open activities past their deadline on the account and its contacts."""
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id, COUNT(*)
                  FROM mail_activity AS activity
                  JOIN res_partner AS partner ON partner.id = activity.res_id
                 WHERE activity.res_model = 'res.partner'
                   AND activity.active IS TRUE
                   AND activity.date_deadline < %(today)s
                   AND partner.commercial_partner_id = ANY(%(ids)s)
              GROUP BY partner.commercial_partner_id
                """,
                today=today,
                ids=list(partner_ids),
            )
        )
        overdue = dict(self.env.cr.fetchall())
        return {
            partner_id: {
                "activities": {
                    "score": max(0, 100 - 20 * overdue.get(partner_id, 0)),
                    "values": {"overdue": overdue.get(partner_id, 0)},
                }
            }
            for partner_id in partner_ids
        }

    @api.model
    def _kam_signal_satisfaction(self, partner_ids, today):
        """Average of the ratings given by the account's people in 12 months.

        Odoo rates 1 (dissatisfied), 3 (okay) or 5 (satisfied): 1 scores 0 and
        5 scores 100. Accounts without ratings are left out.
        """
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id, AVG(rating.rating), COUNT(*)
                  FROM rating_rating AS rating
                  JOIN res_partner AS partner ON partner.id = rating.partner_id
                 WHERE rating.consumed IS TRUE
                   AND rating.rating > 0
                   AND COALESCE(rating.rated_on, rating.write_date) >= %(since)s
                   AND partner.commercial_partner_id = ANY(%(ids)s)
              GROUP BY partner.commercial_partner_id
                """,
                since=today - relativedelta(months=12),
                ids=list(partner_ids),
            )
        )
        result = {}
        for partner_id, average, count in self.env.cr.fetchall():
            average = float(average)
            result[partner_id] = {
                "satisfaction": {
                    "score": max(0, min(100, round((average - 1) * 25))),
                    "values": {"average": round(average, 1), "count": count},
                }
            }
        return result
