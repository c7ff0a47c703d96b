from odoo import api, fields, models
from odoo.addons.key_account_mgmt.models.kam_write_guard import KAM_ENGINE
from odoo.tools import SQL, split_every

from .kam_constants import KAM_SALE_BATCH_SIZE, KAM_SALE_DEFAULTS, KAM_SALE_FIGURES


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

    kam_sales_refresh_date = fields.Date(
        string="Sales Figures Refreshed On",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Technical: day the scores job last refreshed the sales figures "
        "(a run cut short goes on with the customers not refreshed that day).",
    )

    @api.model
    def _kam_write_rules(self):
        # The sales figures and the suggested tier are computed from the
        # orders (kam.write.guard): only the engine writes them; so is the
        # grade while it is graded by revenue (else the core's rule holds).
        rules = super()._kam_write_rules()
        engine = [*KAM_SALE_FIGURES, "kam_suggested_tier_id", "kam_sales_refresh_date"]
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
    def _kam_settings_defaults(self):
        return {**super()._kam_settings_defaults(), **KAM_SALE_DEFAULTS}

    @api.model
    def _kam_sale_param(self, name):
        return self._kam_get_param(name)

    @api.model
    def _kam_sales_customer_ids(self, today=None):
        """Commercial partners whose sales figures the cron refreshes.

        Customers with a confirmed order, partners that still show figures,
        and key accounts; with ``today``, only those not refreshed that day,
        refreshed longest ago first.
        """
        self.env["sale.order"].flush_model(["state", "partner_id"])
        self.flush_model(
            ["commercial_partner_id", "is_key_account", "kam_sales_refresh_date"]
        )
        self.env.cr.execute(
            SQL(
                """
                SELECT customer.id
                  FROM res_partner AS customer
                 WHERE customer.id IN (
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
                       )
                   %(not_today)s
              ORDER BY customer.kam_sales_refresh_date ASC NULLS FIRST, customer.id
                """,
                not_today=SQL(
                    "AND customer.kam_sales_refresh_date IS DISTINCT FROM %s", today
                )
                if today
                else SQL(),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _kam_refresh_all_sales_figures(self):
        """Sales figures of every customer not refreshed today, in batches of
        one query each (which also notes the day they were refreshed).

        A step of the scores job: each batch is committed in a cron run;
        False when the cron's time is up with customers left, which the next
        run refreshes (never a customer twice a day). The figures are
        recomputed from the orders (no email, no activity).
        """
        today = fields.Date.context_today(self)
        customer_ids = self._kam_sales_customer_ids(today)
        remaining = len(customer_ids)
        for batch in split_every(KAM_SALE_BATCH_SIZE, customer_ids):
            self._kam_refresh_sales_figures(list(batch), refresh_date=today)
            remaining -= len(batch)
            if self.env["ir.cron"]._kam_commit_progress(len(batch), remaining) <= 0:
                return not remaining
        return True

    # ------------------------------------------------------------------
    # Scores job: sales figures and grades before the health scores
    # ------------------------------------------------------------------
    @api.model
    def _kam_scores_job_steps(self):
        """Refresh the sales figures of all customers, grade them and
        suggest tier reviews before the health scores (which read
        purchases)."""
        return [
            ("sales_figures", "_kam_refresh_all_sales_figures"),
            ("tier_reviews", "_kam_scores_step_tier_reviews"),
            *super()._kam_scores_job_steps(),
        ]

    @api.model
    def _kam_scores_step_tier_reviews(self):
        """Grades and tier reviews of all customers (one UPDATE each and the
        activities of the new reviews), committed."""
        self._kam_review_tiers()
        self.env["ir.cron"]._kam_commit_progress(0)
        return True
