from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        # The survey answers of the merged partners now belong to dst_partner
        # (moved by SQL): their key account follows, and so do the figures.
        res = super()._update_foreign_keys(src_partners, dst_partner)
        Answer = self.env["survey.user_input"].sudo()
        Answer.invalidate_model(["partner_id", "kam_account_id"])
        answers = Answer.search([("partner_id", "=", dst_partner.id)])
        if answers:
            self.env.add_to_compute(Answer._fields["kam_account_id"], answers)
            answers.flush_recordset(["kam_account_id"])
            accounts = (
                answers.kam_account_id | src_partners.sudo().commercial_partner_id
            )
            self.env["res.partner"].sudo()._kam_refresh_survey_scores(
                accounts.filtered("is_key_account").ids,
                self.env.cr.now().date(),
            )
        return res
