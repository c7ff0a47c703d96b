from odoo import Command, api, fields, models


class KamLostWizard(models.TransientModel):
    """Mark key accounts lost, or record why they were (like CRM's lost reason)."""

    _name = "kam.lost.wizard"
    _description = "Mark Key Account as Lost"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Accounts",
        required=True,
        domain=lambda self: self.env["res.partner"]._kam_account_domain(),
    )
    churn_reason_id = fields.Many2one("kam.churn.reason", required=True)
    note = fields.Text(string="Details", help="What happened, in a few words.")

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        context = self.env.context
        if (
            "partner_ids" in fields
            and context.get("active_model") == "res.partner"
            and context.get("active_ids")
        ):
            values["partner_ids"] = [Command.set(context["active_ids"])]
        return values

    def action_confirm(self):
        self.ensure_one()
        # The accounts come from the client: _kam_mark_lost checks that the
        # user may mark each of them.
        self.partner_ids._kam_mark_lost(self.churn_reason_id, self.note)
        return {"type": "ir.actions.act_window_close"}
