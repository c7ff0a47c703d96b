from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import is_html_empty

from .kam_write_guard import KAM_ENGINE, KAM_MANAGER
from .res_partner import KAM_CHANNELS

KAM_COMPLAINT_STATES = [
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("investigating", "Investigating"),
    ("waiting", "Waiting on Customer"),
    ("resolved", "Resolved"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]
# States in which a complaint is still open (the health score counts them the
# same way: everything but resolved, closed and cancelled).
KAM_COMPLAINT_OPEN_STATES = ("new", "acknowledged", "investigating", "waiting")
# States in which the service-level clock runs.
KAM_COMPLAINT_RUNNING_STATES = ("new", "acknowledged", "investigating")

# The workflow, in one place: action -> (states it may start from, new state).
# Any other move raises a UserError.
# Marks the moves checked by the transition table. An object, not a flag:
# a context sent by a client (RPC) cannot carry it.
_KAM_TRANSITION = object()

# Fields the workflow and the service-level engine set: only key-account
# managers may change them by hand (a user could otherwise hide a breach).
KAM_COMPLAINT_WORKFLOW_FIELDS = {
    "tier_id",
    "calendar_id",
    "first_response_target",
    "resolution_target",
    "sla_paused_hours",
    "waiting_since",
    "date_first_response",
    "date_resolved",
    "date_closed",
    "date_cancelled",
    "customer_confirmed",
    "confirmed_by_id",
    "reopen_count",
    "sla_warned_at",
    "sla_escalated_at",
}

KAM_COMPLAINT_TRANSITIONS = {
    "acknowledge": (("new",), "acknowledged"),
    "investigate": (("acknowledged", "waiting"), "investigating"),
    "wait": (("investigating",), "waiting"),
    "resolve": (("acknowledged", "investigating"), "resolved"),
    "close": (("resolved",), "closed"),
    "reopen": (("resolved", "closed"), "investigating"),
    "cancel": (("new", "acknowledged", "investigating", "waiting"), "cancelled"),
}

KAM_SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]
# Kanban colour of each service-level status (Odoo colour indexes).
KAM_SLA_COLORS = {"on_track": 10, "at_risk": 2, "breached": 1, "met": 0}
KAM_SLA_FIELDS = [
    "first_response_deadline",
    "resolution_deadline",
    "sla_deadline",
    "sla_status",
    "response_time_hours",
    "resolution_time_hours",
]
# Default share of the target (in %) below which the time left is at risk.
KAM_SLA_AT_RISK_SHARE = 25
# Days of working time read beyond the latest date a batch needs; extended
# when a deadline falls further (long holidays, big targets).
KAM_SLA_HORIZON_DAYS = 45
# Default horizon (days) before which no complaint may be received.
KAM_COMPLAINT_MAX_AGE_DAYS = 366
# Longest period of working time read to place a deadline.
KAM_SLA_MAX_DAYS = 3 * 366


