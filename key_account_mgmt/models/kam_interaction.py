from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .res_partner import KAM_CHANNELS


class KamInteraction(models.Model):
    _name = "kam.interaction"
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

    @api.onchange("contact_id")
    def _onchange_contact_id(self):
        if self.contact_id and not self.partner_id:
            self.partner_id = self.contact_id.commercial_partner_id

    @api.model_create_multi
    def create(self, vals_list):
        # Interactions are kept on the account (commercial partner); a contact
        # given as partner becomes the contact person.
        Partner = self.env["res.partner"].sudo()
        for vals in vals_list:
            partner = Partner.browse(vals.get("partner_id")).exists()
            if partner and partner.commercial_partner_id != partner:
                vals["partner_id"] = partner.commercial_partner_id.id
                vals.setdefault("contact_id", partner.id)
        interactions = super().create(vals_list)
        interactions.partner_id._kam_update_visit_dates()
        return interactions

    def write(self, vals):
        partners = self.partner_id
        result = super().write(vals)
        if {"date", "partner_id"} & vals.keys():
            (partners | self.partner_id)._kam_update_visit_dates()
        return result

    def unlink(self):
        partners = self.partner_id
        result = super().unlink()
        partners.exists()._kam_update_visit_dates()
        return result
