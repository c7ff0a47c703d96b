from odoo import fields, models


class KamChurnReason(models.Model):
    """Why a key account was lost (客户流失原因): a configurable list."""

    _name = "kam.churn.reason"
    _description = "Churn Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)
    account_count = fields.Integer(
        string="Lost Accounts",
        compute="_compute_account_count",
        help="Key accounts lost for this reason.",
    )

    _name_uniq = models.Constraint(
        "UNIQUE(name)", "A churn reason with this name already exists."
    )

    def _compute_account_count(self):
        groups = (
            self.env["res.partner"]
            .sudo()
            ._read_group(
                [("kam_churn_reason_id", "in", self.ids)],
                groupby=["kam_churn_reason_id"],
                aggregates=["__count"],
            )
        )
        counts = {reason.id: count for reason, count in groups}
        for reason in self:
            reason.account_count = counts.get(reason.id, 0)

    def action_view_accounts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.res_partner_action_key_accounts"
        )
        action["domain"] = [("kam_churn_reason_id", "=", self.id)]
        action["context"] = {}
        return action
