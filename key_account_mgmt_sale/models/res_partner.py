from datetime import datetime, time, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.key_account_mgmt.models.kam_write_guard import KAM_ENGINE
from odoo.fields import Domain
from odoo.tools import SQL, float_round, split_every

# Settings of the sales bridge (ir.config_parameter "key_account_mgmt.<name>")
# and their defaults. A value of 0 is meaningful for each of them.
KAM_SALE_DEFAULTS = {
    "abc_share_a": 70,
    "abc_share_b": 20,
    "abc_share_c": 10,
    "sale_points": 1,
    "sale_points_amount": 100,
    "health_weight_purchases": 20,
}
# Customers per batch when the scores cron refreshes the sales figures.
KAM_SALE_BATCH_SIZE = 2000
# Stored sales figures, written by SQL only.
KAM_SALE_FIGURES = [
    "kam_revenue_12m",
    "kam_order_count_12m",
    "kam_last_order_date",
    "kam_average_order_12m",
    "kam_order_trend",
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The stored columns are created by the pre_init_hook and written by SQL
    # (orders confirmed or cancelled, and the scores cron), never computed
    # partner by partner.
    # Stored so that the revenue sums in pivot and graph views (a Monetary
    # measure is aggregated only when its currency field is stored); filled by
    # SQL in the pre_init_hook at install.
    kam_currency_id = fields.Many2one(
        "res.currency",
        string="Revenue Currency",
        compute="_compute_kam_currency_id",
        store=True,
        groups="key_account_mgmt.group_kam_user",
        help="Currency of the company of the account (of the main company for "
        "partners shared between companies).",
    )
    kam_revenue_12m = fields.Monetary(
        string="Revenue (12 Months)",
        currency_field="kam_currency_id",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Untaxed amount of the sale orders confirmed in the last 12 months, "
        "converted to the company currency at the order date.",
    )
    kam_order_count_12m = fields.Integer(
        string="Orders (12 Months)",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Sale orders confirmed in the last 12 months.",
    )
    kam_last_order_date = fields.Date(
        string="Last Order",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Order date of the last confirmed sale order.",
    )
    kam_average_order_12m = fields.Monetary(
        string="Average Order (12 Months)",
        currency_field="kam_currency_id",
        readonly=True,
        copy=False,
        aggregator="avg",
        groups="key_account_mgmt.group_kam_user",
        help="Revenue of the last 12 months divided by the number of orders.",
    )
    kam_order_trend = fields.Float(
        string="Order Frequency Trend (%)",
        readonly=True,
        copy=False,
        digits=(16, 1),
        aggregator="avg",
        groups="key_account_mgmt.group_kam_user",
        help="Orders confirmed in the last 90 days compared with the 90 days "
        "before, as a signed percentage: +50 means half as many orders again, "
        "-100 no order any more. +100 when orders start after 90 days without.",
    )
    # The value grade (kam_value_grade) is a core field; this bridge computes
    # it from the revenue while its ABC grading is on (the default).
    kam_value_grade_auto = fields.Boolean(
        string="Grade by Revenue",
        compute="_compute_kam_value_grade_auto",
        groups="key_account_mgmt.group_kam_user",
        help="Technical: the value grade is computed from the revenue (ABC "
        "grading on in the settings).",
    )
    kam_suggested_tier_id = fields.Many2one(
        "kam.tier",
        string="Tier by Revenue",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Tier whose minimum revenue the account reaches (the highest one); "
        "empty when no tier has a minimum revenue or none is reached. Only a "
        "suggestion: the manager gets a Review Tier activity when it differs "
        "from the tier of the account, the tier itself never changes by itself.",
    )

    def _compute_kam_value_grade_auto(self):
        auto = self._kam_value_grade_by_revenue()
        for partner in self:
            partner.kam_value_grade_auto = auto

    @api.model
    def _kam_value_grade_by_revenue(self):
        """Whether the ABC grading by revenue is on (setting)."""
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("key_account_mgmt.value_grade_source", "revenue")
            != "manual"
        )

    @api.model
    def _kam_write_rules(self):
        # The sales figures and the suggested tier are computed from the
        # orders (kam.write.guard): only the engine writes them; so is the
        # grade while it is graded by revenue (else the core's rule holds).
        rules = super()._kam_write_rules()
        engine = [*KAM_SALE_FIGURES, "kam_suggested_tier_id"]
        if self._kam_value_grade_by_revenue():
            engine.append("kam_value_grade")
        rules.update(dict.fromkeys(engine, KAM_ENGINE))
        return rules

    @api.depends("commercial_partner_id.company_id")
    def _compute_kam_currency_id(self):
        main_currency = self._kam_main_company().currency_id
        for partner in self:
            partner.kam_currency_id = (
                partner.commercial_partner_id.company_id.currency_id or main_currency
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_view_sale_orders(self):
        """Confirmed sale orders of the account and its contacts."""
        self.ensure_one()
        account = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [
            ("partner_id", "child_of", account.id),
            ("state", "=", "sale"),
        ]
        action["context"] = {"default_partner_id": account.id}
        return action

    def action_kam_view_sale_orders_12m(self):
        """The orders behind the revenue of the last 12 months."""
        action = self.action_kam_view_sale_orders()
        today = fields.Date.context_today(self)
        action["domain"] += [
            ("date_order", ">=", self._kam_sale_windows(today)["since_12m"]),
        ]
        action["name"] = self.env._("Orders of the Last 12 Months")
        return action

    # ------------------------------------------------------------------
    # Sales figures
    # ------------------------------------------------------------------
    @api.model
    def _kam_main_company(self):
        company_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "base.main_company", raise_if_not_found=False
        )
        Company = self.env["res.company"].sudo()
        return (
            Company.browse(company_id)
            if company_id
            else Company.search([], order="id", limit=1)
        )

    @api.model
    def _kam_sale_param(self, name):
        return self._kam_get_param(name, KAM_SALE_DEFAULTS[name])

    @api.model
    def _kam_points_trigger(self):
        """When purchases earn points: "order" confirmation or "invoice" posting."""
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("key_account_mgmt.sale_points_trigger", "order")
        )

    @api.model
    def _kam_sale_points_for(self, amount):
        """Points (before the tier multiplier) for an untaxed amount in
        company currency, rounded down to the points precision."""
        points = self._kam_sale_param("sale_points")
        per_amount = self._kam_sale_param("sale_points_amount")
        if points <= 0 or per_amount <= 0 or amount <= 0:
            return 0.0
        Line = self.env["kam.points.line"]
        return float_round(
            amount * points / per_amount,
            precision_digits=Line._kam_points_precision(),
            rounding_method="DOWN",
        )

    def _kam_earn_missing_points(self, points, net, origin, line_vals):
        """Earn what a document's ledger lines (``net``) are short of.

        ``points`` are before the tier multiplier, ``net`` in ledger points;
        ``line_vals`` name the document on the ledger line (a private
        parameter: no client context decides what is booked).
        Returns the earning, or an empty recordset when nothing is missing.
        """
        self.ensure_one()
        Line = self.env["kam.points.line"].sudo()
        multiplier = self._kam_points_multiplier()
        missing = Line._kam_round(Line._kam_round(points * multiplier) - net)
        if missing <= 0:
            return Line.browse()
        return self._kam_earn_points(missing / multiplier, origin, line_vals=line_vals)

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
    def _kam_refresh_sales_figures(self, partner_ids):
        """Store revenue, order count, last order, average and trend.

        For the given commercial partners, in ONE query (after flushing the
        orders): partners without confirmed orders get zeros. Only rows whose
        figures change are written.
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
                  FROM new
                 WHERE p.id = new.id
                   AND (p.kam_revenue_12m IS DISTINCT FROM new.revenue
                        OR p.kam_order_count_12m IS DISTINCT FROM new.n_12m
                        OR p.kam_last_order_date IS DISTINCT FROM new.last_day
                        OR p.kam_average_order_12m IS DISTINCT FROM new.average
                        OR p.kam_order_trend IS DISTINCT FROM new.trend)
             RETURNING p.id
                """,
                converted=self._kam_converted_orders_sql(ids, windows["since_12m"]),
                ids=ids,
                **windows,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            self.browse(changed).invalidate_recordset(KAM_SALE_FIGURES)
        return changed

    @api.model
    def _kam_sales_customer_ids(self):
        """Commercial partners whose sales figures the cron refreshes.

        Customers with a confirmed order, partners that still show figures,
        and key accounts.
        """
        self.env["sale.order"].flush_model(["state", "partner_id"])
        self.flush_model(["commercial_partner_id", "is_key_account"])
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id
                  FROM sale_order AS so
                  JOIN res_partner AS partner ON partner.id = so.partner_id
                 WHERE so.state = 'sale'
                 UNION
                SELECT id FROM res_partner
                 WHERE kam_last_order_date IS NOT NULL
                    OR kam_revenue_12m <> 0
                    OR kam_value_grade IS NOT NULL
                    OR (is_key_account IS TRUE AND commercial_partner_id = id)
                """
            )
        )
        return sorted(row[0] for row in self.env.cr.fetchall())

    @api.model
    def _kam_refresh_all_sales_figures(self):
        """Sales figures of every customer, in batches of one query each."""
        for batch in split_every(KAM_SALE_BATCH_SIZE, self._kam_sales_customer_ids()):
            self._kam_refresh_sales_figures(list(batch))

    # ------------------------------------------------------------------
    # ABC grade and tier review
    # ------------------------------------------------------------------
    @api.model
    def _kam_compute_value_grades(self):
        """ABC grade of every customer, in one pass per company.

        Customers are ranked by revenue over 12 months within the company of
        their revenue currency: A while the revenue of the customers ranked
        before is below the A share of the total, B below A + B shares, C for
        the rest. Key accounts without revenue are C; other partners without
        revenue have no grade.

        Nothing is computed while the ABC grading is off: the grades are then
        set by hand or by the worksheet import.

        :return: {partner_id: (old_grade, new_grade)} of the changed grades
        """
        if not self._kam_value_grade_by_revenue():
            return {}
        share_a = self._kam_sale_param("abc_share_a")
        share_b = self._kam_sale_param("abc_share_b")
        self.flush_model(
            ["kam_revenue_12m", "is_key_account", "commercial_partner_id", "company_id"]
        )
        self.env.cr.execute(
            SQL(
                """
                WITH ranked AS (
                    SELECT id,
                           kam_revenue_12m AS revenue,
                           SUM(kam_revenue_12m) OVER w_company AS total,
                           SUM(kam_revenue_12m) OVER w_rank - kam_revenue_12m AS before
                      FROM res_partner
                     WHERE commercial_partner_id = id
                       AND (kam_revenue_12m > 0
                            OR (is_key_account IS TRUE AND kam_revenue_12m IS NOT NULL))
                    WINDOW w_company AS (PARTITION BY COALESCE(company_id, %(main)s)),
                           w_rank AS (PARTITION BY COALESCE(company_id, %(main)s)
                                      ORDER BY kam_revenue_12m DESC, id
                                      ROWS UNBOUNDED PRECEDING)
                ),
                graded AS (
                    SELECT id,
                           CASE WHEN revenue <= 0 OR total <= 0 THEN 'C'
                                WHEN before < total * %(a)s / 100.0 THEN 'A'
                                WHEN before < total * (%(a)s + %(b)s) / 100.0 THEN 'B'
                                ELSE 'C' END AS grade
                      FROM ranked
                ),
                new AS (
                    SELECT partner.id, partner.kam_value_grade AS old_grade,
                           graded.grade
                      FROM res_partner AS partner
                 LEFT JOIN graded ON graded.id = partner.id
                     WHERE graded.id IS NOT NULL
                        OR partner.kam_value_grade IS NOT NULL
                )
                UPDATE res_partner AS p
                   SET kam_value_grade = new.grade
                  FROM new
                 WHERE p.id = new.id
                   AND p.kam_value_grade IS DISTINCT FROM new.grade
             RETURNING p.id, new.old_grade, new.grade
                """,
                main=self._kam_main_company().id,
                a=share_a,
                b=share_b,
            )
        )
        changes = {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}
        if changes:
            self.browse(list(changes)).invalidate_recordset(["kam_value_grade"])
        return changes

    @api.model
    def _kam_update_suggested_tiers(self):
        """Store the tier each key account reaches by revenue.

        The highest minimum revenue reached among the active tiers of the
        account's company that have one. One UPDATE for all key accounts.

        :return: {partner_id: (old_tier_id, new_tier_id)} of the changes
        """
        self.env["kam.tier"].flush_model(["min_revenue_12m", "active", "company_id"])
        self.flush_model(["kam_revenue_12m", "is_key_account", "company_id"])
        self.env.cr.execute(
            SQL(
                """
                WITH new AS (
                    SELECT partner.id, partner.kam_suggested_tier_id AS old_tier,
                           (SELECT tier.id FROM kam_tier AS tier
                             WHERE tier.active IS TRUE
                               AND COALESCE(tier.min_revenue_12m, 0) > 0
                               AND tier.min_revenue_12m
                                   <= COALESCE(partner.kam_revenue_12m, 0)
                               AND (tier.company_id IS NULL
                                    OR tier.company_id = COALESCE(
                                        partner.company_id, %(main)s))
                          ORDER BY tier.min_revenue_12m DESC, tier.sequence, tier.id
                             LIMIT 1) AS tier
                      FROM res_partner AS partner
                     WHERE (partner.is_key_account IS TRUE
                            AND partner.commercial_partner_id = partner.id)
                        OR partner.kam_suggested_tier_id IS NOT NULL
                )
                UPDATE res_partner AS p
                   SET kam_suggested_tier_id = CASE
                           WHEN p.is_key_account IS TRUE
                            AND p.commercial_partner_id = p.id THEN new.tier END
                  FROM new
                 WHERE p.id = new.id
                   AND p.kam_suggested_tier_id IS DISTINCT FROM CASE
                           WHEN p.is_key_account IS TRUE
                            AND p.commercial_partner_id = p.id THEN new.tier END
             RETURNING p.id, new.old_tier, p.kam_suggested_tier_id
                """,
                main=self._kam_main_company().id,
            )
        )
        changes = {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}
        if changes:
            self.browse(list(changes)).invalidate_recordset(["kam_suggested_tier_id"])
        return changes

    @api.model
    def _kam_review_tiers(self, grade_changes=None):
        """Grade the customers, then ask managers to review tiers that no
        longer fit: one "Review Tier" activity per key account whose revenue
        crossed a tier's minimum (its tier by revenue changed and differs from
        its tier) or whose grade changed. The tier itself never changes.
        """
        if grade_changes is None:
            grade_changes = self._kam_compute_value_grades()
        tier_changes = self._kam_update_suggested_tiers()
        candidates = self.browse(set(grade_changes) | set(tier_changes)).sudo()
        candidates = candidates.filtered_domain(
            self._kam_account_domain() & Domain("kam_manager_id", "!=", False)
        )
        to_review = {}
        for account in candidates:
            reasons = []
            if (
                account.id in tier_changes
                and account.kam_suggested_tier_id
                and account.kam_suggested_tier_id != account.kam_tier_id
            ):
                reasons.append(
                    self.env._(
                        "Its revenue over 12 months (%(revenue)s) reaches the "
                        "minimum of the tier %(tier)s.",
                        revenue=account._kam_format_revenue(),
                        tier=account.kam_suggested_tier_id.name,
                    )
                )
            elif (
                account.id in tier_changes
                and not account.kam_suggested_tier_id
                and account.kam_tier_id.min_revenue_12m
            ):
                reasons.append(
                    self.env._(
                        "Its revenue over 12 months (%(revenue)s) fell below the "
                        "minimum of its tier %(tier)s.",
                        revenue=account._kam_format_revenue(),
                        tier=account.kam_tier_id.name,
                    )
                )
            old_grade, new_grade = grade_changes.get(account.id, (None, None))
            if old_grade and new_grade and old_grade != new_grade:
                reasons.append(
                    self.env._(
                        "Its value grade changed from %(old)s to %(new)s.",
                        old=old_grade,
                        new=new_grade,
                    )
                )
            if reasons:
                to_review[account.id] = reasons
        return self.browse(list(to_review)).sudo()._kam_schedule_tier_reviews(to_review)

    def _kam_format_revenue(self):
        self.ensure_one()
        return f"{self.kam_revenue_12m:,.2f} {self.kam_currency_id.name or ''}".strip()

    def _kam_schedule_tier_reviews(self, reasons):
        """One "Review Tier" activity per account, none while one is open."""
        if not self:
            return self.env["mail.activity"]
        review_type = self.env.ref(
            "key_account_mgmt_sale.mail_activity_type_kam_review_tier",
            raise_if_not_found=False,
        )
        if not review_type:
            return self.env["mail.activity"]
        accounts = self - self._kam_with_open_activity(review_type)
        model_id = self.env["ir.model"]._get_id("res.partner")
        today = fields.Date.context_today(self)
        vals_list = []
        for account in accounts:
            if not account.kam_manager_id.active:
                continue
            vals_list.append(
                {
                    "activity_type_id": review_type.id,
                    "res_model_id": model_id,
                    "res_id": account.id,
                    "user_id": account.kam_manager_id.id,
                    "date_deadline": today + timedelta(days=review_type.delay_count),
                    # No summary: the activity shows its type, translated.
                    "note": self.env._(
                        "Review the tier %(tier)s of %(account)s: %(reasons)s",
                        tier=account.kam_tier_id.name,
                        account=account.display_name,
                        reasons=" ".join(reasons[account.id]),
                    ),
                    "automated": True,
                }
            )
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )

    # ------------------------------------------------------------------
    # Scores cron: sales figures and grades before the health scores
    # ------------------------------------------------------------------
    @api.model
    def _cron_kam_recompute_scores(self):
        """Refresh the sales figures of all customers, grade them, suggest
        tier reviews, then compute the health scores (which read purchases).
        """
        Partner = self.sudo().with_context(tracking_disable=True)
        Partner._kam_refresh_all_sales_figures()
        Partner._kam_review_tiers()
        if self.env.context.get("cron_id"):
            self.env["ir.cron"]._commit_progress()
        return super()._cron_kam_recompute_scores()

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
