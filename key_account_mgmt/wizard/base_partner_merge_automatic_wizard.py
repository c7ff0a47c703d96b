from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        # The merge moved the ledger lines to dst_partner (foreign keys); its
        # balance and level are recomputed from them instead of copied.
        return super()._update_values(
            src_partners, dst_partner.with_context(kam_partner_merge=True)
        )
