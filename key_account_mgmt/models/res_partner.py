from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain

from .kam_constants import (
    KAM_ARCHIVE_FIELDS,
    KAM_CHANNELS,
    KAM_HEALTH_ENGINE_FIELDS,
    KAM_MANAGER_FIELDS,
    KAM_SETTINGS_DEFAULTS,
)
from .kam_write_guard import KAM_ACCOUNT, KAM_ENGINE, KAM_MANAGER


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
        compute="_compute_kam_since",
        store=True,
        readonly=False,
        precompute=True,
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

    @api.depends("is_key_account")
    def _compute_kam_since(self):
        """Today for a partner created (or, in a form, marked) as key account
        without a date; any other partner keeps its date, also once it is no
        longer one. Precomputed: set on the day of the create."""
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.is_key_account and not partner.kam_since:
                partner.kam_since = today

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
            if not partner._kam_is_account():
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

    def _kam_is_account(self):
        """Is this partner a key account itself: marked, and its own
        commercial partner (a company, or a person without company)? The
        record-level twin of ``_kam_account_domain``."""
        self.ensure_one()
        return bool(self.is_key_account and self.commercial_partner_id == self)

    def _kam_account_managers(self):
        """The account managers and backups of the accounts of these partners:
        with the key-account managers (``_kam_is_kam_manager``), the people
        who manage the account (none for no partner)."""
        account = self.sudo().commercial_partner_id
        return account.kam_manager_id | account.kam_backup_manager_id

    def _kam_is_managed_by(self, user):
        self.ensure_one()
        return user in self._kam_account_managers()

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
        for vals in vals_list:
            # An empty date given with the marking (an import) is no date:
            # the compute sets today.
            if vals.get("is_key_account") and not vals.get("kam_since", True):
                del vals["kam_since"]
        return super().create(vals_list)

    def write(self, vals):
        if self._kam_is_merging():
            vals = self._kam_guard_strip_engine(vals)
        self._kam_guard_check(vals)
        newly_marked = self.browse()
        if vals.get("is_key_account") and "kam_since" not in vals:
            # Marked (again): a new period starts today, on the day of the
            # write (the compute, which runs later, keeps a date a partner has).
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
        return result

    # ------------------------------------------------------------------
    # Settings: the one reader (defaults in kam_constants)
    # ------------------------------------------------------------------
    @api.model
    def _kam_settings_defaults(self):
        """Defaults of the settings ``key_account_mgmt.<name>``; an addon adds
        its own with ``super()``."""
        return dict(KAM_SETTINGS_DEFAULTS)

    @api.model
    def _kam_get_setting(self, name):
        """Setting ``key_account_mgmt.<name>`` as text (selections, ids), or
        its default."""
        value = (
            self.env["ir.config_parameter"].sudo().get_param(f"key_account_mgmt.{name}")
        )
        if value in (None, False, ""):
            return self._kam_settings_defaults().get(name, False)
        return value

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
            return self._kam_settings_defaults().get(name, 0)
