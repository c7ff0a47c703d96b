from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..models.kam_constants import KAM_COMPLAINT_OPEN_STATES
from ..models.res_partner import _kam_manager_domain


class KamReassignWizard(models.TransientModel):
    _name = "kam.reassign.wizard"
    _description = "Reassign Account Manager"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Accounts",
        required=True,
        domain=lambda self: self.env["res.partner"]._kam_account_domain(),
    )
    partner_count = fields.Integer(compute="_compute_partner_count")
    manager_id = fields.Many2one(
        "res.users",
        string="New Account Manager",
        domain=lambda self: _kam_manager_domain(self.env),
        help="Leave empty to keep each account's manager.",
    )
    backup_manager_id = fields.Many2one(
        "res.users",
        string="New Backup Manager",
        domain=lambda self: _kam_manager_domain(self.env),
        help="Leave empty to keep each account's backup.",
    )
    remove_backup = fields.Boolean(
        help="Clear the backup manager of the selected accounts.",
    )
    reason = fields.Text(help="Written in the chatter of every account.")
    move_complaints = fields.Boolean(
        string="Move Open Complaints",
        default=True,
        help="The open complaints of the accounts that their current account "
        "manager is responsible for go to the new account manager.",
    )
    move_activities = fields.Boolean(
        string="Move Open Activities",
        default=True,
        help="The open activities on the accounts that are assigned to their "
        "current account manager (revisits, churn risk, ...) go to the new "
        "account manager.",
    )

    @api.model
    def default_get(self, fields):
        values = super().default_get(fields)
        context = self.env.context
        if (
            "partner_ids" in fields
            and context.get("active_model") == "res.partner"
            and context.get("active_ids")
        ):
            partners = self.env["res.partner"].browse(context["active_ids"])
            accounts = partners.commercial_partner_id.filtered_domain(
                self.env["res.partner"]._kam_account_domain()
            )
            values["partner_ids"] = [Command.set(accounts.ids)]
        return values

    @api.depends("partner_ids")
    def _compute_partner_count(self):
        for wizard in self:
            wizard.partner_count = len(wizard.partner_ids)

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group("key_account_mgmt.group_kam_manager"):
            raise AccessError(
                self.env._("Only key-account managers can reassign key accounts.")
            )
        if (
            not self.manager_id
            and not self.backup_manager_id
            and not self.remove_backup
        ):
            raise UserError(
                self.env._("Choose a new account manager, a new backup, or both.")
            )
        accounts = self.partner_ids
        if not accounts:
            raise UserError(self.env._("Select at least one key account."))
        not_key = accounts.filtered(lambda p: not p.is_key_account)
        if not_key:
            raise UserError(
                self.env._(
                    "These partners are not key accounts: %(names)s",
                    names=", ".join(not_key.mapped("display_name")),
                )
            )
        vals = {}
        if self.manager_id:
            vals["kam_manager_id"] = self.manager_id.id
        if self.backup_manager_id:
            vals["kam_backup_manager_id"] = self.backup_manager_id.id
        elif self.remove_backup:
            vals["kam_backup_manager_id"] = False
        # Accounts whose backup would become their manager lose the backup.
        if self.manager_id and not self.backup_manager_id:
            clash = accounts.filtered(
                lambda p: p.kam_backup_manager_id == self.manager_id
            )
            if clash:
                clash.write(dict(vals, kam_backup_manager_id=False))
                accounts -= clash
        old_managers = {
            account.id: account.kam_manager_id for account in self.partner_ids
        }
        if accounts:
            accounts.write(vals)
        if self.manager_id:
            self._kam_move_open_work(old_managers)
        parts = []
        if self.manager_id:
            parts.append(
                self.env._("Account manager: %(user)s", user=self.manager_id.name)
            )
        if self.backup_manager_id:
            parts.append(
                self.env._("Backup manager: %(user)s", user=self.backup_manager_id.name)
            )
        elif self.remove_backup:
            parts.append(self.env._("Backup manager removed"))
        body = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._("Key account reassigned by %(user)s.", user=self.env.user.name),
            Markup("").join(Markup("<li>%s</li>") % part for part in parts),
        )
        if self.reason:
            body += Markup("<p>%s</p>") % self.reason
        self.partner_ids._message_log_batch(
            bodies=dict.fromkeys(self.partner_ids.ids, body)
        )
        return {"type": "ir.actions.act_window_close"}

    def _kam_move_open_work(self, old_managers):
        """Hand the open complaints and activities of the previous account
        managers over to the new one (one search per model)."""
        new_manager = self.manager_id
        moving = {
            account_id: manager
            for account_id, manager in old_managers.items()
            if manager and manager != new_manager
        }
        if not moving:
            return
        if self.move_complaints:
            complaints = self.env["kam.complaint"].search(
                [
                    ("commercial_partner_id", "in", list(moving)),
                    ("user_id", "in", [m.id for m in moving.values()]),
                    ("state", "in", list(KAM_COMPLAINT_OPEN_STATES)),
                ]
            )
            complaints.filtered(
                lambda c: c.user_id == moving[c.commercial_partner_id.id]
            ).write({"user_id": new_manager.id})
        if self.move_activities:
            activities = self.env["mail.activity"].search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", list(moving)),
                    ("user_id", "in", [m.id for m in moving.values()]),
                ]
            )
            activities.filtered(lambda a: a.user_id == moving[a.res_id]).write(
                {"user_id": new_manager.id}
            )
