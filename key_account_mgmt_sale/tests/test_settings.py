from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged

from .common import KamSaleCommon


@tagged("post_install", "-at_install")
class TestSaleSettings(KamSaleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="kam_settings_admin",
            groups="base.group_system,key_account_mgmt.group_kam_manager",
            name="Settings Administrator",
        )

    def _settings(self):
        return self.env["res.config.settings"].with_user(self.admin)

    def test_defaults(self):
        settings = self._settings().create({})
        self.assertEqual(
            (
                settings.kam_abc_share_a,
                settings.kam_abc_share_b,
                settings.kam_abc_share_c,
                settings.kam_sale_points,
                settings.kam_sale_points_amount,
                settings.kam_sale_points_trigger,
                settings.kam_health_weight_purchases,
            ),
            (70, 20, 10, 1, 100, "order", 20),
        )

    def test_settings_view(self):
        arch = self._settings().get_views([(False, "form")])["views"]["form"]["arch"]
        for fname in (
            "kam_abc_share_a",
            "kam_sale_points",
            "kam_sale_points_trigger",
            "kam_health_weight_purchases",
        ):
            self.assertIn(fname, arch)

    def test_zero_is_kept(self):
        """A setting saved as 0 comes back as 0, not as its default."""
        settings = self._settings().create(
            {
                "kam_abc_share_a": 80,
                "kam_abc_share_b": 0,
                "kam_abc_share_c": 20,
                "kam_sale_points": 0,
                "kam_health_weight_purchases": 0,
                "kam_sale_points_trigger": "invoice",
            }
        )
        settings.execute()
        settings = self._settings().create({})
        self.assertEqual(settings.kam_abc_share_b, 0)
        self.assertEqual(settings.kam_sale_points, 0)
        self.assertEqual(settings.kam_health_weight_purchases, 0)
        self.assertEqual(settings.kam_abc_share_a, 80)
        self.assertEqual(settings.kam_sale_points_trigger, "invoice")
        # From a stored value back to 0.
        self._settings().create({"kam_sale_points": 5}).execute()
        self.assertEqual(self._settings().create({}).kam_sale_points, 5)
        self._settings().create({"kam_sale_points": 0}).execute()
        self.assertEqual(self._settings().create({}).kam_sale_points, 0)
        Partner = self.env["res.partner"]
        self.assertEqual(Partner._kam_sale_param("abc_share_b"), 0)
        self.assertEqual(Partner._kam_sale_param("sale_points"), 0)
        self.assertEqual(Partner._kam_sale_param("health_weight_purchases"), 0)

    def test_invalid_settings(self):
        with self.assertRaises(ValidationError):
            self._settings().create(
                {"kam_abc_share_a": 70, "kam_abc_share_b": 20, "kam_abc_share_c": 20}
            )
        with self.assertRaises(ValidationError):
            self._settings().create({"kam_sale_points_amount": 0})
        with self.assertRaises(ValidationError):
            self._settings().create({"kam_health_weight_purchases": -1})
