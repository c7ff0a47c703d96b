from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from .kam_constants import (
    KAM_COMPLAINT_OPEN_STATES,
    KAM_SLA_FIELDS,
    KAM_SLA_HORIZON_DAYS,
    KAM_SLA_MAX_DAYS,
    KAM_SLA_STATUSES,
)


class KamComplaint(models.Model):
    _inherit = "kam.complaint"  # pylint: disable=consider-merging-classes-inherited

    # Service level, snapshot of the tier when the complaint was received
    tier_id = fields.Many2one(
        "kam.tier",
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Tier of the account when the complaint was received; partners "
        "that are not key accounts get the default tier of the settings.",
    )

    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        readonly=True,
        ondelete="restrict",
        help="Calendar on which the service-level targets are counted.",
    )

    first_response_target = fields.Float(
        string="First Response Target (h)",
        readonly=True,
        help="Working hours within which the complaint must be acknowledged.",
    )

    resolution_target = fields.Float(
        string="Resolution Target (h)",
        readonly=True,
        help="Working hours within which the complaint must be resolved.",
    )

    waiting_since = fields.Datetime(readonly=True, copy=False)

    sla_paused_hours = fields.Float(
        string="Paused (working hours)",
        readonly=True,
        copy=False,
        help="Working hours spent waiting on the customer: they do not count.",
    )

    first_response_deadline = fields.Datetime(
        compute="_compute_sla", store=True, compute_sudo=True
    )

    resolution_deadline = fields.Datetime(
        compute="_compute_sla", store=True, compute_sudo=True
    )

    sla_deadline = fields.Datetime(
        string="Next Deadline",
        compute="_compute_sla",
        store=True,
        compute_sudo=True,
        help="The deadline the complaint works towards now.",
    )

    sla_status = fields.Selection(
        KAM_SLA_STATUSES,
        string="SLA Status",
        compute="_compute_sla",
        store=True,
        compute_sudo=True,
        index=True,
        tracking=True,
    )

    response_time_hours = fields.Float(
        string="Response Time (h)",
        compute="_compute_sla",
        store=True,
        compute_sudo=True,
        aggregator="avg",
        help="Working hours until the first response.",
    )

    resolution_time_hours = fields.Float(
        string="Resolution Time (h)",
        compute="_compute_sla",
        store=True,
        compute_sudo=True,
        aggregator="avg",
        help="Working hours until the resolution, waiting on the customer excluded.",
    )

    sla_warned_at = fields.Datetime(
        string="At-Risk Warning Sent", readonly=True, copy=False
    )

    sla_escalated_at = fields.Datetime(
        string="Breach Escalated", readonly=True, copy=False
    )

    kam_escalation_partner_ids = fields.Many2many(
        "res.partner",
        string="Escalation Recipients",
        compute="_compute_kam_escalation_partner_ids",
        help="The account manager and the key-account managers of the company.",
    )

    @api.model
    def _kam_at_risk_share(self):
        share = self.env["res.partner"]._kam_get_param("complaint_at_risk_share")
        return min(max(share, 0), 100) / 100.0

    @api.depends(
        "date_received",
        "calendar_id",
        "first_response_target",
        "resolution_target",
        "sla_paused_hours",
        "date_first_response",
        "date_resolved",
        "date_cancelled",
        "waiting_since",
        "state",
    )
    def _compute_sla(self):
        """Deadlines, status and times of the service level, in batch.

        Complaints are grouped by calendar; each calendar's working time is
        read once for the whole batch (see ``resource.calendar._kam_timelines``).
        """
        now = fields.Datetime.now()
        share = self._kam_at_risk_share()
        by_calendar = defaultdict(list)
        for complaint in self:
            if complaint.calendar_id and complaint.date_received:
                by_calendar[complaint.calendar_id].append(complaint)
            else:
                complaint.update(dict.fromkeys(KAM_SLA_FIELDS, False))
        if not by_calendar:
            return
        start = min(c.date_received for group in by_calendar.values() for c in group)
        latest = max(
            [now]
            + [
                date
                for group in by_calendar.values()
                for c in group
                for date in (
                    c.date_received,
                    c.date_first_response,
                    c.date_resolved,
                    c.date_cancelled,
                    c.waiting_since,
                )
                if date
            ]
        )
        calendars = self.env["resource.calendar"].browse(
            [calendar.id for calendar in by_calendar]
        )
        timelines = calendars._kam_timelines(
            start, latest + timedelta(days=KAM_SLA_HORIZON_DAYS)
        )
        for calendar, complaints in by_calendar.items():
            timeline = timelines[calendar.id]
            for _attempt in range(6):
                deadlines = [
                    complaint._kam_plan_deadlines(timeline) for complaint in complaints
                ]
                if all(deadline is not None for deadline in deadlines):
                    break
                if not timeline.starts or timeline.stop - timeline.start > timedelta(
                    days=KAM_SLA_MAX_DAYS
                ):
                    # no working time at all, or none for years: no deadline
                    break
                # A deadline falls after the timeline: read a longer one.
                stop = timeline.stop + 2 * (timeline.stop - timeline.start)
                timeline = calendar._kam_timelines(timeline.start, stop)[calendar.id]
            for complaint, planned in zip(complaints, deadlines, strict=True):
                complaint._kam_set_sla(timeline, planned or (False, False), now, share)

    def _kam_plan_deadlines(self, timeline):
        """(first response deadline, resolution deadline) or None if the
        timeline is too short."""
        self.ensure_one()
        result = []
        for target, extra in (
            (self.first_response_target, 0.0),
            (self.resolution_target, self.sla_paused_hours),
        ):
            if not target:
                result.append(False)
                continue
            deadline = timeline.plan(self.date_received, target + (extra or 0.0))
            if deadline is None:
                return None
            result.append(deadline)
        return tuple(result)

    def _kam_set_sla(self, timeline, deadlines, now, share):
        self.ensure_one()
        response_deadline, resolution_deadline = deadlines
        received = self.date_received
        if self.state == "waiting" and self.waiting_since:
            clock = self.waiting_since  # the clock is paused
        elif self.state == "cancelled" and self.date_cancelled:
            clock = self.date_cancelled
        else:
            clock = now
        targets = [
            (response_deadline, self.date_first_response, self.first_response_target),
            (resolution_deadline, self.date_resolved, self.resolution_target),
        ]
        breached = at_risk = False
        for deadline, done, target in targets:
            if not deadline:
                continue
            if done:
                breached = breached or done > deadline
                continue
            if clock > deadline:
                breached = True
            elif target and timeline.hours_between(clock, deadline) < share * target:
                at_risk = True
        if breached:
            status = "breached"
        elif self.state in ("resolved", "closed"):
            status = "met"
        elif self.state == "cancelled" or not (
            response_deadline or resolution_deadline
        ):
            status = False
        else:
            status = "at_risk" if at_risk else "on_track"
        if not self.date_first_response:
            next_deadline = response_deadline
        elif not self.date_resolved:
            next_deadline = resolution_deadline
        else:
            next_deadline = False
        self.first_response_deadline = response_deadline
        self.resolution_deadline = resolution_deadline
        self.sla_deadline = (
            next_deadline if self.state in KAM_COMPLAINT_OPEN_STATES else False
        )
        self.sla_status = status
        self.response_time_hours = (
            round(timeline.hours_between(received, self.date_first_response), 2)
            if self.date_first_response
            else 0.0
        )
        self.resolution_time_hours = (
            round(
                max(
                    timeline.hours_between(received, self.date_resolved)
                    - (self.sla_paused_hours or 0.0),
                    0.0,
                ),
                2,
            )
            if self.date_resolved
            else 0.0
        )

    @api.depends("manager_id", "company_id")
    def _compute_kam_escalation_partner_ids(self):
        group = self.env.ref("key_account_mgmt.group_kam_manager")
        managers = group.sudo().all_user_ids.filtered(
            lambda u: u.active and not u.share
        )
        # one assignment per manager and company, not one per complaint
        by_manager = defaultdict(list)
        for complaint in self:
            by_manager[complaint.manager_id, complaint.company_id].append(complaint.id)
        for (manager, company), ids in by_manager.items():
            company_managers = managers.filtered(
                lambda u, c=company: c in u.company_ids
            )
            self.browse(ids).kam_escalation_partner_ids = (
                manager | company_managers
            ).partner_id

    @api.model
    def _kam_default_tier(self):
        """Tier of complaints from partners that are not key accounts."""
        param = self.env["res.partner"]._kam_get_setting("complaint_default_tier_id")
        tier = self.env["kam.tier"].sudo().browse(int(param or 0)).exists()
        return tier or self.env.ref(
            "key_account_mgmt.kam_tier_standard", raise_if_not_found=False
        )

    def _kam_sla_snapshot(self, partner, company):
        """Tier, calendar and targets for a complaint of that partner."""
        account = partner.sudo().commercial_partner_id
        tier = (
            account.kam_tier_id
            if account.is_key_account and account.kam_tier_id
            else self._kam_default_tier()
        )
        tier = tier.sudo() if tier else self.env["kam.tier"]
        calendar = tier.resource_calendar_id or company.sudo().resource_calendar_id
        return {
            "tier_id": tier.id,
            "calendar_id": calendar.id,
            "first_response_target": tier.first_response_hours,
            "resolution_target": tier.resolution_hours,
        }
