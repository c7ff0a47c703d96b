from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain

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


def _kam_manager_domain(env):
    group = env.ref("key_account_mgmt.group_kam_user", raise_if_not_found=False)
    return [("share", "=", False), ("all_group_ids", "in", group.ids if group else [])]


class ResPartner(models.Model):
    _inherit = "res.partner"

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
        is_manager = self.env.su or user.has_group("key_account_mgmt.group_kam_manager")
        for partner in self:
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
            if field.type == "date" and new:
                new = fields.Date.to_date(new)
                current = fields.Date.to_date(current)
            if (current or False) != new:
                changed.append(fname)
        return changed

    def _kam_check_write(self, vals):
        """Refuse changes to key-account fields by users who may not make them."""
        manager_fields = [f for f in KAM_MANAGER_FIELDS if f in vals]
        archive_fields = [f for f in KAM_ARCHIVE_FIELDS if f in vals]
        if not manager_fields and not archive_fields:
            return
        user = self.env.user
        if user.has_group("key_account_mgmt.group_kam_manager"):
            return
        for partner in self:
            # A contact takes the values of its commercial partner: that sync
            # is not a change of the account.
            reference = (
                partner.commercial_partner_id
                if partner.commercial_partner_id != partner
                else partner
            )
            if manager_fields and self._kam_values_differ(
                reference, vals, manager_fields
            ):
                raise AccessError(
                    self.env._(
                        "Only key-account managers can mark or unmark key accounts "
                        "and change their tier or account managers (%(partner)s).",
                        partner=partner.display_name,
                    )
                )
            if archive_fields and not partner._kam_is_managed_by(user):
                raise AccessError(
                    self.env._(
                        "Only the account manager, the backup manager or a "
                        "key-account manager can change the archive of "
                        "%(partner)s.",
                        partner=partner.commercial_partner_id.display_name,
                    )
                )

    def _kam_check_create(self, vals_list):
        user = self.env.user
        if user.has_group("key_account_mgmt.group_kam_manager"):
            return
        for vals in vals_list:
            manager_fields = [f for f in KAM_MANAGER_FIELDS if vals.get(f)]
            archive_fields = [f for f in KAM_ARCHIVE_FIELDS if vals.get(f)]
            if not manager_fields and not archive_fields:
                continue
            parent = self.browse(vals.get("parent_id") or []).exists()
            account = parent.sudo().commercial_partner_id
            if manager_fields and (
                not account or self._kam_values_differ(account, vals, manager_fields)
            ):
                raise AccessError(
                    self.env._(
                        "Only key-account managers can create key accounts or set "
                        "their tier and account managers."
                    )
                )
            if (
                archive_fields
                and account.is_key_account
                and not parent._kam_is_managed_by(user)
            ):
                raise AccessError(
                    self.env._(
                        "Only the account manager, the backup manager or a "
                        "key-account manager can change the archive of "
                        "%(partner)s.",
                        partner=account.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self._kam_check_create(vals_list)
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("is_key_account") and not vals.get("kam_since"):
                vals["kam_since"] = today
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._kam_check_write(vals)
        if vals.get("is_key_account") and "kam_since" not in vals:
            newly_marked = self.sudo().filtered(lambda p: not p.is_key_account)
            if newly_marked:
                newly_marked = self.browse(newly_marked.ids)
                result = super(ResPartner, newly_marked).write(
                    dict(vals, kam_since=fields.Date.context_today(self))
                )
                others = self - newly_marked
                if others:
                    result = super(ResPartner, others).write(vals) and result
                return result
        return super().write(vals)

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
