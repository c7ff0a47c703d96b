from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestClassification(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Grades by hand (with the Sales bridge, grading is by revenue by default).
        cls.env["ir.config_parameter"].set_param(
            "key_account_mgmt.value_grade_source", "manual"
        )

    def test_size_from_employees_and_settings(self):
        """The size follows the head count and the thresholds of the settings."""
        account = self.account.with_user(self.kam_user)
        expected = {0: False, 5: "micro", 20: "small", 300: "medium", 5000: "large"}
        for count, size in expected.items():
            account.kam_employee_count = count
            self.assertEqual(account.kam_size, size, count)
        account.kam_employee_count = 150
        self.assertEqual(account.kam_size, "small")
        self.env["res.config.settings"].create(
            {
                "kam_size_small_from": 10,
                "kam_size_medium_from": 100,
                "kam_size_large_from": 250,
            }
        ).execute()
        self.assertEqual(account.kam_size, "medium")
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"kam_size_small_from": 50, "kam_size_medium_from": 40}
            )

    def test_value_grade_by_hand(self):
        """The grade is a core field set by hand, tracked, and grouped by."""
        self.account.with_user(self.kam_user).with_context(
            tracking_disable=False
        ).kam_value_grade = "A"
        self.other_account.with_user(self.kam_manager).kam_value_grade = "B"
        self.env.cr.flush()
        tracked = self.account.message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "kam_value_grade"
        )
        self.assertEqual(tracked.new_value_char, "A")
        Partner = self.env["res.partner"].with_user(self.kam_user)
        groups = dict(
            Partner._read_group(
                [("is_key_account", "=", True)],
                groupby=["kam_value_grade"],
                aggregates=["__count"],
            )
        )
        self.assertEqual(groups.get("A"), 1)
        self.assertEqual(groups.get("B"), 1)
        industry = self.env["res.partner.industry"].create({"name": "Robotics"})
        self.account.industry_id = industry
        rows = Partner._read_group(
            Partner._kam_account_domain(),
            groupby=["industry_id", "kam_tier_id"],
            aggregates=["__count"],
        )
        self.assertIn((industry, self.tier_strategic, 1), rows)

    def test_grade_hidden_from_other_users(self):
        """Users without key-account rights do not read the grade or size."""
        with self.assertRaises(Exception):  # noqa: B017 (AccessError on a field)
            self.account.with_user(self.employee).read(["kam_value_grade"])
