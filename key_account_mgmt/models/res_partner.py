import json
from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import SQL, format_date, split_every

from .kam_write_guard import KAM_ACCOUNT, KAM_DATE_MAX, KAM_ENGINE, KAM_MANAGER

KAM_CHANNELS = [
    ("phone", "Phone"),
    ("email", "Email"),
    ("meeting", "Meeting"),
    ("visit", "Visit"),
    ("wechat", "WeChat"),
    ("other", "Other"),
]

# Fields that only key-account managers may change (marking, tier, managers).
KAM_MANAGER_FIELDS = (
    "is_key_account",
    "kam_tier_id",
    "kam_manager_id",
    "kam_backup_manager_id",
    "kam_since",
)
# Fields of the archive: the account's manager, its backup or a key-account
# manager may change them.
KAM_ARCHIVE_FIELDS = (
    "kam_needs",
    "kam_preferences",
    "kam_preferred_channel",
    "kam_birthday",
)

# Relationship rhythm and health (communication log, revisits, health score,
# churn risk and lifecycle).
KAM_LIFECYCLE_STAGES = [
    ("new", "New Account"),
    ("growing", "Growing"),
    ("mature", "Mature"),
    ("dormant", "Dormant"),
    ("lost", "Lost"),
]
KAM_CHURN_RISKS = [
    ("low", "Low Risk"),
    ("medium", "Medium Risk"),
    ("high", "High Risk"),
]
# Fields of the rhythm and the health that only the engine writes (by SQL).
KAM_HEALTH_ENGINE_FIELDS = (
    "kam_last_interaction_date",
    "kam_next_visit_date",
    "kam_health_score",
    "kam_churn_risk",
    "kam_lifecycle_stage",
    "kam_health_components",
    "kam_health_date",
)
# Changes of these fields move the next visit of an account.
KAM_RHYTHM_TRIGGER_FIELDS = {
    "is_key_account",
    "kam_tier_id",
    "kam_since",
    "parent_id",
    "is_company",
}
# Settings of the rhythm and of the health score (ir.config_parameter keys
# "key_account_mgmt.<name>") with their defaults.
KAM_RHYTHM_DEFAULTS = {
    "health_weight_recency": 40,
    "health_weight_activities": 10,
    "health_weight_satisfaction": 20,
    "health_weight_complaints": 15,
    "health_weight_sla": 10,
    "health_weight_points": 5,
    "risk_high_below": 40,
    "risk_medium_below": 70,
    "lifecycle_new_months": 6,
    "lifecycle_mature_months": 24,
    "lifecycle_dormant_months": 6,
    "lifecycle_lost_months": 12,
    "revisit_lead_days": 7,
}
# Accounts per batch of the scores cron.
KAM_HEALTH_BATCH_SIZE = 500
# Revisit interval used when an account's tier has none.
KAM_DEFAULT_REVISIT_DAYS = 90


