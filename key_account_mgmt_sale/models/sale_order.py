from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def action_confirm(self):
        result = super().action_confirm()
        self._kam_after_confirm()
        return result

    def _action_cancel(self):
        result = super()._action_cancel()
        self._kam_after_cancel()
        return result

    # ------------------------------------------------------------------
    # Key accounts: sales figures, points and referrals
    # ------------------------------------------------------------------
    def _kam_accounts(self):
        return self.sudo().partner_id.commercial_partner_id

    def _kam_after_confirm(self):
        """Keep the account's figures current and earn points for the orders."""
        accounts = self._kam_accounts()
        if not accounts:
            return
        Partner = self.env["res.partner"].sudo()
        Partner._kam_refresh_sales_figures(accounts.ids)

    def _kam_after_cancel(self):
        """Keep the account's figures current and reverse the points earned."""
        accounts = self._kam_accounts()
        if not accounts:
            return
        Partner = self.env["res.partner"].sudo()
        Partner._kam_refresh_sales_figures(accounts.ids)
