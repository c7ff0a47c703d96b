from odoo import api, models


class KamAccountPrintout(models.AbstractModel):
    """What the printouts of key accounts share: one document per partner
    printed, whose data is its account's (the commercial partner's)."""

    _name = "kam.account.printout"
    _description = "Key-Account Printout"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["res.partner"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": docs,
            **self._kam_account_values(docs.commercial_partner_id),
        }

    @api.model
    def _kam_account_values(self, accounts):
        """The report's values for these accounts (all of them in one batch)."""
        return {}
