from odoo import api, models


class ReportKamPointsStatement(models.AbstractModel):
    """The points statement of an account: balance, level and the whole
    ledger with its running balance, for those who may read the ledger."""

    _name = "report.key_account_mgmt.report_kam_points_statement"
    _inherit = "kam.account.printout"
    _description = "Points Statement Report"

    @api.model
    def _kam_account_values(self, accounts):
        user = self.env.user
        shown = accounts.filtered(
            lambda account: self._kam_may_read_ledger(account, user)
        )
        return {"kam_statement_lines": self._kam_statement_lines(accounts, shown)}

    @api.model
    def _kam_may_read_ledger(self, account, user):
        """Does the statement of ``account`` printed by ``user`` list its
        ledger? For a key-account manager and for the account's manager or
        backup. Bridges extend it (the portal: the account's own contacts)."""
        return user.has_group(
            "key_account_mgmt.group_kam_manager"
        ) or account._kam_is_managed_by(user)

    @api.model
    def _kam_statement_lines(self, accounts, shown):
        """{account id: [(ledger line, running balance)]}, oldest first.

        The whole ledger of the ``shown`` accounts (all companies, so that
        the running balance ends on the account's balance), in one query;
        nothing for the others.
        """
        lines = (
            self.env["kam.points.line"]
            .sudo()
            .search([("partner_id", "in", shown.ids)], order="date, id")
        )
        statement = {account_id: [] for account_id in accounts.ids}
        balances = dict.fromkeys(accounts.ids, 0)
        for line in lines:
            account_id = line.partner_id.id
            balances[account_id] += line.points
            statement[account_id].append((line, balances[account_id]))
        return statement
