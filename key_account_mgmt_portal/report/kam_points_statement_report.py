from odoo import api, models


class ReportKamPointsStatement(models.AbstractModel):
    _inherit = "report.key_account_mgmt.report_kam_points_statement"

    @api.model
    def _kam_may_read_ledger(self, account, user):
        # A contact of a key account downloads the statement of its own
        # account from the portal (rendered as superuser for that account
        # only): the whole ledger, like the account manager sees it.
        return super()._kam_may_read_ledger(account, user) or bool(
            user.share
            and not user._is_public()
            and account.is_key_account
            and user.partner_id.commercial_partner_id == account
        )
