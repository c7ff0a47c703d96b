from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .kam_complaint import _KAM_TRANSITION
from .kam_constants import KAM_COMPLAINT_TRANSITIONS


class KamComplaint(models.Model):
    _inherit = "kam.complaint"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _kam_check_transition(self, action):
        """Raise a UserError unless every complaint may make that move."""
        allowed, _target = KAM_COMPLAINT_TRANSITIONS[action]
        labels = dict(self._fields["state"]._description_selection(self.env))
        action_labels = {
            "acknowledge": self.env._("acknowledged"),
            "investigate": self.env._("investigated"),
            "wait": self.env._("put on hold for the customer"),
            "resolve": self.env._("resolved"),
            "close": self.env._("closed"),
            "reopen": self.env._("reopened"),
            "cancel": self.env._("cancelled"),
        }
        for complaint in self:
            if complaint.state not in allowed:
                raise UserError(
                    self.env._(
                        "The complaint %(complaint)s is %(state)s: it cannot be "
                        "%(action)s. It can be %(action)s only when it is "
                        "%(allowed)s.",
                        complaint=complaint.display_name,
                        state=labels[complaint.state],
                        action=action_labels[action],
                        allowed=", ".join(labels[state] for state in allowed),
                    )
                )

    def _kam_state_actions(self, new_state):
        """{current state: action} of the moves to new_state.

        Raises a UserError for a complaint that cannot move there.
        """
        actions = {
            source: action
            for action, (sources, target) in KAM_COMPLAINT_TRANSITIONS.items()
            if target == new_state
            for source in sources
        }
        labels = dict(self._fields["state"]._description_selection(self.env))
        for complaint in self:
            if complaint.state != new_state and complaint.state not in actions:
                raise UserError(
                    self.env._(
                        "The complaint %(complaint)s cannot go from %(from_state)s "
                        "to %(to_state)s.",
                        complaint=complaint.display_name,
                        from_state=labels.get(complaint.state, complaint.state),
                        to_state=labels.get(new_state, new_state),
                    )
                )
        return actions

    def _kam_end_waiting(self, now):
        """Add the working hours spent waiting to the paused time."""
        waiting = self.filtered(lambda c: c.state == "waiting" and c.waiting_since)
        if not waiting:
            return
        start = min(waiting.mapped("waiting_since"))
        timelines = waiting.calendar_id._kam_timelines(
            start, max(now, start) + timedelta(days=1)
        )
        for complaint in waiting:
            timeline = timelines.get(complaint.calendar_id.id)
            paused = (
                timeline.hours_between(complaint.waiting_since, now) if timeline else 0
            )
            complaint._kam_moving().write(
                {
                    "sla_paused_hours": (complaint.sla_paused_hours or 0.0)
                    + round(paused, 4),
                    "waiting_since": False,
                }
            )

    def _kam_moving(self):
        """self, allowed to write its state (the move was checked)."""
        return self.with_context(kam_complaint_transition=_KAM_TRANSITION)

    def action_acknowledge(self):
        """Acknowledge: records the first response."""
        self._kam_check_transition("acknowledge")
        now = fields.Datetime.now()
        for complaint in self._kam_moving():
            complaint.write(
                {
                    "state": "acknowledged",
                    "date_first_response": complaint.date_first_response or now,
                }
            )
        return True

    def action_investigate(self):
        """Start the investigation, or resume it when the customer answered."""
        self._kam_check_transition("investigate")
        self._kam_end_waiting(fields.Datetime.now())
        self._kam_moving().write({"state": "investigating"})
        return True

    def action_wait(self):
        """Wait on the customer: the service-level clock pauses."""
        self._kam_check_transition("wait")
        self._kam_moving().write(
            {"state": "waiting", "waiting_since": fields.Datetime.now()}
        )
        return True

    def action_resolve(self):
        self._kam_check_transition("resolve")
        for complaint in self:
            if is_html_empty(complaint.resolution):
                raise UserError(
                    self.env._(
                        "Describe the resolution of %(complaint)s before resolving it.",
                        complaint=complaint.display_name,
                    )
                )
        self._kam_moving().write(
            {"state": "resolved", "date_resolved": fields.Datetime.now()}
        )
        return True

    def action_close(self):
        """The customer confirmed the resolution: close and ask for a rating."""
        self._kam_check_transition("close")
        self._kam_moving().write(
            {
                "state": "closed",
                "date_closed": fields.Datetime.now(),
                "customer_confirmed": True,
                "confirmed_by_id": self.env.user.id,
            }
        )
        self._kam_send_rating_request()
        return True

    def action_reopen(self):
        """Back to investigating; the time it stood resolved does not count."""
        self._kam_check_transition("reopen")
        now = fields.Datetime.now()
        resolved = self.filtered(lambda c: c.date_resolved and c.calendar_id)
        timelines = {}
        if resolved:
            start = min(resolved.mapped("date_resolved"))
            timelines = resolved.calendar_id._kam_timelines(
                start, max(now, start) + timedelta(days=1)
            )
        for complaint in self._kam_moving():
            timeline = timelines.get(complaint.calendar_id.id)
            paused = (
                timeline.hours_between(complaint.date_resolved, now)
                if timeline and complaint.date_resolved
                else 0.0
            )
            complaint.write(
                {
                    "state": "investigating",
                    "reopen_count": complaint.reopen_count + 1,
                    "sla_paused_hours": (complaint.sla_paused_hours or 0.0)
                    + round(paused, 4),
                    "date_resolved": False,
                    "date_closed": False,
                    "customer_confirmed": False,
                    "confirmed_by_id": False,
                }
            )
        return True

    def action_cancel(self):
        self._kam_check_transition("cancel")
        now = fields.Datetime.now()
        self._kam_end_waiting(now)
        self._kam_moving().write({"state": "cancelled", "date_cancelled": now})
        return True

    def _kam_send_rating_request(self):
        template = self.env.ref(
            "key_account_mgmt.mail_template_kam_complaint_rating",
            raise_if_not_found=False,
        )
        if not template:
            return
        for complaint in self:
            if complaint.partner_id.email:
                complaint.rating_send_request(template, force_send=False)
