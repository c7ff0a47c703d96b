from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL

from .common import KamSaleCommon


@tagged("post_install", "-at_install")
class TestValueGrade(KamSaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A company of its own, so that other customers of the database do not
        # take part in the grading.
        cls.grade_company = cls.env["res.company"].create(
            {"name": "Grading Co", "currency_id": cls.currency.id}
        )
        cls.kam_user.company_ids |= cls.grade_company
        Partner = cls.env["res.partner"]
        cls.customers = Partner.create(
            [
                {
                    "name": f"Customer {revenue}",
                    "is_company": True,
                    "company_id": cls.grade_company.id,
                }
                for revenue in (500, 200, 150, 100, 50)
            ]
        )
        cls.big, cls.second, cls.third, cls.fourth, cls.small = cls.customers
        # Key accounts among them, managed by kam_user.
        (cls.second | cls.fourth).write(
            {
                "is_key_account": True,
                "kam_tier_id": cls.tier_standard.id,
                "kam_manager_id": cls.kam_user.id,
            }
        )
        cls.idle_account = Partner.create(
            {
                "name": "Idle Key Account",
                "is_company": True,
                "company_id": cls.grade_company.id,
                "is_key_account": True,
                "kam_tier_id": cls.tier_standard.id,
                "kam_manager_id": cls.kam_user.id,
            }
        )
        cls.idle_customer = Partner.create(
            {"name": "Idle Customer", "company_id": cls.grade_company.id}
        )
        cls.review_type = cls.env.ref(
            "key_account_mgmt_sale.mail_activity_type_kam_review_tier"
        )

    def _set_revenues(self, revenues):
        """Store hand-built revenues: {partner: revenue}."""
        self.env.flush_all()
        for partner, revenue in revenues.items():
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET kam_revenue_12m = %s WHERE id = %s",
                    revenue,
                    partner.id,
                )
            )
        self.env.invalidate_all()

    def _grades(self):
        return [
            p.kam_value_grade
            for p in self.customers | self.idle_account | self.idle_customer
        ]

    def _reviews(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("activity_type_id", "=", self.review_type.id),
            ]
        )

    def test_abc_grades(self):
        self._set_revenues(
            dict(zip(self.customers, (500, 200, 150, 100, 50), strict=True))
            | {self.idle_account: 0}
        )
        changes = self.env["res.partner"]._kam_compute_value_grades()
        # Cumulative share before each: 0 %, 50 %, 70 %, 85 %, 95 %.
        self.assertEqual(self._grades(), ["A", "A", "B", "B", "C", "C", False])
        self.assertEqual(changes[self.big.id], (None, "A"))
        # Other shares: 50/30/20.
        self._set_param("abc_share_a", 50)
        self._set_param("abc_share_b", 30)
        self._set_param("abc_share_c", 20)
        changes = self.env["res.partner"]._kam_compute_value_grades()
        self.assertEqual(self._grades(), ["A", "B", "B", "C", "C", "C", False])
        self.assertEqual(
            changes, {self.second.id: ("A", "B"), self.fourth.id: ("B", "C")}
        )
        # No B grade at all (a share of 0 is kept).
        self._set_param("abc_share_a", 70)
        self._set_param("abc_share_b", 0)
        self._set_param("abc_share_c", 30)
        self.env["res.partner"]._kam_compute_value_grades()
        self.assertEqual(self._grades(), ["A", "A", "C", "C", "C", "C", False])

    def test_grade_cleared_without_revenue(self):
        self._set_revenues({self.big: 100, self.small: 10})
        self.env["res.partner"]._kam_compute_value_grades()
        self.assertEqual(self.small.kam_value_grade, "C")
        self._set_revenues({self.small: 0})
        self.env["res.partner"]._kam_compute_value_grades()
        self.assertFalse(self.small.kam_value_grade)
        self.assertEqual(self.big.kam_value_grade, "A")

    def test_tier_review_activity_once(self):
        self.tier_strategic.min_revenue_12m = 180
        self.tier_key.min_revenue_12m = 120
        self._set_revenues(
            dict(zip(self.customers, (500, 200, 150, 100, 50), strict=True))
        )
        Partner = self.env["res.partner"]
        with freeze_time("2026-06-30"):
            Partner._kam_review_tiers()
        # 200 reaches the strategic minimum; 100 reaches none and its tier
        # (standard) has no minimum: nothing to review.
        self.assertEqual(self.second.kam_suggested_tier_id, self.tier_strategic)
        self.assertFalse(self.fourth.kam_suggested_tier_id)
        review = self._reviews(self.second)
        self.assertEqual(len(review), 1)
        self.assertEqual(review.user_id, self.kam_user)
        self.assertIn("Strategic", review.note)
        self.assertFalse(self._reviews(self.fourth))
        self.assertFalse(self._reviews(self.big), "not a key account")
        # Never an automatic tier change.
        self.assertEqual(self.second.kam_tier_id, self.tier_standard)
        # The next runs create no second activity while one is open...
        with freeze_time("2026-07-01"):
            Partner._kam_review_tiers()
            self._set_revenues({self.second: 150})  # now crosses down to Key
            Partner._kam_review_tiers()
        self.assertEqual(self.second.kam_suggested_tier_id, self.tier_key)
        self.assertEqual(len(self._reviews(self.second)), 1)
        # ... and once it is done, the next crossing asks again.
        review.with_user(self.kam_user).action_feedback(feedback="Kept Standard")
        with freeze_time("2026-07-02"):
            Partner._kam_review_tiers()
            self.assertFalse(self._reviews(self.second), "no new crossing")
            self._set_revenues({self.second: 300})
            Partner._kam_review_tiers()
        self.assertEqual(len(self._reviews(self.second)), 1)

    def test_tier_review_on_grade_change(self):
        self._set_revenues(
            dict(zip(self.customers, (500, 200, 150, 100, 50), strict=True))
        )
        Partner = self.env["res.partner"]
        Partner._kam_review_tiers()
        # The first grading is no change.
        self.assertFalse(self._reviews(self.fourth))
        self._set_revenues({self.fourth: 400})
        Partner._kam_review_tiers()
        self.assertEqual(self.fourth.kam_value_grade, "A")
        review = self._reviews(self.fourth)
        self.assertEqual(len(review), 1)
        self.assertIn("from B to A", review.note)

    def test_tier_review_when_revenue_falls_below_own_tier(self):
        self.tier_key.min_revenue_12m = 120
        self.second.kam_tier_id = self.tier_key
        self._set_revenues({self.second: 200})
        Partner = self.env["res.partner"]
        Partner._kam_review_tiers()
        self.assertEqual(self.second.kam_suggested_tier_id, self.tier_key)
        self.assertFalse(self._reviews(self.second), "already in the right tier")
        self._set_revenues({self.second: 100})
        Partner._kam_review_tiers()
        self.assertFalse(self.second.kam_suggested_tier_id)
        self.assertIn("fell below", self._reviews(self.second).note)

    def test_hand_grades_kept_when_grading_off(self):
        """With the ABC grading off, grades set by hand (or import) stay; on,
        the revenue decides."""
        self._set_revenues(
            dict(zip(self.customers, (500, 200, 150, 100, 50), strict=True))
        )
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.value_grade_source", "manual"
        )
        self.small.with_user(self.kam_user).kam_value_grade = "A"
        self.assertFalse(self.small.kam_value_grade_auto)
        self.assertEqual(self.env["res.partner"]._kam_compute_value_grades(), {})
        self.env["res.partner"]._kam_review_tiers()
        self.assertEqual(self.small.kam_value_grade, "A")
        self.assertFalse(self.big.kam_value_grade)
        self.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.value_grade_source", "revenue"
        )
        self.small.invalidate_recordset()
        self.assertTrue(self.small.kam_value_grade_auto)
        self.env["res.partner"]._kam_compute_value_grades()
        self.assertEqual(self.small.kam_value_grade, "C")
        self.assertEqual(self.big.kam_value_grade, "A")
