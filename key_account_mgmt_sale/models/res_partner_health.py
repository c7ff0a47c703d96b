from odoo import api, models
from odoo.tools import SQL

from .kam_constants import KAM_SALE_DEFAULTS


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Health score: purchase signal
    # ------------------------------------------------------------------
    @api.model
    def _kam_score_signals(self):
        return super()._kam_score_signals() + [
            {
                "method": "_kam_signal_purchases",
                "signals": {
                    "purchases": {
                        "label": self.env._("Purchases"),
                        "weight_param": "health_weight_purchases",
                        "default_weight": KAM_SALE_DEFAULTS["health_weight_purchases"],
                        "describe": self._kam_describe_purchases,
                    },
                },
            },
        ]

    def _kam_describe_purchases(self, values):
        if not values.get("last"):
            return self.env._("No confirmed order yet")
        days = values.get("days", 0)
        if days <= 1:
            return self.env._(
                "Last order %(when)s; orders in the last 90 days: %(recent)s, "
                "in the 90 days before: %(previous)s",
                when=self.env._("today") if days <= 0 else self.env._("yesterday"),
                recent=values.get("recent", 0),
                previous=values.get("previous", 0),
            )
        return self.env._(
            "Last order %(days)s days ago; orders in the last 90 days: "
            "%(recent)s, in the 90 days before: %(previous)s",
            days=days,
            recent=values.get("recent", 0),
            previous=values.get("previous", 0),
        )

    @api.model
    def _kam_signal_purchases(self, partner_ids, today):
        """Purchase recency and order frequency trend, from ONE query.

        Recency (60 %): full score for an order within 90 days, none after a
        year, linear in between. Trend (40 %): orders in the last 90 days
        against the 90 days before; as many scores 70, more up to 100, fewer
        down to 0. Accounts that never ordered are left out.
        """
        self.env["sale.order"].flush_model(["state", "partner_id", "date_order"])
        windows = self._kam_sale_windows(today)
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       MAX(so.date_order),
                       COUNT(*) FILTER (WHERE so.date_order >= %(since_90)s),
                       COUNT(*) FILTER (WHERE so.date_order >= %(since_180)s
                                        AND so.date_order < %(since_90)s)
                  FROM sale_order AS so
                  JOIN res_partner AS partner ON partner.id = so.partner_id
                 WHERE so.state = 'sale'
                   AND partner.commercial_partner_id = ANY(%(ids)s)
              GROUP BY partner.commercial_partner_id
                """,
                ids=list(partner_ids),
                since_90=windows["since_90"],
                since_180=windows["since_180"],
            )
        )
        result = {}
        for partner_id, last, recent, previous in self.env.cr.fetchall():
            last = last.date()
            days = max((today - last).days, 0)
            if days <= 90:
                recency = 100
            elif days >= 365:
                recency = 0
            else:
                recency = round(100 * (365 - days) / 275)
            if previous:
                trend = max(0, min(100, round(70 * recent / previous)))
            else:
                trend = 100 if recent else 0
            result[partner_id] = {
                "purchases": {
                    "score": round(0.6 * recency + 0.4 * trend),
                    "values": {
                        "last": last.isoformat(),
                        "last_activity": last.isoformat(),
                        "days": days,
                        "recent": recent,
                        "previous": previous,
                    },
                }
            }
        return result
