from odoo import api, fields, models
from odoo.fields import Domain

from .kam_constants import (
    KAM_COMPLAINT_RUNNING_STATES,
    KAM_SLA_FIELDS,
)


class KamComplaint(models.Model):
    _inherit = "kam.complaint"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Service-level cron: at-risk warnings and breach escalations
    # ------------------------------------------------------------------
    @api.model
    def _cron_kam_complaint_sla(self):
        """Refresh the status of running complaints; warn once, escalate once.

        One search for the running complaints, one batch recomputation of
        their service level, then the activities and the emails in batch.
        """
        complaints = self.sudo().search(
            Domain("state", "in", KAM_COMPLAINT_RUNNING_STATES)
            & Domain("calendar_id", "!=", False)
        )
        complaints._kam_refresh_sla()
        to_warn = complaints.filtered(
            lambda c: (
                c.sla_status == "at_risk"
                and not c.sla_warned_at
                and not c.sla_escalated_at
            )
        )
        to_escalate = complaints.filtered(
            lambda c: c.sla_status == "breached" and not c.sla_escalated_at
        )
        to_warn._kam_warn_at_risk()
        to_escalate._kam_escalate_breach()
        return to_warn, to_escalate

    def _kam_refresh_sla(self):
        """Recompute the time-dependent service level of these complaints."""
        if not self:
            return
        for fname in KAM_SLA_FIELDS:
            self.env.add_to_compute(self._fields[fname], self)
        self.flush_recordset(KAM_SLA_FIELDS)

    def _kam_deadline_label(self, deadline):
        """A deadline in the time zone of the complaint's calendar."""
        if not deadline:
            return ""
        tz = self.calendar_id.tz or self.env.user.tz or "UTC"
        return fields.Datetime.to_string(
            fields.Datetime.context_timestamp(self.with_context(tz=tz), deadline)
        )[:16]

    def _kam_warn_at_risk(self):
        warning_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_sla_warning",
            raise_if_not_found=False,
        )
        if not self or not warning_type:
            return self.env["mail.activity"]
        today = fields.Date.context_today(self)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for complaint in self:
            user = complaint.user_id or complaint.manager_id
            if not user.active:
                continue
            vals_list.append(
                {
                    "activity_type_id": warning_type.id,
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": self.env._("Service level at risk"),
                    "note": self.env._(
                        "%(complaint)s must be handled by %(deadline)s (%(tz)s).",
                        complaint=complaint.display_name,
                        deadline=complaint._kam_deadline_label(complaint.sla_deadline),
                        tz=complaint.calendar_id.tz or "UTC",
                    ),
                    "automated": True,
                }
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        self.sudo().write({"sla_warned_at": fields.Datetime.now()})
        return activities

    def _kam_escalate_breach(self):
        breach_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_sla_breach",
            raise_if_not_found=False,
        )
        template = self.env.ref(
            "key_account_mgmt.mail_template_kam_complaint_escalation",
            raise_if_not_found=False,
        )
        if not self:
            return self.env["mail.activity"]
        today = fields.Date.context_today(self)
        model_id = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for complaint in self:
            user = complaint.manager_id or complaint.user_id
            if not breach_type or not user.active:
                continue
            vals_list.append(
                {
                    "activity_type_id": breach_type.id,
                    "res_model_id": model_id,
                    "res_id": complaint.id,
                    "user_id": user.id,
                    "date_deadline": today,
                    "summary": self.env._("Service level breached"),
                    "note": self.env._(
                        "%(complaint)s of %(account)s breached its service level.",
                        complaint=complaint.display_name,
                        account=complaint.commercial_partner_id.display_name,
                    ),
                    "automated": True,
                }
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        if template:
            template.sudo().send_mail_batch(self.ids)
        self.sudo().write({"sla_escalated_at": fields.Datetime.now()})
        return activities
