from odoo import fields, models


class KamComplaint(models.Model):
    _name = "kam.complaint"
    _inherit = ["kam.complaint", "portal.mixin"]

    channel = fields.Selection(
        selection_add=[("portal", "Customer Portal")],
        ondelete={"portal": "set default"},
    )
    # Portal users read the complaints of their account (record rule): the
    # internal analysis and the escalation data stay with the employees.
    root_cause = fields.Html(groups="base.group_user")
    corrective_action = fields.Html(groups="base.group_user")
    preventive_action = fields.Html(groups="base.group_user")
    sla_warned_at = fields.Datetime(groups="base.group_user")
    sla_escalated_at = fields.Datetime(groups="base.group_user")
    kam_escalation_partner_ids = fields.Many2many(groups="base.group_user")

    def _compute_access_url(self):
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Complaint %(name)s", name=self.name)

    def action_kam_portal_preview(self):
        """Open the complaint's portal page, as its customer sees it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "target": "self",
            "url": self.get_portal_url(),
        }

    def _kam_portal_may_answer(self, user):
        """May ``user`` confirm or reopen this complaint as its customer?

        A portal user who is a contact of the complaint's key account.
        """
        self.ensure_one()
        account = self.sudo().commercial_partner_id
        return bool(
            user.share
            and not user._is_public()
            and account.is_key_account
            and user.partner_id.commercial_partner_id == account
        )
