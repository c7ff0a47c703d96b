from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .kam_constants import (
    KAM_CHANNELS,
    KAM_COMPLAINT_STATES,
    KAM_COMPLAINT_WORKFLOW_FIELDS,
    KAM_SLA_COLORS,
)
from .kam_write_guard import KAM_ENGINE, KAM_MANAGER

# Marks the moves checked by the transition table. An object, not a flag:
# a context sent by a client (RPC) cannot carry it.
_KAM_TRANSITION = object()


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

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.onchange("category_id")
    def _onchange_category_id(self):
        if self.category_id.user_id:
            self.user_id = self.category_id.user_id

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
        days = self.env["res.partner"]._kam_get_param("complaint_max_age_days")
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
            partners = (
                complaint.commercial_partner_id._kam_account_managers()
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
    # Actions
    # ------------------------------------------------------------------
    def action_view_partner_complaints(self):
        self.ensure_one()
        return self.commercial_partner_id.action_kam_view_complaints()
