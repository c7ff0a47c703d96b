from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL

from .kam_constants import KAM_SALE_FIGURES


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _kam_sale_windows(self, today):
        """UTC datetimes starting the 12-month and the two 90-day windows."""
        start = datetime.combine(today, time.min)
        return {
            "since_12m": start - relativedelta(months=12),
            "since_90": start - timedelta(days=89),
            "since_180": start - timedelta(days=179),
        }

    @api.model
    def _kam_converted_orders_sql(self, partner_ids, since=None):
        """Confirmed orders of these commercial partners in company currency.

        One row per commercial partner, order company, currency and day, with
        the untaxed amount converted to the revenue currency of the partner
        (its company's, else the main company's) at the day's rate of the
        order's company, like ``res.currency._convert`` does: one rate lookup
        per (currency, day), never per order.
        """
        main_company = self._kam_main_company()
        return SQL(
            """
            WITH orders AS (
                SELECT partner.commercial_partner_id AS account_id,
                       so.company_id,
                       so.currency_id,
                       target_company.currency_id AS target_currency_id,
                       split_part(company.parent_path, '/', 1)::int AS root_id,
                       so.date_order::date AS day,
                       so.date_order,
                       so.amount_untaxed
                  FROM sale_order AS so
                  JOIN res_partner AS partner ON partner.id = so.partner_id
                  JOIN res_partner AS account
                       ON account.id = partner.commercial_partner_id
                  JOIN res_company AS company ON company.id = so.company_id
                  JOIN res_company AS target_company
                       ON target_company.id = COALESCE(account.company_id, %(main)s)
                 WHERE so.state = 'sale'
                   AND partner.commercial_partner_id = ANY(%(ids)s)
                   %(since)s
            ),
            rates AS (
                SELECT groups.*,
                       CASE WHEN groups.currency_id = groups.target_currency_id
                            THEN 1.0
                            ELSE target_rate.rate / NULLIF(order_rate.rate, 0)
                       END AS factor
                  FROM (SELECT DISTINCT root_id, currency_id, target_currency_id, day
                          FROM orders) AS groups
                  CROSS JOIN LATERAL (%(order_rate)s) AS order_rate
                  CROSS JOIN LATERAL (%(target_rate)s) AS target_rate
            )
            SELECT orders.*, rates.factor
              FROM orders
              JOIN rates ON rates.root_id = orders.root_id
                        AND rates.currency_id = orders.currency_id
                        AND rates.target_currency_id = orders.target_currency_id
                        AND rates.day = orders.day
            """,
            main=main_company.id,
            ids=list(partner_ids),
            since=SQL("AND so.date_order >= %s", since) if since else SQL(),
            order_rate=self._kam_rate_sql(SQL("groups.currency_id")),
            target_rate=self._kam_rate_sql(SQL("groups.target_currency_id")),
        )

    @api.model
    def _kam_rate_sql(self, currency):
        """Rate of ``currency`` on ``groups.day`` for ``groups.root_id``.

        The same rate as ``res.currency._get_rates``: the last rate on or
        before the day (company-specific first), else the first rate, else 1.
        """
        return SQL(
            """
            SELECT COALESCE(
                (SELECT r.rate FROM res_currency_rate AS r
                  WHERE r.currency_id = %(currency)s AND r.name <= groups.day
                    AND (r.company_id IS NULL OR r.company_id = groups.root_id)
               ORDER BY r.company_id NULLS LAST, r.name DESC LIMIT 1),
                (SELECT r.rate FROM res_currency_rate AS r
                  WHERE r.currency_id = %(currency)s
                    AND (r.company_id IS NULL OR r.company_id = groups.root_id)
               ORDER BY r.company_id NULLS LAST, r.name ASC LIMIT 1),
                1.0
            ) AS rate
            """,
            currency=currency,
        )

    @api.model
    def _kam_refresh_sales_figures(self, partner_ids, refresh_date=None):
        """Store revenue, order count, last order, average and trend.

        For the given commercial partners, in ONE query (after flushing the
        orders): partners without confirmed orders get zeros. Only rows whose
        figures change are written; with ``refresh_date`` (the scores job),
        also the rows whose refresh date differs, to that date.
        """
        ids = [pid for pid in partner_ids if isinstance(pid, int)]
        if not ids:
            return []
        self.env["sale.order"].flush_model(
            ["state", "partner_id", "date_order", "amount_untaxed", "currency_id"]
        )
        self.flush_model(["commercial_partner_id", "company_id"])
        today = fields.Date.context_today(self)
        windows = self._kam_sale_windows(today)
        self.env.cr.execute(
            SQL(
                """
                WITH converted AS (%(converted)s),
                figures AS (
                    SELECT account_id,
                           SUM(amount_untaxed * factor) AS revenue,
                           COUNT(*) AS n_12m,
                           COUNT(*) FILTER (WHERE date_order >= %(since_90)s) AS n_90,
                           COUNT(*) FILTER (WHERE date_order >= %(since_180)s
                                            AND date_order < %(since_90)s) AS n_prev
                      FROM converted
                  GROUP BY account_id
                ),
                last_orders AS (
                    SELECT partner.commercial_partner_id AS account_id,
                           MAX(so.date_order)::date AS last_day
                      FROM sale_order AS so
                      JOIN res_partner AS partner ON partner.id = so.partner_id
                     WHERE so.state = 'sale'
                       AND partner.commercial_partner_id = ANY(%(ids)s)
                  GROUP BY partner.commercial_partner_id
                ),
                new AS (
                    SELECT partner.id,
                           ROUND(COALESCE(figures.revenue, 0), 2) AS revenue,
                           COALESCE(figures.n_12m, 0) AS n_12m,
                           last_orders.last_day,
                           CASE WHEN figures.n_12m > 0
                                THEN ROUND(figures.revenue / figures.n_12m, 2)
                                ELSE 0 END AS average,
                           CASE WHEN COALESCE(figures.n_prev, 0) > 0
                                THEN ROUND(100.0 * (figures.n_90 - figures.n_prev)
                                           / figures.n_prev, 1)
                                WHEN COALESCE(figures.n_90, 0) > 0 THEN 100.0
                                ELSE 0.0 END AS trend
                      FROM res_partner AS partner
                 LEFT JOIN figures ON figures.account_id = partner.id
                 LEFT JOIN last_orders ON last_orders.account_id = partner.id
                     WHERE partner.id = ANY(%(ids)s)
                )
                UPDATE res_partner AS p
                   SET kam_revenue_12m = new.revenue,
                       kam_order_count_12m = new.n_12m,
                       kam_last_order_date = new.last_day,
                       kam_average_order_12m = new.average,
                       kam_order_trend = new.trend
                       %(set_date)s
                  FROM new
                 WHERE p.id = new.id
                   AND (p.kam_revenue_12m IS DISTINCT FROM new.revenue
                        OR p.kam_order_count_12m IS DISTINCT FROM new.n_12m
                        OR p.kam_last_order_date IS DISTINCT FROM new.last_day
                        OR p.kam_average_order_12m IS DISTINCT FROM new.average
                        OR p.kam_order_trend IS DISTINCT FROM new.trend
                        %(date_differs)s)
             RETURNING p.id
                """,
                set_date=SQL(", kam_sales_refresh_date = %s", refresh_date)
                if refresh_date
                else SQL(),
                date_differs=SQL(
                    "OR p.kam_sales_refresh_date IS DISTINCT FROM %s", refresh_date
                )
                if refresh_date
                else SQL(),
                converted=self._kam_converted_orders_sql(ids, windows["since_12m"]),
                ids=ids,
                **windows,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            self.browse(changed).invalidate_recordset(
                [*KAM_SALE_FIGURES, "kam_sales_refresh_date"]
                if refresh_date
                else KAM_SALE_FIGURES
            )
        return changed
