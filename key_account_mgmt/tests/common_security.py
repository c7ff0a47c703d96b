from odoo.exceptions import UserError

from .common_complaint import KamComplaintCommon


class KamSecurityCase(KamComplaintCommon):
    """Helpers shared by the security tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.level = cls.env["kam.member.level"].create(
            {"name": "Platinum (test)", "min_points": 1_000_000}
        )

    def assertRefused(self, func, *args, exception=UserError, **kwargs):
        """func(*args, **kwargs) raises (an AccessError is a UserError)."""
        with self.assertRaises(exception):
            func(*args, **kwargs)
