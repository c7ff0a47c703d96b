from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="set null",
        domain="[('is_key_account', '=', True), ('id', '!=', id)]",
        groups="key_account_mgmt.group_kam_user",
        help="The key account that referred this customer: it earns the "
        "referral points when this customer becomes a customer (see settings).",
    )

    kam_referral_awarded = fields.Boolean(
        string="Referral Points Awarded",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
    )

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        if any(vals.get("kam_referred_by_id") for vals in vals_list):
            partners._kam_referral_on_key_account()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if {"is_key_account", "kam_referred_by_id"} & vals.keys():
            self._kam_referral_on_key_account()
        return result

    @api.constrains("kam_referred_by_id")
    def _check_kam_referred_by(self):
        for partner in self:
            referrer = partner.kam_referred_by_id
            if referrer and referrer.commercial_partner_id == (
                partner.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be referred by itself or by its own "
                        "company.",
                        partner=partner.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Referral
    # ------------------------------------------------------------------
    def _kam_referral_on_key_account(self):
        """Award the referral of the partners that just became key accounts."""
        trigger = self._kam_get_setting("referral_trigger")
        if trigger != "key_account":
            return self.env["kam.points.line"]
        partners = self.sudo().filtered(
            lambda p: (
                p._kam_is_account()
                and p.kam_referred_by_id
                and not p.kam_referral_awarded
            )
        )
        return partners._kam_award_referral()

    def _kam_award_referral(self):
        """Award the referral points to the referrer of each partner, once.

        Idempotent: the partner's ``kam_referral_awarded`` flag is set by an
        atomic UPDATE before the points are earned. Return the ledger lines.
        """
        Line = self.env["kam.points.line"].sudo()
        lines = Line.browse()
        points = self._kam_get_param("referral_points")
        if points <= 0:
            return lines
        for partner in self.sudo().commercial_partner_id:
            referrer = partner.kam_referred_by_id.commercial_partner_id
            if not referrer or partner.kam_referral_awarded:
                continue
            # SQL: a conditional UPDATE ... RETURNING, so that two concurrent
            # transactions cannot both pay the referral.
            self.env.cr.execute(
                SQL(
                    "UPDATE res_partner SET kam_referral_awarded = TRUE "
                    "WHERE id = %s AND kam_referral_awarded IS NOT TRUE RETURNING id",
                    partner.id,
                )
            )
            if not self.env.cr.fetchone():
                continue
            partner.invalidate_recordset(["kam_referral_awarded"])
            lines |= referrer.kam_earn_points(
                points,
                self.env._("Referral of %(partner)s", partner=partner.display_name),
            )
            partner.message_post(
                body=self.env._(
                    "%(referrer)s earned %(points)s referral points for "
                    "referring this customer.",
                    referrer=referrer.display_name,
                    points=self._kam_format_points(lines[-1:].points),
                ),
                subtype_xmlid="mail.mt_note",
            )._kam_restrict()
        return lines