def _kam_manager_domain(env):
    group = env.ref("key_account_mgmt.group_kam_user", raise_if_not_found=False)
    return [("share", "=", False), ("all_group_ids", "in", group.ids if group else [])]


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "kam.write.guard"]

    _kam_tier_idx = models.Index("(kam_tier_id) WHERE is_key_account IS TRUE")
    _kam_manager_idx = models.Index("(kam_manager_id) WHERE is_key_account IS TRUE")
    _kam_backup_manager_idx = models.Index(
        "(kam_backup_manager_id) WHERE is_key_account IS TRUE"
    )

    # Public key-account fields: every internal user may read them; they are
    # commercial fields, kept on the commercial partner and synced to contacts.
    is_key_account = fields.Boolean(
        string="Key Account",
        tracking=True,
        copy=False,
        groups="base.group_user",
        help="The partner is managed as a key account.",
    )
    kam_tier_id = fields.Many2one(
        "kam.tier",
        string="Tier",
        tracking=True,
        copy=False,
        ondelete="restrict",
        groups="base.group_user",
        help="Service tier of the key account: it sets the service levels "
        "and the revisit rhythm.",
    )
    kam_manager_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        tracking=True,
        copy=False,
        ondelete="restrict",
        domain=lambda self: _kam_manager_domain(self.env),
        groups="base.group_user",
    )
    kam_backup_manager_id = fields.Many2one(
        "res.users",
        string="Backup Manager",
        tracking=True,
        copy=False,
        ondelete="set null",
        domain=lambda self: _kam_manager_domain(self.env),
        groups="base.group_user",
    )
    kam_since = fields.Date(
        string="Key Account Since",
        copy=False,
        groups="base.group_user",
        help="Date on which the partner became a key account.",
    )
    kam_tier_color = fields.Integer(
        related="kam_tier_id.color", string="Tier Colour", groups="base.group_user"
    )

    # Archive fields: only key-account users read them.
    kam_needs = fields.Html(
        string="Needs",
        groups="key_account_mgmt.group_kam_user",
        help="What the account needs from us: products, services, projects.",
    )
    kam_preferences = fields.Html(
        string="Preferences",
        groups="key_account_mgmt.group_kam_user",
        help="How the account likes to be served: contact times, habits, taboos.",
    )
    kam_preferred_channel = fields.Selection(
        KAM_CHANNELS,
        string="Preferred Channel",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_birthday = fields.Date(
        string="Birthday",
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Birthday of the contact person, for care greetings.",
    )
    # The archive as seen from a contact of the account (read-only).
    kam_account_needs = fields.Html(
        related="commercial_partner_id.kam_needs",
        string="Account Needs",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_account_preferences = fields.Html(
        related="commercial_partner_id.kam_preferences",
        string="Account Preferences",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_account_preferred_channel = fields.Selection(
        related="commercial_partner_id.kam_preferred_channel",
        string="Account Preferred Channel",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_can_edit_account = fields.Boolean(
        string="Can Edit Key Account",
        compute="_compute_kam_can_edit",
        groups="base.group_user",
        help="Technical: the current user may mark the key account and change "
        "its tier and managers.",
    )
    kam_can_edit_archive = fields.Boolean(
        string="Can Edit Archive",
        compute="_compute_kam_can_edit",
        groups="base.group_user",
        help="Technical: the current user may change the key-account archive.",
    )

    @api.depends_context("uid")
    @api.depends("commercial_partner_id")
    def _compute_kam_can_edit(self):
        user = self.env.user
        for partner in self:
            is_manager = self.env.su or partner._kam_is_kam_manager()
            partner.kam_can_edit_account = is_manager
            partner.kam_can_edit_archive = is_manager or partner._kam_is_managed_by(
                user
            )

    @api.constrains("is_key_account", "kam_tier_id", "kam_manager_id")
    def _check_key_account_requirements(self):
        for partner in self:
            if not partner.is_key_account or partner.commercial_partner_id != partner:
                continue
            if not partner.kam_tier_id:
                raise ValidationError(
                    self.env._(
                        "The key account %(partner)s needs a tier.",
                        partner=partner.display_name,
                    )
                )
            if not partner.kam_manager_id:
                raise ValidationError(
                    self.env._(
                        "The key account %(partner)s needs an account manager.",
                        partner=partner.display_name,
                    )
                )

    @api.constrains("kam_manager_id", "kam_backup_manager_id")
    def _check_kam_managers(self):
        group = self.env.ref("key_account_mgmt.group_kam_user")
        for partner in self:
            for user in partner.kam_manager_id | partner.kam_backup_manager_id:
                if group not in user.sudo().all_group_ids:
                    raise ValidationError(
                        self.env._(
                            "%(user)s cannot manage the key account %(partner)s: "
                            "only key-account users can be account managers or "
                            "backups.",
                            user=user.name,
                            partner=partner.display_name,
                        )
                    )
            if (
                partner.kam_manager_id
                and partner.kam_manager_id == partner.kam_backup_manager_id
            ):
                raise ValidationError(
                    self.env._(
                        "The backup of the key account %(partner)s must be someone "
                        "other than its account manager.",
                        partner=partner.display_name,
                    )
                )

    @api.constrains("kam_birthday")
    def _check_kam_birthday(self):
        today = fields.Date.context_today(self)
        for partner in self:
            self._kam_check_date_bounds(
                partner.kam_birthday, self.env._("birthday"), max_date=today
            )

    # ------------------------------------------------------------------
    # Commercial fields and write guard
    # ------------------------------------------------------------------
    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + list(KAM_MANAGER_FIELDS)

    @api.model
    def _kam_account_domain(self):
        """Domain of the key accounts themselves (commercial partners only)."""
        return Domain("is_key_account", "=", True) & (
            Domain("is_company", "=", True) | Domain("parent_id", "=", False)
        )

    def _kam_is_managed_by(self, user):
        self.ensure_one()
        account = self.sudo().commercial_partner_id
        return user in (account.kam_manager_id | account.kam_backup_manager_id)

    # ------------------------------------------------------------------
    # Who may write what (kam.write.guard): the table and the account
    # ------------------------------------------------------------------
    @api.model
    def _kam_write_rules(self):
        rules = super()._kam_write_rules()
        rules.update(dict.fromkeys(KAM_MANAGER_FIELDS, KAM_MANAGER))
        rules.update(dict.fromkeys(KAM_ARCHIVE_FIELDS, KAM_ACCOUNT))
        rules.update(dict.fromkeys(KAM_HEALTH_ENGINE_FIELDS, KAM_ENGINE))
        return rules

    def _kam_owner_company(self):
        """The company a key account belongs to: its own company, else (an
        account shared by all companies) the company of its account manager.
        Only key-account managers of that company manage it."""
        self.ensure_one()
        account = self.sudo().commercial_partner_id
        return account.company_id or account.kam_manager_id.company_id

    def _kam_is_kam_manager(self):
        if not super()._kam_is_kam_manager():
            return False
        companies = self.env.user.company_ids
        return all(
            not partner._kam_owner_company()
            or partner._kam_owner_company() in companies
            for partner in self
        )

    def _kam_guard_may_write_account(self, user, vals=None):
        # The archive and the referrer of a key account are its manager's and
        # backup's; those of a partner of no key account (a prospect) are any
        # key-account user's.
        if not user.has_group("key_account_mgmt.group_kam_user"):
            return False
        if vals is not None:
            parent = self.browse(vals.get("parent_id") or []).exists()
            partners = parent
        else:
            partners = self
        return all(
            not partner.sudo().commercial_partner_id.is_key_account
            or partner._kam_is_managed_by(user)
            for partner in partners
        )

    def _kam_guard_unchanged(self, vals, fnames):
        # A contact takes the commercial fields of its commercial partner:
        # that sync (and a new contact created with them) is no change.
        commercial = set(self._commercial_fields())
        if not self:
            parent = self.browse(vals.get("parent_id") or []).exists()
            account = parent.sudo().commercial_partner_id
            if not account:
                return set()
            return {
                fname
                for fname in fnames
                if fname in commercial
                and not self._kam_values_differ(account, vals, [fname])
            }
        unchanged = set(fnames)
        for partner in self:
            for fname in list(unchanged):
                reference = (
                    partner.commercial_partner_id if fname in commercial else partner
                )
                if self._kam_values_differ(reference, vals, [fname]):
                    unchanged.discard(fname)
        return unchanged

    def _kam_values_differ(self, partner, vals, fnames):
        """Names of the fields of vals that would change ``partner``."""
        partner = partner.sudo()
        changed = []
        for fname in fnames:
            if fname not in vals:
                continue
            field = self._fields[fname]
            current = field.convert_to_write(partner[fname], partner)
            new = vals[fname] or False
            if field.type in ("date", "datetime") and new:
                try:
                    new = field.convert_to_cache(new, partner)
                except (TypeError, ValueError):
                    changed.append(fname)
                    continue
                current = field.convert_to_cache(current, partner)
            if (current or False) != new:
                changed.append(fname)
        return changed

    @api.model_create_multi
    def create(self, vals_list):
        self._kam_guard_check_create(vals_list)
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("is_key_account") and not vals.get("kam_since"):
                vals["kam_since"] = today
        return super().create(vals_list)

    def write(self, vals):
        if self._kam_is_merging():
            vals = self._kam_guard_strip_engine(vals)
        self._kam_guard_check(vals)
        newly_marked = self.browse()
        if vals.get("is_key_account") and "kam_since" not in vals:
            newly_marked = self.browse(
                self.sudo().filtered(lambda p: not p.is_key_account).ids
            )
        result = True
        if newly_marked:
            result = super(ResPartner, newly_marked).write(
                dict(vals, kam_since=fields.Date.context_today(self))
            )
        if others := self - newly_marked:
            result = super(ResPartner, others).write(vals) and result
        if KAM_RHYTHM_TRIGGER_FIELDS & vals.keys():
            self._kam_update_visit_dates()
        return result

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_reassign(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_reassign_wizard_action"
        )
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": self.ids,
        }
        return action

    # ------------------------------------------------------------------
    # Relationship rhythm and health: communication log, revisit plans,
    # health score, churn risk and lifecycle stage
    # ------------------------------------------------------------------
    # The stored columns are created by the pre_init_hook and filled by SQL
    # (interactions and the crons), never computed partner by partner.
    kam_interaction_ids = fields.One2many(
        "kam.interaction",
        "partner_id",
        string="Interactions",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_interaction_count = fields.Integer(
        string="Interaction Count",
        compute="_compute_kam_interaction_count",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_last_interaction_date = fields.Date(
        string="Last Interaction",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Day of the last logged interaction with the account.",
    )
    kam_next_visit_date = fields.Date(
        string="Next Revisit",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Last interaction (or the day the partner became a key account) "
        "plus the revisit interval of its tier.",
    )
    kam_revisit_overdue = fields.Boolean(
        string="Revisit Overdue",
        compute="_compute_kam_revisit_overdue",
        search="_search_kam_revisit_overdue",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_health_score = fields.Integer(
        string="Health Score",
        readonly=True,
        copy=False,
        aggregator="avg",
        groups="key_account_mgmt.group_kam_user",
        help="Health of the relationship, from 0 (about to be lost) to 100, "
        "recomputed every day from the signals shown on the Key Account tab.",
    )
    kam_churn_risk = fields.Selection(
        KAM_CHURN_RISKS,
        string="Churn Risk",
        readonly=True,
        group_expand=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="From the health score and the thresholds in the settings.",
    )
    kam_lifecycle_stage = fields.Selection(
        KAM_LIFECYCLE_STAGES,
        string="Lifecycle Stage",
        readonly=True,
        group_expand=True,
        copy=False,
        tracking=True,
        groups="key_account_mgmt.group_kam_user",
        help="New, growing and mature by the time as key account; dormant and "
        "lost by the months without interaction or purchase (see settings).",
    )
    kam_health_components = fields.Json(
        string="Health Components",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Technical: the signals of the last health computation.",
    )
    kam_health_date = fields.Date(
        string="Health Computed On",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
    )
    kam_health_details = fields.Html(
        string="Why This Score",
        compute="_compute_kam_health_details",
        sanitize=False,
        groups="key_account_mgmt.group_kam_user",
    )

    _kam_next_visit_idx = models.Index(
        "(kam_next_visit_date) WHERE is_key_account IS TRUE"
    )

    def _compute_kam_interaction_count(self):
        groups = self.env["kam.interaction"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            groupby=["partner_id"],
            aggregates=["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.kam_interaction_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    @api.depends_context("tz")
    @api.depends("kam_next_visit_date")
    def _compute_kam_revisit_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.kam_revisit_overdue = bool(
                partner.kam_next_visit_date and partner.kam_next_visit_date < today
            )

    def _search_kam_revisit_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        overdue = Domain("kam_next_visit_date", "<", today)
        return overdue if (operator == "in") == (True in value) else ~overdue

    def _kam_health_signals(self):
        """The signals of the stored components, whatever the JSON holds."""
        self.ensure_one()
        components = self.kam_health_components
        signals = components.get("signals") if isinstance(components, dict) else None
        if not isinstance(signals, list):
            return []
        return [
            signal
            for signal in signals
            if isinstance(signal, dict)
            and isinstance(signal.get("values") or {}, dict)
            and (
                signal.get("score") is None or isinstance(signal["score"], int | float)
            )
        ]

    @api.depends("kam_health_components")
    @api.depends_context("lang")
    def _compute_kam_health_details(self):
        definitions = self._kam_signal_definitions()
        for partner in self:
            components = partner._kam_health_signals()
            if not components:
                partner.kam_health_details = False
                continue
            rows = []
            for component in components:
                definition = definitions.get(component.get("key"))
                if not definition:
                    continue
                score = component.get("score")
                rows.append(
                    {
                        "label": definition["label"],
                        "score": score,
                        "weight": component.get("weight") or 0,
                        "detail": definition["describe"](component.get("values") or {}),
                        "level": self._kam_score_level(score),
                    }
                )
            partner.kam_health_details = self.env["ir.qweb"]._render(
                "key_account_mgmt.kam_health_components_table",
                {"rows": rows, "computed_on": partner.kam_health_date},
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_view_interactions(self):
        self.ensure_one()
        account = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_interaction_action"
        )
        action["domain"] = [("partner_id", "=", account.id)]
        context = {"default_partner_id": account.id}
        if self != account:
            context["default_contact_id"] = self.id
        action["context"] = context
        return action

    def action_kam_log_interaction(self):
        self.ensure_one()
        action = self.action_kam_view_interactions()
        action.update({"view_mode": "form", "views": [(False, "form")]})
        action["target"] = "new"
        return action

    # ------------------------------------------------------------------
    # Rhythm: last interaction and next revisit
    # ------------------------------------------------------------------
    @api.model
    def _kam_get_param(self, name, default=None):
        """Integer setting ``key_account_mgmt.<name>`` or its default."""
        value = (
            self.env["ir.config_parameter"].sudo().get_param(f"key_account_mgmt.{name}")
        )
        try:
            if value in (None, False, ""):
                raise ValueError(name)
            return int(value)
        except (TypeError, ValueError):
            if default is not None:
                return default
            return KAM_RHYTHM_DEFAULTS.get(name, 0)

    def _kam_update_visit_dates(self):
        """Store the last interaction and the next revisit of these partners.

        One UPDATE for the whole recordset; only rows whose dates change are
        written. The next revisit of a key account is its last interaction
        (or the day it became a key account) plus its tier's interval; other
        partners have none.
        """
        ids = [pid for pid in self.ids if isinstance(pid, int)]
        if not ids:
            return
        self.env["kam.interaction"].flush_model(["partner_id", "date"])
        self.env["kam.tier"].flush_model(["revisit_interval_days"])
        self.flush_model(
            ["is_key_account", "kam_tier_id", "kam_since", "commercial_partner_id"]
        )
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner AS p
                   SET kam_last_interaction_date = v.last_date,
                       kam_next_visit_date = v.next_date
                  FROM (
                        SELECT partner.id,
                               agg.last_date,
                               CASE
                                   WHEN partner.is_key_account
                                    AND partner.commercial_partner_id = partner.id
                                    AND COALESCE(tier.revisit_interval_days, 0) > 0
                                   THEN LEAST(
                                            COALESCE(
                                                agg.last_date,
                                                partner.kam_since,
                                                %(today)s
                                            ) + tier.revisit_interval_days,
                                            %(max_date)s
                                        )
                               END AS next_date
                          FROM res_partner AS partner
                     LEFT JOIN kam_tier AS tier ON tier.id = partner.kam_tier_id
                     LEFT JOIN (
                                SELECT partner_id, MAX(date) AS last_date
                                  FROM kam_interaction
                                 WHERE partner_id = ANY(%(ids)s)
                              GROUP BY partner_id
                               ) AS agg ON agg.partner_id = partner.id
                         WHERE partner.id = ANY(%(ids)s)
                       ) AS v
                 WHERE p.id = v.id
                   AND (p.kam_last_interaction_date IS DISTINCT FROM v.last_date
                        OR p.kam_next_visit_date IS DISTINCT FROM v.next_date)
             RETURNING p.id
                """,
                today=today,
                ids=ids,
                max_date=KAM_DATE_MAX,
            )
        )
        changed = [row[0] for row in self.env.cr.fetchall()]
        if changed:
            self.browse(changed).invalidate_recordset(
                ["kam_last_interaction_date", "kam_next_visit_date"]
            )

    @api.model
    def _cron_kam_revisit_plan(self):
        """Schedule one "Revisit" activity per key account whose revisit is due.

        Due: the next revisit falls within the lead days of the settings. An
        account that already has an open revisit activity gets no other one.
        """
        accounts = self.sudo().search(self._kam_account_domain())
        for batch in split_every(KAM_HEALTH_BATCH_SIZE * 4, accounts.ids):
            self.sudo().browse(batch)._kam_update_visit_dates()
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=self._kam_get_param("revisit_lead_days"))
        due = self.sudo().search(
            self._kam_account_domain()
            & Domain("kam_next_visit_date", "<=", horizon)
            & Domain("kam_manager_id", "!=", False)
        )
        due._kam_schedule_revisits()
        return due

    def _kam_schedule_revisits(self):
        revisit_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_revisit", raise_if_not_found=False
        )
        if not revisit_type or not self:
            return self.env["mail.activity"]
        accounts = self - self._kam_with_open_activity(revisit_type)
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for account in accounts:
            if not account.kam_manager_id.active:
                continue
            last = account.kam_last_interaction_date
            # Written for the account manager: in their language.
            account_env = account.with_context(
                lang=account.kam_manager_id.lang or self.env.lang
            )
            tier = account_env.kam_tier_id
            note = (
                account_env.env._(
                    "Last interaction on %(date)s. Accounts of the tier %(tier)s "
                    "are revisited every %(days)s days.",
                    date=format_date(account_env.env, last),
                    tier=tier.name,
                    days=tier.revisit_interval_days,
                )
                if last
                else account_env.env._(
                    "No interaction logged yet. Accounts of the tier %(tier)s are "
                    "revisited every %(days)s days.",
                    tier=tier.name,
                    days=tier.revisit_interval_days,
                )
            )
            vals_list.append(
                {
                    "activity_type_id": revisit_type.id,
                    "res_model_id": model_id,
                    "res_id": account.id,
                    "user_id": account.kam_manager_id.id,
                    "date_deadline": account.kam_next_visit_date,
                    "kam_restricted": True,
                    # No summary: the activity shows its type, translated.
                    "note": note,
                    "automated": True,
                }
            )
        # Quick update: the activities show in the managers' to-do lists
        # without one notification email each.
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )

    def _kam_with_open_activity(self, activity_type):
        """The partners of self that have an open activity of that type."""
        if not self:
            return self
        groups = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ],
                groupby=["res_id"],
            )
        )
        return self.browse([res_id for (res_id,) in groups])

    # ------------------------------------------------------------------
    # Health score: signal providers
    # ------------------------------------------------------------------
    @api.model
    def _kam_score_signals(self):
        """Providers of the signals of the health score.

        Each provider is a dict with:

        * ``method``: name of a method of res.partner called on the batch as
          ``self._method(partner_ids, today)``; it returns
          ``{partner_id: {signal_key: {"score": 0-100 or None, "values": {}}}}``
          from ONE aggregate query. An account missing from the result, or a
          score of None, means the signal does not apply to it (it counts for
          nothing). ``values`` are stored with the score and shown to the user;
          a date under the key ``last_activity`` (ISO) also counts as activity
          of the account for its lifecycle stage.
        * ``signals``: ``{signal_key: {"label": str, "weight_param": name of the
          setting (``key_account_mgmt.<name>``), "default_weight": int (optional),
          "describe": callable(values) -> str}}``.

        Add a provider by extending the list with ``super()``; a provider whose
        model is not installed returns ``{}``.
        """
        return [
            {
                "method": "_kam_signal_contact_recency",
                "signals": {
                    "recency": {
                        "label": self.env._("Contact recency"),
                        "weight_param": "health_weight_recency",
                        "describe": self._kam_describe_recency,
                    },
                },
            },
            {
                "method": "_kam_signal_overdue_activities",
                "signals": {
                    "activities": {
                        "label": self.env._("Overdue activities"),
                        "weight_param": "health_weight_activities",
                        "describe": lambda values: self.env._(
                            "Overdue activities on the account: %(count)s",
                            count=values.get("overdue", 0),
                        ),
                    },
                },
            },
            {
                "method": "_kam_signal_satisfaction",
                "signals": {
                    "satisfaction": {
                        "label": self.env._("Satisfaction"),
                        "weight_param": "health_weight_satisfaction",
                        "describe": self._kam_describe_satisfaction,
                    },
                },
            },
            {
                "method": "_kam_signal_complaints",
                "signals": {
                    "complaints": {
                        "label": self.env._("Open complaints"),
                        "weight_param": "health_weight_complaints",
                        "describe": lambda values: self.env._(
                            "Open complaints: %(count)s",
                            count=values.get("open", 0),
                        ),
                    },
                    "sla": {
                        "label": self.env._("Service-level breaches"),
                        "weight_param": "health_weight_sla",
                        "describe": lambda values: self.env._(
                            "Complaints that breached their service level in "
                            "the last 12 months: %(count)s",
                            count=values.get("breached", 0),
                        ),
                    },
                },
            },
            {
                "method": "_kam_signal_points",
                "signals": {
                    "points": {
                        "label": self.env._("Points activity"),
                        "weight_param": "health_weight_points",
                        "describe": lambda values: self.env._(
                            "Points movements in the last 6 months: %(count)s",
                            count=values.get("recent", 0),
                        ),
                    },
                },
            },
        ]

    @api.model
    def _kam_signal_definitions(self):
        return {
            key: definition
            for provider in self._kam_score_signals()
            for key, definition in provider["signals"].items()
        }

    @api.model
    def _kam_score_level(self, score):
        if score is None:
            return "muted"
        if score < self._kam_get_param("risk_high_below"):
            return "danger"
        if score < self._kam_get_param("risk_medium_below"):
            return "warning"
        return "success"

    def _kam_describe_recency(self, values):
        if values.get("last"):
            days = values.get("days", 0)
            if days <= 1:
                return self.env._(
                    "Last interaction %(when)s; the tier revisits every "
                    "%(interval)s days",
                    when=self.env._("today") if days <= 0 else self.env._("yesterday"),
                    interval=values.get("interval", 0),
                )
            return self.env._(
                "Last interaction %(days)s days ago; the tier revisits every "
                "%(interval)s days",
                days=days,
                interval=values.get("interval", 0),
            )
        return self.env._(
            "No interaction logged in the %(days)s days as key account; the "
            "tier revisits every %(interval)s days",
            days=values.get("days", 0),
            interval=values.get("interval", 0),
        )

    def _kam_describe_satisfaction(self, values):
        if not values.get("count"):
            return self.env._("No rating in the last 12 months")
        return self.env._(
            "Average rating %(average)s out of 5 in the last 12 months "
            "(ratings: %(count)s)",
            average=values.get("average"),
            count=values.get("count"),
        )

    @api.model
    def _kam_signal_contact_recency(self, partner_ids, today):
        """Days since the last interaction, against the tier's interval.

        Full score within the interval, none at three intervals, linear in
        between. Without any interaction, the days count from the day the
        partner became a key account.
        """
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id, partner.kam_since,
                       tier.revisit_interval_days, MAX(interaction.date)
                  FROM res_partner AS partner
             LEFT JOIN kam_tier AS tier ON tier.id = partner.kam_tier_id
             LEFT JOIN kam_interaction AS interaction
                       ON interaction.partner_id = partner.id
                 WHERE partner.id = ANY(%(ids)s)
              GROUP BY partner.id, partner.kam_since, tier.revisit_interval_days
                """,
                ids=list(partner_ids),
            )
        )
        result = {}
        for partner_id, since, interval, last in self.env.cr.fetchall():
            interval = interval or KAM_DEFAULT_REVISIT_DAYS
            reference = last or since or today
            days = max((today - reference).days, 0)
            if days <= interval:
                score = 100
            elif days >= 3 * interval:
                score = 0
            else:
                score = round(100 * (3 * interval - days) / (2 * interval))
            values = {"days": days, "interval": interval}
            if last:
                values.update(last=last.isoformat(), last_activity=last.isoformat())
            result[partner_id] = {"recency": {"score": score, "values": values}}
        return result

    @api.model
    def _kam_signal_overdue_activities(self, partner_ids, today):
        """Open activities past their deadline on the account and its contacts."""
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id, COUNT(*)
                  FROM mail_activity AS activity
                  JOIN res_partner AS partner ON partner.id = activity.res_id
                 WHERE activity.res_model = 'res.partner'
                   AND activity.active IS TRUE
                   AND activity.date_deadline < %(today)s
                   AND partner.commercial_partner_id = ANY(%(ids)s)
              GROUP BY partner.commercial_partner_id
                """,
                today=today,
                ids=list(partner_ids),
            )
        )
        overdue = dict(self.env.cr.fetchall())
        return {
            partner_id: {
                "activities": {
                    "score": max(0, 100 - 20 * overdue.get(partner_id, 0)),
                    "values": {"overdue": overdue.get(partner_id, 0)},
                }
            }
            for partner_id in partner_ids
        }

    @api.model
    def _kam_signal_satisfaction(self, partner_ids, today):
        """Average of the ratings given by the account's people in 12 months.

        Odoo rates 1 (dissatisfied), 3 (okay) or 5 (satisfied): 1 scores 0 and
        5 scores 100. Accounts without ratings are left out.
        """
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id, AVG(rating.rating), COUNT(*)
                  FROM rating_rating AS rating
                  JOIN res_partner AS partner ON partner.id = rating.partner_id
                 WHERE rating.consumed IS TRUE
                   AND rating.rating > 0
                   AND COALESCE(rating.rated_on, rating.write_date) >= %(since)s
                   AND partner.commercial_partner_id = ANY(%(ids)s)
              GROUP BY partner.commercial_partner_id
                """,
                since=today - relativedelta(months=12),
                ids=list(partner_ids),
            )
        )
        result = {}
        for partner_id, average, count in self.env.cr.fetchall():
            average = float(average)
            result[partner_id] = {
                "satisfaction": {
                    "score": max(0, min(100, round((average - 1) * 25))),
                    "values": {"average": round(average, 1), "count": count},
                }
            }
        return result

    @api.model
    def _kam_signal_complaints(self, partner_ids, today):
        """Open complaints and service-level breaches of the last 12 months."""
        if "kam.complaint" not in self.env:
            return {}
        self.env["kam.complaint"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       COUNT(*) FILTER (WHERE complaint.state NOT IN
                                        ('resolved', 'closed', 'cancelled')),
                       COUNT(*) FILTER (WHERE complaint.sla_status = 'breached'
                                        AND complaint.date_received >= %(since)s)
                  FROM kam_complaint AS complaint
                  JOIN res_partner AS partner ON partner.id = complaint.partner_id
                 WHERE partner.commercial_partner_id = ANY(%(ids)s)
              GROUP BY partner.commercial_partner_id
                """,
                since=today - relativedelta(months=12),
                ids=list(partner_ids),
            )
        )
        counts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        result = {}
        for partner_id in partner_ids:
            open_count, breached = counts.get(partner_id, (0, 0))
            result[partner_id] = {
                "complaints": {
                    "score": max(0, 100 - 25 * open_count),
                    "values": {"open": open_count},
                },
                "sla": {
                    "score": max(0, 100 - 35 * breached),
                    "values": {"breached": breached},
                },
            }
        return result

    @api.model
    def _kam_signal_points(self, partner_ids, today):
        """Points earned or redeemed in the last 6 months.

        No movement scores 30, each movement adds 10 to a base of 60 up to 100.
        Accounts that never had points are left out.
        """
        if "kam.points.line" not in self.env:
            return {}
        self.env["kam.points.line"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.commercial_partner_id,
                       COUNT(*) FILTER (WHERE line.kind IN ('earn', 'redeem')
                                        AND line.date >= %(since)s)
                  FROM kam_points_line AS line
                  JOIN res_partner AS partner ON partner.id = line.partner_id
                 WHERE partner.commercial_partner_id = ANY(%(ids)s)
              GROUP BY partner.commercial_partner_id
                """,
                since=today - relativedelta(months=6),
                ids=list(partner_ids),
            )
        )
        return {
            partner_id: {
                "points": {
                    "score": min(100, 60 + 10 * recent) if recent else 30,
                    "values": {"recent": recent},
                }
            }
            for partner_id, recent in self.env.cr.fetchall()
        }

    # ------------------------------------------------------------------
    # Health score: engine
    # ------------------------------------------------------------------
    @api.model
    def _cron_kam_recompute_scores(self):
        """Recompute the scores of all key accounts, in batches.

        Accounts computed longest ago come first, so that a run cut short by
        the cron's time limit goes on where it stopped.
        """
        Partner = self.sudo().with_context(tracking_disable=True)
        accounts = Partner.search(
            self._kam_account_domain(), order="kam_health_date ASC NULLS FIRST, id"
        )
        Partner._kam_reset_health_of_non_accounts()
        in_cron = bool(self.env.context.get("cron_id"))
        remaining = len(accounts)
        for batch in split_every(KAM_HEALTH_BATCH_SIZE, accounts.ids):
            partners = Partner.browse(batch)
            Partner._kam_recompute_health(partners)
            # Loyalty: member levels of the batch (one aggregate query).
            Partner._kam_recompute_member_levels(partners)
            remaining -= len(batch)
            if in_cron:
                time_left = self.env["ir.cron"]._commit_progress(
                    len(batch), remaining=remaining
                )
                if time_left <= 0:
                    break

    @api.model
    def _kam_reset_health_of_non_accounts(self):
        """Clear the scores of partners that are no longer key accounts."""
        self.flush_model(["is_key_account", "commercial_partner_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner
                   SET kam_health_score = NULL, kam_churn_risk = NULL,
                       kam_lifecycle_stage = NULL, kam_health_components = NULL,
                       kam_health_date = NULL, kam_next_visit_date = NULL
                 WHERE (is_key_account IS NOT TRUE OR commercial_partner_id != id)
                   AND (kam_health_date IS NOT NULL OR kam_next_visit_date IS NOT NULL)
             RETURNING id
                """
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.browse(ids).invalidate_recordset(
                [
                    "kam_health_score",
                    "kam_churn_risk",
                    "kam_lifecycle_stage",
                    "kam_health_components",
                    "kam_health_date",
                    "kam_next_visit_date",
                ]
            )

    @api.model
    def _kam_recompute_health(self, partners):
        """Health score, churn risk and lifecycle stage of a batch of accounts.

        A bounded number of queries whatever the size of the batch: one per
        signal provider, one to read the accounts, one UPDATE, and a constant
        number for the stage-change messages and the churn-risk activities.
        """
        partners = partners.sudo()
        ids = partners.ids
        if not ids:
            return
        self.env.flush_all()
        partners._kam_update_visit_dates()
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                SELECT id, kam_since, kam_churn_risk, kam_lifecycle_stage
                  FROM res_partner
                 WHERE id = ANY(%(ids)s)
                """,
                ids=ids,
            )
        )
        accounts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        signal_values = defaultdict(dict)
        providers = self._kam_score_signals()
        for provider in providers:
            result = getattr(self, provider["method"])(ids, today)
            for partner_id, values in result.items():
                signal_values[partner_id].update(values)
        weights = {
            key: max(
                self._kam_get_param(
                    definition["weight_param"], definition.get("default_weight")
                ),
                0,
            )
            for provider in providers
            for key, definition in provider["signals"].items()
        }
        high_below = self._kam_get_param("risk_high_below")
        medium_below = self._kam_get_param("risk_medium_below")
        lifecycle_limits = self._kam_lifecycle_limits(today)

        rows = []
        stage_changes = {}
        risen_to_high = []
        for partner_id in ids:
            since, old_risk, old_stage = accounts[partner_id]
            components = []
            total = weight_sum = 0
            activity_dates = []
            for key, weight in weights.items():
                signal = signal_values[partner_id].get(key)
                if not signal:
                    continue
                score = signal.get("score")
                values = signal.get("values") or {}
                components.append(
                    {"key": key, "score": score, "weight": weight, "values": values}
                )
                if values.get("last_activity"):
                    activity_dates.append(fields.Date.to_date(values["last_activity"]))
                if score is not None and weight:
                    total += score * weight
                    weight_sum += weight
            health = round(total / weight_sum) if weight_sum else 50
            if health < high_below:
                risk = "high"
            elif health < medium_below:
                risk = "medium"
            else:
                risk = "low"
            stage = self._kam_lifecycle_stage(
                since,
                max(activity_dates) if activity_dates else None,
                today,
                limits=lifecycle_limits,
            )
            if old_stage and stage != old_stage:
                stage_changes[partner_id] = (old_stage, stage)
            if risk == "high" and old_risk != "high":
                risen_to_high.append(partner_id)
            rows.append(
                SQL(
                    "(%s, %s, %s, %s, %s::jsonb)",
                    partner_id,
                    health,
                    risk,
                    stage,
                    json.dumps({"score": health, "signals": components}),
                )
            )
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner AS p
                   SET kam_health_score = v.score,
                       kam_churn_risk = v.risk,
                       kam_lifecycle_stage = v.stage,
                       kam_health_components = v.components,
                       kam_health_date = %(today)s
                  FROM (VALUES %(rows)s) AS v(id, score, risk, stage, components)
                 WHERE p.id = v.id
                """,
                today=today,
                rows=SQL(", ").join(rows),
            )
        )
        partners.invalidate_recordset(
            [
                "kam_health_score",
                "kam_churn_risk",
                "kam_lifecycle_stage",
                "kam_health_components",
                "kam_health_date",
            ]
        )
        if stage_changes:
            self._kam_log_stage_changes(stage_changes)
        if risen_to_high:
            self.browse(risen_to_high).sudo()._kam_schedule_churn_activities()

    @api.model
    def _kam_lifecycle_limits(self, today):
        """The dates before which an account is lost, dormant, not new, mature."""
        return {
            name: today
            - relativedelta(months=self._kam_get_param(f"lifecycle_{name}_months"))
            for name in ("lost", "dormant", "new", "mature")
        }

    def _kam_lifecycle_stage(self, since, last_activity, today, limits=None):
        """Lifecycle stage from the key-account age and the last activity.

        Lost, then dormant, by the months without interaction or purchase
        (counted from the day it became a key account when it never had any);
        otherwise new, growing or mature by the months as key account.
        ``limits`` (from ``_kam_lifecycle_limits``) saves reading the settings
        for every account of a batch.
        """
        limits = limits or self._kam_lifecycle_limits(today)
        reference = last_activity or since or today
        if reference <= limits["lost"]:
            return "lost"
        if reference <= limits["dormant"]:
            return "dormant"
        since = since or today
        if since > limits["new"]:
            return "new"
        if since > limits["mature"]:
            return "growing"
        return "mature"

    @api.model
    def _kam_log_stage_changes(self, changes):
        """Log stage changes as tracking messages, all in one batch.

        :param dict changes: {partner_id: (old_stage, new_stage)}
        """
        partners = self.browse(list(changes)).sudo()
        col_info = self.fields_get(
            ["kam_lifecycle_stage"], attributes=("string", "type", "selection")
        )["kam_lifecycle_stage"]
        # Key-account facts: for key-account users only (see mail.message).
        messages = partners._message_log_batch(
            dict.fromkeys(partners.ids, "")
        )._kam_restrict()
        Tracking = self.env["mail.tracking.value"]
        Tracking.sudo().create(
            [
                dict(
                    Tracking._create_tracking_values(
                        *changes[message.res_id],
                        "kam_lifecycle_stage",
                        col_info,
                        partners.browse(message.res_id),
                    ),
                    mail_message_id=message.id,
                )
                for message in messages
            ]
        )

    def _kam_schedule_churn_activities(self):
        """One "Churn Risk" activity for the manager of each account.

        Not for an account that has one open already.
        """
        churn_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_churn_risk",
            raise_if_not_found=False,
        )
        if not churn_type or not self:
            return self.env["mail.activity"]
        accounts = self - self._kam_with_open_activity(churn_type)
        model_id = self.env["ir.model"]._get_id("res.partner")
        definitions_by_lang = {}
        today = fields.Date.context_today(self)
        vals_list = []
        for account in accounts:
            if not account.kam_manager_id.active:
                continue
            # Written for the account manager: in their language.
            lang = account.kam_manager_id.lang or self.env.lang
            account_env = account.with_context(lang=lang)
            if lang not in definitions_by_lang:
                definitions_by_lang[lang] = account_env._kam_signal_definitions()
            definitions = definitions_by_lang[lang]
            signals = account._kam_health_signals()
            weakest = sorted(
                (s for s in signals if s.get("score") is not None and s.get("weight")),
                key=lambda s: s["score"],
            )[:2]
            reasons = ", ".join(
                f"{definitions[s['key']]['label']} ({s['score']})"
                for s in weakest
                if s["key"] in definitions
            )
            vals_list.append(
                {
                    "activity_type_id": churn_type.id,
                    "res_model_id": model_id,
                    "res_id": account.id,
                    "user_id": account.kam_manager_id.id,
                    "date_deadline": today
                    + timedelta(days=churn_type.delay_count or 0),
                    "summary": account_env.env._(
                        "Churn risk: health score %(score)s",
                        score=account.kam_health_score,
                    ),
                    "kam_restricted": True,
                    "note": account_env.env._(
                        "The health score of %(account)s fell to %(score)s. "
                        "Weakest signals: %(reasons)s.",
                        account=account.display_name,
                        score=account.kam_health_score,
                        reasons=reasons or "-",
                    ),
                    "automated": True,
                }
            )
        return (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )

    # ------------------------------------------------------------------
    # Complaints and their service levels (issue 3)
    # ------------------------------------------------------------------
    kam_open_complaint_count = fields.Integer(
        string="Open Complaints",
        compute="_compute_kam_open_complaint_count",
        groups="key_account_mgmt.group_kam_user",
        help="Complaints of the account that are not resolved, closed or cancelled.",
    )
    kam_complaint_rating_avg = fields.Float(
        string="Complaint Satisfaction",
        compute="_compute_kam_complaint_rating_avg",
        digits=(16, 1),
        groups="key_account_mgmt.group_kam_user",
        help="Average rating (1 to 5) the account gave when its complaints were "
        "closed.",
    )
    kam_complaint_rating_count = fields.Integer(
        string="Complaint Ratings",
        compute="_compute_kam_complaint_rating_avg",
        groups="key_account_mgmt.group_kam_user",
    )

    def _compute_kam_open_complaint_count(self):
        # the open states of kam_complaint.KAM_COMPLAINT_OPEN_STATES
        groups = self.env["kam.complaint"]._read_group(
            [
                ("commercial_partner_id", "in", self.commercial_partner_id.ids),
                ("state", "in", ["new", "acknowledged", "investigating", "waiting"]),
            ],
            groupby=["commercial_partner_id"],
            aggregates=["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.kam_open_complaint_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    def _compute_kam_complaint_rating_avg(self):
        groups = (
            self.env["rating.rating"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "kam.complaint"),
                    ("parent_res_model", "=", "res.partner"),
                    ("parent_res_id", "in", self.commercial_partner_id.ids),
                    ("consumed", "=", True),
                    ("rating", ">=", 1),
                ],
                groupby=["parent_res_id"],
                aggregates=["rating:avg", "__count"],
            )
        )
        stats = {parent_id: (average, count) for parent_id, average, count in groups}
        for partner in self:
            average, count = stats.get(partner.commercial_partner_id.id, (0.0, 0))
            partner.kam_complaint_rating_avg = average or 0.0
            partner.kam_complaint_rating_count = count

    def action_kam_view_complaints(self):
        self.ensure_one()
        account = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_complaint_action"
        )
        action["domain"] = [("commercial_partner_id", "=", account.id)]
        action["context"] = {
            "default_partner_id": self.id,
            "search_default_open": 1,
        }
        return action

    def action_kam_new_complaint(self):
        self.ensure_one()
        action = self.action_kam_view_complaints()
        action.update({"view_mode": "form", "views": [(False, "form")]})
        return action
