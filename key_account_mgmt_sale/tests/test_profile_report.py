from .common import KamSaleCommon


class TestProfileReportSales(KamSaleCommon):
    """The sales figures on the printable key-account profile."""

    def test_profile_shows_the_sales_figures(self):
        self._order(self.account, 1234.0)
        report = self.env.ref("key_account_mgmt.action_report_kam_profile")
        html, _fmt = (
            self.env["ir.actions.report"]
            .with_user(self.kam_user)
            ._render_qweb_html(report, self.account.ids)
        )
        html = html.decode()
        self.assertIn("Sales (12 Months)", html)
        self.assertIn("1,234.00", html)
