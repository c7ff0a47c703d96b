from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import split_every

from .kam_constants import (
    KAM_COMPLAINT_RUNNING_STATES,
    KAM_JOB_BATCH_SIZE,
    KAM_SLA_FIELDS,
)


class KamComplaint(models.Model):
    _inherit = "kam.complaint"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Service-level cron: at-risk warnings and breach escalations
    # ------------------------------------------------------------------
    @api.model
    def _cron_kam_complaint_sla(self, batch_size=KAM_JOB_BATCH_SIZE):
        """Refresh the status of running complaints; warn once, escalate once.

        One search for the running complaints, one batch recomputation of
        their service level, then the activities and the emails in batch.
        """
        complaints = self.sudo().search(
            Domain("state", "in", KAM_COMPLAINT_RUNNING_STATES)
            & Domain("calendar_id", "!=", False)
        )
        to_warn = to_escalate = self.browse()
        remaining = len(complaints)
        # A complaint is warned and escalated once (sla_warned_at and
        # sla_escalated_at, written with the batch): a run cut short goes on
        # where it stopped.
        for batch_ids in split_every(batch_size, complaints.ids):
            batch = complaints.browse(batch_ids)
            batch._kam_refresh_sla()
            warn = batch.filtered(
                lambda c: (
                    c.sla_status == "at_risk"
                    and not c.sla_warned_at
                    and not c.sla_escalated_at
                )
            )
            escalate = batch.filtered(
                lambda c: c.sla_status == "breached" and not c.sla_escalated_at
            )
            warn._kam_warn_at_risk()
            escalate._kam_escalate_breach()
            to_warn |= warn
            to_escalate |= escalate
            remaining -= len(batch)
            if self.env["ir.cron"]._kam_commit_progress(len(batch), remaining) <= 0:
                break
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
        today = fields.Date.context_today(self)

        def prepare(complaint):
            return {
                "user_id": (complaint.user_id or complaint.manager_id).id,
                "date_deadline": today,
                "summary": self.env._("Service level at risk"),
                "note": self.env._(
                    "%(complaint)s must be handled by %(deadline)s (%(tz)s).",
                    complaint=complaint.display_name,
                    deadline=complaint._kam_deadline_label(complaint.sla_deadline),
                    tz=complaint.calendar_id.tz or "UTC",
                ),
            }

        activities = self.env["mail.activity"]._kam_schedule(
            warning_type, self, prepare
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

        def prepare(complaint):
            return {
                "user_id": (complaint.manager_id or complaint.user_id).id,
                "date_deadline": today,
                "summary": self.env._("Service level breached"),
                "note": self.env._(
                    "%(complaint)s of %(account)s breached its service level.",
                    complaint=complaint.display_name,
                    account=complaint.commercial_partner_id.display_name,
                ),
            }

        activities = self.env["mail.activity"]._kam_schedule(breach_type, self, prepare)
        if template:
            # the body compiled once for the batch, not once per chunk of emails
            with self.env["ir.qweb"]._kam_compile_inline_once():
                template.sudo().send_mail_batch(self.ids)
        self.sudo().write({"sla_escalated_at": fields.Datetime.now()})
        return activities
