from odoo.tools import float_compare

from .common import KamCommon


class KamPointsCommon(KamCommon):
    """KamCommon plus the loyalty settings fixed for the tests."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Line = cls.env["kam.points.line"]
        cls.Param = cls.env["ir.config_parameter"].sudo()
        cls.Param.set_param("key_account_mgmt.points_precision", "2")
        cls.Param.set_param("key_account_mgmt.points_validity_months", "0")
        cls.Param.set_param("key_account_mgmt.referral_points", "100")
        cls.Param.set_param("key_account_mgmt.referral_trigger", "key_account")
        # A plain customer: no tier, multiplier 1.
        cls.customer = cls.env["res.partner"].create(
            {"name": "Lotus Trading Co.", "is_company": True, "email": "lt@example.com"}
        )
        cls.customer_contact = cls.env["res.partner"].create(
            {"name": "王芳", "parent_id": cls.customer.id}
        )

    def assertBalanceIsLedgerSum(self, partner):
        partner = partner.sudo()
        partner.invalidate_recordset(["kam_points_balance"])
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT COALESCE(SUM(points), 0) FROM kam_points_line "
            "WHERE partner_id = %s",
            [partner.id],
        )
        ledger = float(self.env.cr.fetchone()[0])
        self.assertEqual(
            float_compare(partner.kam_points_balance, ledger, precision_digits=2),
            0,
            f"balance {partner.kam_points_balance} != ledger sum {ledger}",
        )
        return ledger
