from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        # The orders of the merged partners now belong to dst_partner: its
        # sales figures are recomputed from them, not copied from a source.
        res = super()._update_values(src_partners, dst_partner)
        self.env["res.partner"].sudo()._kam_refresh_sales_figures(
            dst_partner.commercial_partner_id.ids
        )
        return res
