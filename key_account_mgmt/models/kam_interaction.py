from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from .kam_constants import KAM_CHANNELS
from .kam_write_guard import KAM_ENGINE


class KamInteraction(models.Model):
    _name = "kam.interaction"
    _inherit = ["kam.write.guard"]
    _check_company_auto = True
    _description = "Key Account Interaction"
    _order = "date desc, id desc"
    _rec_name = "summary"

    date = fields.Date(
        required=True,
        index=True,
        default=fields.Date.context_today,
        help="Day of the contact.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        required=True,
        index=True,
        ondelete="cascade",
        domain=lambda self: self.env["res.partner"]._kam_account_domain(),
        check_company=True,
        help="The account (commercial partner) the contact was with.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Contact Person",
        ondelete="set null",
        domain="[('commercial_partner_id', '=', partner_id), ('id', '!=', partner_id)]",
        help="The person of the account you spoke with.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Done By",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        ondelete="restrict",
    )
    channel = fields.Selection(KAM_CHANNELS, required=True, default="phone")
    summary = fields.Char(required=True)
    outcome = fields.Text(help="What came out of the contact.")
    next_step = fields.Char(help="What was agreed to do next.")
    activity_type_id = fields.Many2one(
        "mail.activity.type",
        string="From Activity",
        readonly=True,
        ondelete="set null",
        help="Type of the activity whose completion logged this interaction.",
    )
    manager_id = fields.Many2one(
        "res.users",
        string="Account Manager",
        related="partner_id.kam_manager_id",
        store=True,
        index=True,
        help="Current account manager of the key account.",
    )
    tier_id = fields.Many2one(
        "kam.tier", related="partner_id.kam_tier_id", store=True, string="Tier"
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    color = fields.Integer(related="partner_id.kam_tier_color", string="Colour")

    @api.constrains("partner_id", "contact_id")
    def _check_contact_id(self):
        for interaction in self:
            contact = interaction.contact_id
            if contact and contact.commercial_partner_id != interaction.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is not a contact person of %(account)s.",
                        contact=contact.display_name,
                        account=interaction.partner_id.display_name,
                    )
                )

    @api.constrains("partner_id")
    def _check_partner_is_key_account(self):
        accounts = self.partner_id.filtered_domain(
            self.env["res.partner"]._kam_account_domain()
        )
        for interaction in self:
            if interaction.partner_id not in accounts:
                raise ValidationError(
                    self.env._(
                        "Interactions are logged on key accounts: %(partner)s is "
                        "not one.",
                        partner=interaction.partner_id.display_name,
                    )
                )

    @api.constrains("date")
    def _check_date(self):
        latest = fields.Date.context_today(self) + timedelta(days=366)
        for interaction in self:
            self._kam_check_date_bounds(
                interaction.date, self.env._("interaction date"), max_date=latest
            )

    @api.constrains("company_id")
    def _check_company_of_user(self):
        self._kam_check_user_company()

    @api.constrains("summary")
    def _check_summary(self):
        for interaction in self:
            if not (interaction.summary or "").strip():
                raise ValidationError(
                    self.env._("The summary of an interaction cannot be blank.")
                )

    # ------------------------------------------------------------------
    # Who may write what (kam.write.guard)
    # ------------------------------------------------------------------
    @api.model
    def _kam_write_rules(self):
        rules = super()._kam_write_rules()
        # Set when the completion of an activity logs the interaction.
        rules["activity_type_id"] = KAM_ENGINE
        return rules

    def _kam_check_interaction_rights(self):
        """A key-account user logs interactions on the accounts they manage or
        back up, in their own name; key-account managers on any account."""
        if self._kam_is_engine() or self._kam_is_kam_manager():
            return
        user = self.env.user
        for interaction in self.sudo():
            if interaction.user_id != user:
                raise AccessError(
                    self.env._(
                        "You can log interactions only in your own name, not in "
                        "the name of %(user)s.",
                        user=interaction.user_id.name,
                    )
                )
            if not interaction.partner_id._kam_is_managed_by(user):
                raise AccessError(
                    self.env._(
                        "You can log interactions only on the key accounts you "
                        "manage or back up, not on %(account)s.",
                        account=interaction.partner_id.display_name,
                    )
                )

    @api.onchange("contact_id")
    def _onchange_contact_id(self):
        if self.contact_id and not self.partner_id:
            self.partner_id = self.contact_id.commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        # Interactions are kept on the account (commercial partner); a contact
        # given as partner becomes the contact person.
        Partner = self.env["res.partner"].sudo()
        partners = Partner.browse(
            {vals["partner_id"] for vals in vals_list if vals.get("partner_id")}
        ).exists()
        # Iterated, the partners are read together (one prefetch).
        partners = {partner.id: partner for partner in partners}
        for vals in vals_list:
            partner = partners.get(vals.get("partner_id"))
            if partner and partner.commercial_partner_id != partner:
                vals["partner_id"] = partner.commercial_partner_id.id
                vals.setdefault("contact_id", partner.id)
        self._kam_guard_check_create(vals_list)
        interactions = super().create(vals_list)
        interactions._kam_check_interaction_rights()
        return interactions

    def write(self, vals):
        self._kam_guard_check(vals)
        if {"partner_id", "user_id"} & vals.keys():
            # Who may move an interaction away may also have logged it.
            self._kam_check_interaction_rights()
        result = super().write(vals)
        if {"partner_id", "user_id"} & vals.keys():
            self._kam_check_interaction_rights()
        return result
