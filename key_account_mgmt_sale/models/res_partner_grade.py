from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, split_every

# Accounts per chunk of the tier reviews.
KAM_REVIEW_CHUNK = 1000


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

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
        activities = self.env["mail.activity"]
        # By chunks, the cache emptied after each (the memory stays flat when
        # a first run grades every customer); in one transaction with the
        # grades, so that no review is lost to a run cut short.
        for chunk in split_every(
            KAM_REVIEW_CHUNK, sorted(set(grade_changes) | set(tier_changes))
        ):
            activities |= self._kam_review_tiers_of(chunk, grade_changes, tier_changes)
            self.env.invalidate_all()
        return activities

    @api.model
    def _kam_review_tiers_of(self, partner_ids, grade_changes, tier_changes):
        """The review activities of a chunk of the changed customers."""
        candidates = self.browse(partner_ids).sudo()
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

        def prepare(account):
            return {
                "user_id": account.kam_manager_id.id,
                # No summary: the activity shows its type, translated.
                "note": self.env._(
                    "Review the tier %(tier)s of %(account)s: %(reasons)s",
                    tier=account.kam_tier_id.name,
                    account=account.display_name,
                    reasons=" ".join(reasons[account.id]),
                ),
            }

        return self.env["mail.activity"]._kam_schedule(review_type, self, prepare)
