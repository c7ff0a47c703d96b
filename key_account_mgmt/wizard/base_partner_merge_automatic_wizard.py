from odoo import models
from odoo.tools import SQL

from ..models.kam_write_guard import _KAM_MERGE_MARK
from ..models.res_partner_duplicate import KAM_MERGING_KEY


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # The duplicate check (block mode) must not refuse the merge of the
        # very duplicates it found: the partners being merged are not
        # duplicates of each other while the merge writes them. Kept on the
        # cursor, out of reach of a client's context.
        merging = self.env.cr.cache.setdefault(KAM_MERGING_KEY, set())
        ids = (
            partner_ids.ids
            if isinstance(partner_ids, models.BaseModel)
            else list(partner_ids)
        )
        added = set(ids) - merging
        merging.update(added)
        try:
            return super()._merge(
                partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
            )
        finally:
            merging.difference_update(added)

    def _update_values(self, src_partners, dst_partner):
        # The merge moved the ledger lines to dst_partner (foreign keys); its
        # balance and level are recomputed from them instead of copied.
        res = super()._update_values(
            src_partners,
            dst_partner.with_context(kam_write_guard_merge=_KAM_MERGE_MARK),
        )
        # A referral paid for one of the merged partners is paid for the
        # merged partner: it must not be paid again.
        if any(src_partners.sudo().mapped("kam_referral_awarded")):
            # SQL: an engine column the write guard refuses during a merge.
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET kam_referral_awarded = TRUE WHERE id = %s",
                    dst_partner.id,
                )
            )
            dst_partner.invalidate_recordset(["kam_referral_awarded"])
        # The merge moved the interactions to dst_partner by SQL (foreign
        # keys): its visit dates are computed again from them.
        Partner = self.env["res.partner"]
        for fname in ("kam_last_interaction_date", "kam_next_visit_date"):
            self.env.add_to_compute(Partner._fields[fname], dst_partner)
        return res
