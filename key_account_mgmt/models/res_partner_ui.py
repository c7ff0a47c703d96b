from lxml import etree

from odoo import api, fields, models

# Views of the Key Accounts app in which only key-account managers may create
# records: a key account needs a tier and an account manager, which only they
# can set, so "New" would be a dead end for anyone else.
KAM_APP_VIEWS = (
    "key_account_mgmt.res_partner_view_kanban_key_account",
    "key_account_mgmt.res_partner_view_kanban_key_account_health",
    "key_account_mgmt.res_partner_view_list_key_account",
    "key_account_mgmt.res_partner_view_form_key_account",
)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_can_manage = fields.Boolean(
        string="Can Manage Key Account",
        compute="_compute_kam_can_manage",
        groups="base.group_user",
        help="Technical: the current user works on this key account (its "
        "account manager, its backup or a key-account manager): the buttons "
        "that act on the account (redeem points, ...) are shown to them only.",
    )

    kam_complaint_count = fields.Integer(
        string="All Complaints",
        compute="_compute_kam_complaint_count",
        groups="key_account_mgmt.group_kam_user",
        help="Complaints of the account, whatever their state.",
    )

    @api.depends_context("uid")
    @api.depends("commercial_partner_id")
    def _compute_kam_can_manage(self):
        user = self.env.user
        if self.env.su or user.has_group("key_account_mgmt.group_kam_manager"):
            self.kam_can_manage = True
            return
        if not user.has_group("key_account_mgmt.group_kam_user"):
            self.kam_can_manage = False
            return
        for partner in self:
            partner.kam_can_manage = partner._kam_is_managed_by(user)

    def _compute_kam_complaint_count(self):
        groups = self.env["kam.complaint"]._read_group(
            [("commercial_partner_id", "in", self.commercial_partner_id.ids)],
            groupby=["commercial_partner_id"],
            aggregates=["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.kam_complaint_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    def action_kam_log_interaction(self):
        action = super().action_kam_log_interaction()
        action["name"] = self.env._("Log Interaction")
        action.pop("display_name", None)
        return action

    @api.model
    def get_view(self, view_id=None, view_type="form", **options):
        result = super().get_view(view_id, view_type, **options)
        if (
            view_id
            and view_id in self._kam_app_view_ids()
            and not self.env.user.has_group("key_account_mgmt.group_kam_manager")
        ):
            arch = etree.fromstring(result["arch"])
            arch.set("create", "0")
            result["arch"] = etree.tostring(arch, encoding="unicode")
        return result

    @api.model
    def _kam_app_view_ids(self):
        IrModelData = self.env["ir.model.data"]
        return {
            IrModelData._xmlid_to_res_id(xmlid, raise_if_not_found=False)
            for xmlid in KAM_APP_VIEWS
        } - {False}