class KamComplaint(models.Model):
    _name = "kam.complaint"
    _description = "Key Account Complaint"
    _inherit = ["rating.mixin", "mail.activity.mixin", "kam.write.guard"]
    _order = "priority desc, date_received desc, id desc"
    _primary_email = "email_from"
    _mail_post_access = "read"
    _check_company_auto = True

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    subject = fields.Char(required=True, tracking=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        help="Who complains: the account or one of its contacts.",
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Account",
        related="partner_id.commercial_partner_id",
        store=True,
        index=True,
    )
    email_from = fields.Char(string="Email", help="Address the complaint came from.")
    manager_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        related="commercial_partner_id.kam_manager_id",
        store=True,
        index=True,
    )
    is_key_account = fields.Boolean(
        related="commercial_partner_id.is_key_account", string="From a Key Account"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        index=True,
        tracking=True,
        domain=[("share", "=", False)],
        ondelete="set null",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    channel = fields.Selection(
        KAM_CHANNELS, required=True, default="phone", help="How it reached us."
    )
    category_id = fields.Many2one(
        "kam.complaint.category",
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Urgent")],
        default="0",
        tracking=True,
    )
    description = fields.Html(help="What the customer complains about.")
    root_cause = fields.Html()
    resolution = fields.Html(help="What was done for the customer.")
    corrective_action = fields.Html(help="What removes the cause of this complaint.")
    preventive_action = fields.Html(help="What keeps it from happening elsewhere.")
    state = fields.Selection(
        KAM_COMPLAINT_STATES,
        required=True,
        default="new",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    color = fields.Integer(string="SLA Colour", compute="_compute_color")

    # Dates of the workflow
    date_received = fields.Datetime(
        string="Received On",
        required=True,
        index=True,
        default=fields.Datetime.now,
        help="The service-level clock starts here.",
    )
    date_first_response = fields.Datetime(
        string="First Response On", readonly=True, copy=False
    )
    date_resolved = fields.Datetime(string="Resolved On", readonly=True, copy=False)
    date_closed = fields.Datetime(string="Closed On", readonly=True, copy=False)
    date_cancelled = fields.Datetime(string="Cancelled On", readonly=True, copy=False)
    customer_confirmed = fields.Boolean(
        string="Confirmed by Customer",
        readonly=True,
        copy=False,
        tracking=True,
        help="The customer confirmed the resolution; set when the complaint is closed.",
    )
    confirmed_by_id = fields.Many2one(
        "res.users", string="Confirmation Recorded By", readonly=True, copy=False
    )
    reopen_count = fields.Integer(
        string="Reopened", readonly=True, copy=False, help="Times it was reopened."
    )

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

    _sla_state_idx = models.Index("(state, sla_status)")
    _name_company_uniq = models.UniqueIndex(
        "(company_id, name)", "The reference of a complaint must be unique."
    )

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("sla_status")
    def _compute_color(self):
        for complaint in self:
            complaint.color = KAM_SLA_COLORS.get(complaint.sla_status, 0)

    @api.depends("name", "subject")
    def _compute_display_name(self):
        for complaint in self:
            complaint.display_name = (
                f"{complaint.name} {complaint.subject}"
                if complaint.subject
                else complaint.name
            )

    @api.model
    def _kam_at_risk_share(self):
        share = self.env["res.partner"]._kam_get_param(
            "complaint_at_risk_share", KAM_SLA_AT_RISK_SHARE
        )
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
        for complaint in self:
            company_managers = managers.filtered(
                lambda u, c=complaint: c.company_id in u.company_ids
            )
            complaint.kam_escalation_partner_ids = (
                complaint.manager_id | company_managers
            ).partner_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.onchange("category_id")
    def _onchange_category_id(self):
        if self.category_id.user_id:
            self.user_id = self.category_id.user_id

    @api.model
    def _kam_default_tier(self):
        """Tier of complaints from partners that are not key accounts."""
        param = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("key_account_mgmt.complaint_default_tier_id")
        )
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

    @api.model_create_multi
    def create(self, vals_list):
        Partner = self.env["res.partner"]
        Category = self.env["kam.complaint.category"]
        Company = self.env["res.company"]
        new_label = self.env._("New")
        internal = not self.env.su and not self.env.user.share
        trusted = self._kam_may_set_workflow_fields()
        for vals in vals_list:
            if vals.get("state", "new") != "new" and not self.env.su:
                raise UserError(
                    self.env._("A complaint starts as New; use its buttons to move it.")
                )
            if not trusted:
                # The service level comes from the customer's tier.
                for fname in KAM_COMPLAINT_WORKFLOW_FIELDS & vals.keys():
                    del vals[fname]
        # What is left, and the client's default_* values (checked after they
        # are applied), go through the table.
        self._kam_guard_check_create(
            [
                {k: v for k, v in vals.items() if k not in ("name", "state")}
                for vals in vals_list
            ]
        )
        for vals in vals_list:
            if not trusted or vals.get("name") in (
                None,
                False,
                "",
                "/",
                "New",
                new_label,
            ):
                vals["name"] = (
                    self.env["ir.sequence"].sudo().next_by_code("kam.complaint") or "/"
                )
            partner = Partner.browse(vals.get("partner_id")).exists()
            company = Company.browse(vals.get("company_id")) or self.env.company
            if partner:
                snapshot = self._kam_sla_snapshot(partner, company)
                for key, value in snapshot.items():
                    if key not in vals:
                        vals[key] = value
                if not vals.get("email_from") and partner.email:
                    vals["email_from"] = partner.email
            if not vals.get("user_id"):
                category = Category.browse(vals.get("category_id")).exists()
                manager = partner.sudo().commercial_partner_id.kam_manager_id
                user = category.sudo().user_id or manager
                if not user and internal:
                    user = self.env.user
                vals["user_id"] = user.id
        complaints = super().create(vals_list)
        complaints._kam_subscribe_managers()
        return complaints

    def _kam_may_set_workflow_fields(self):
        return (
            self.env.su
            or self.env.context.get("kam_complaint_transition") is _KAM_TRANSITION
            or self.env.user.has_group("key_account_mgmt.group_kam_manager")
        )

    @api.model
    def _kam_date_received_range(self):
        """(earliest, latest) date a complaint may be received on: not in the
        future (a minute of clock skew aside), not older than the horizon of
        the settings (``complaint_max_age_days``, default one year)."""
        now = fields.Datetime.now()
        days = self.env["res.partner"]._kam_get_param(
            "complaint_max_age_days", KAM_COMPLAINT_MAX_AGE_DAYS
        )
        return now - timedelta(days=max(days, 1)), now + timedelta(minutes=1)

    @api.constrains("date_received")
    def _check_date_received(self):
        earliest, latest = self._kam_date_received_range()
        for complaint in self:
            received = complaint.date_received
            if received and not earliest <= received <= latest:
                raise ValidationError(
                    self.env._(
                        "A complaint is received between %(earliest)s and now "
                        "(%(latest)s), not on %(date)s: a complaint from the future "
                        "would hide a breach, an older one belongs in the archive.",
                        earliest=fields.Datetime.to_string(earliest)[:16],
                        latest=fields.Datetime.to_string(latest)[:16],
                        date=fields.Datetime.to_string(received)[:16],
                    )
                )

    @api.constrains("company_id")
    def _check_company_of_user(self):
        self._kam_check_user_company()

    @api.constrains("subject")
    def _check_subject(self):
        for complaint in self:
            if not (complaint.subject or "").strip():
                raise ValidationError(
                    self.env._("The subject of a complaint cannot be blank.")
                )

    @api.constrains("user_id")
    def _check_user_id(self):
        for complaint in self:
            if complaint.user_id and complaint.user_id.sudo().share:
                raise ValidationError(
                    self.env._(
                        "%(user)s is a portal user: a complaint is handled by an "
                        "internal user.",
                        user=complaint.user_id.name,
                    )
                )

    # ------------------------------------------------------------------
    # Who may write what (kam.write.guard)
    # ------------------------------------------------------------------
    @api.model
    def _kam_write_rules(self):
        rules = super()._kam_write_rules()
        # The workflow and the service-level engine set these: a user could
        # otherwise hide a breach. Key-account managers may correct them.
        rules.update(dict.fromkeys(KAM_COMPLAINT_WORKFLOW_FIELDS, KAM_MANAGER))
        # The reference comes from the sequence (managers may import theirs).
        rules["name"] = KAM_MANAGER
        # The state moves only through the transitions (a state written
        # directly is turned into them, see write()).
        rules["state"] = KAM_ENGINE
        return rules

    def _kam_is_engine(self):
        return (
            super()._kam_is_engine()
            or self.env.context.get("kam_complaint_transition") is _KAM_TRANSITION
        )

    def write(self, vals):
        if (
            "date_received" in vals
            and any(c.state != "new" for c in self)
            and not self._kam_may_set_workflow_fields()
        ):
            raise AccessError(
                self.env._(
                    "The service level, its deadlines and the workflow dates of "
                    "a complaint are set by the workflow: only key-account "
                    "managers may change them."
                )
            )
        moving = self.env.context.get("kam_complaint_transition") is _KAM_TRANSITION
        if "state" in vals and not moving:
            # A state written directly (import, automation) goes through the
            # transition it stands for, with its checks and records.
            vals = dict(vals)
            new_state = vals.pop("state")
            actions = self._kam_state_actions(new_state)
            result = self.write(vals) if vals else True
            for complaint in self:
                if actions.get(complaint.state):
                    getattr(complaint, f"action_{actions[complaint.state]}")()
            return result
        self._kam_guard_check(vals)
        result = super().write(vals)
        if "partner_id" in vals:
            # A new complaint moved to another customer takes that customer's
            # service level; once handled, the snapshot stays.
            for complaint in self.filtered(lambda c: c.state == "new"):
                super(KamComplaint, complaint).write(
                    self._kam_sla_snapshot(complaint.partner_id, complaint.company_id)
                )
            self._kam_subscribe_managers()
        return result

    def _kam_subscribe_managers(self):
        """The account manager (and backup) follow the complaints of the account."""
        by_partners = defaultdict(list)
        for complaint in self.sudo():
            account = complaint.commercial_partner_id
            partners = (
                (account.kam_manager_id | account.kam_backup_manager_id)
                .filtered("active")
                .partner_id
            )
            if partners:
                by_partners[partners].append(complaint.id)
        for partners, ids in by_partners.items():
            self.browse(ids).sudo().message_subscribe(partner_ids=partners.ids)

    # ------------------------------------------------------------------
    # Mail gateway
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """A complaint by email: the sender's partner complains."""
        values = dict(custom_values or {})
        partner = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        email_from = msg_dict.get("email_from")
        if not partner and email_from:
            partner = self._partner_find_from_emails_single([email_from])
        values.setdefault("name", "/")
        values.setdefault(
            "subject", msg_dict.get("subject") or self.env._("Complaint by email")
        )
        values.setdefault("description", msg_dict.get("body"))
        values.setdefault("channel", "email")
        if partner:
            values.setdefault("partner_id", partner.id)
        if msg_dict.get("date"):
            values.setdefault("date_received", msg_dict["date"])
        complaint = super().message_new(msg_dict, custom_values=values)
        if partner:
            complaint.message_subscribe(partner_ids=partner.ids)
        return complaint

    def _rating_get_parent_field_name(self):
        return "commercial_partner_id"

    def _rating_get_partner(self):
        return self.partner_id

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

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_partner_complaints(self):
        self.ensure_one()
        return self.commercial_partner_id.action_kam_view_complaints()
