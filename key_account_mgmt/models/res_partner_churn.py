"""Churn reasons of lost key accounts and the monthly health snapshots.

The scores job recomputes the accounts batch by batch through
``_kam_recompute_health``; the override below keeps the accounts marked lost
by hand at "lost", notes when an account becomes lost (or comes back), asks
its manager for the reason, and writes the month's snapshot of the batch.
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .kam_write_guard import KAM_ACCOUNT, KAM_ENGINE

# Written only by the scores job and by the lost wizard (through
# ``_kam_mark_lost`` / ``_kam_reactivate``), never by a client.
KAM_CHURN_ENGINE_FIELDS = ("kam_lost_date", "kam_lost_manual")
# Written by the account's managers and key-account managers.
KAM_CHURN_REASON_FIELDS = ("kam_churn_reason_id", "kam_churn_note")


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_churn_reason_id = fields.Many2one(
        "kam.churn.reason",
        string="Churn Reason",
        copy=False,
        tracking=True,
        index="btree_not_null",
        ondelete="restrict",
        groups="key_account_mgmt.group_kam_user",
        help="Why the account was lost (recorded when it is marked lost, or "
        "asked from its manager when the scores job finds it lost).",
    )
    kam_churn_note = fields.Text(
        string="Churn Details",
        copy=False,
        groups="key_account_mgmt.group_kam_user",
    )
    kam_lost_date = fields.Date(
        string="Lost On",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Day the account's lifecycle stage became Lost.",
    )
    kam_lost_manual = fields.Boolean(
        string="Marked Lost by Hand",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="The account stays Lost, whatever its activity, until it is reactivated.",
    )

    # ------------------------------------------------------------------
    # Who writes the churn fields (kam.write.guard)
    # ------------------------------------------------------------------
    @api.model
    def _kam_write_rules(self):
        rules = super()._kam_write_rules()
        rules.update(dict.fromkeys(KAM_CHURN_ENGINE_FIELDS, KAM_ENGINE))
        rules.update(dict.fromkeys(KAM_CHURN_REASON_FIELDS, KAM_ACCOUNT))
        return rules

    def _kam_check_can_mark_lost(self):
        """Refuse unless the user manages every account or is a manager."""
        user = self.env.user
        if user.has_group("key_account_mgmt.group_kam_manager"):
            return
        for partner in self:
            if not (
                user.has_group("key_account_mgmt.group_kam_user")
                and partner._kam_is_managed_by(user)
            ):
                raise AccessError(
                    self.env._(
                        "Only the account manager, the backup manager or a "
                        "key-account manager can mark %(partner)s as lost or "
                        "record why it was lost.",
                        partner=partner.commercial_partner_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_mark_lost(self):
        """Open the wizard that asks for the churn reason."""
        self._kam_check_can_mark_lost()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_lost_wizard_action"
        )
        action["context"] = {
            "active_model": "res.partner",
            "active_ids": self.ids,
        }
        return action

    def action_kam_reactivate(self):
        """Lift a "lost" set by hand: the scores job decides the stage again."""
        self._kam_check_can_mark_lost()
        self._kam_reactivate()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _kam_mark_lost(self, reason, note=False):
        """Mark the accounts lost (or record why they were) with ``reason``.

        Accounts not lost yet are held at Lost until reactivated; accounts
        the scores job found lost keep following their activity. The open
        "Churn Reason" activities of the accounts are marked done.
        """
        self._kam_check_can_mark_lost()
        reason = reason.exists() if reason else reason
        if not reason:
            raise UserError(self.env._("Give the reason why the account was lost."))
        accounts = self.sudo()
        not_accounts = accounts.filtered(lambda p: not p._kam_is_account())
        if not_accounts:
            raise UserError(
                self.env._(
                    "Only key accounts can be marked lost (%(partners)s).",
                    partners=", ".join(not_accounts.mapped("display_name")),
                )
            )
        today = fields.Date.context_today(self)
        already_lost = accounts.filtered(lambda p: p.kam_lifecycle_stage == "lost")
        reason_vals = {"kam_churn_reason_id": reason.id, "kam_churn_note": note}
        if already_lost:
            already_lost.write(reason_vals)
        if newly_lost := accounts - already_lost:
            newly_lost.write(
                dict(
                    reason_vals,
                    kam_lifecycle_stage="lost",
                    kam_lost_manual=True,
                    kam_lost_date=today,
                )
            )
        activity_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_churn_reason",
            raise_if_not_found=False,
        )
        if activity_type:
            activities = (
                self.env["mail.activity"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", "res.partner"),
                        ("res_id", "in", accounts.ids),
                        ("activity_type_id", "=", activity_type.id),
                    ]
                )
            )
            if activities:
                activities.action_feedback(feedback=reason.name)
        return True

    def _kam_reactivate(self):
        accounts = self.sudo().filtered("kam_lost_manual")
        if not accounts:
            return
        accounts.write(
            {
                "kam_lost_manual": False,
                "kam_lost_date": False,
                "kam_churn_reason_id": False,
                "kam_churn_note": False,
            }
        )
        self._kam_recompute_health(accounts)

    def _kam_schedule_churn_reason_activities(self):
        """One "Churn Reason" activity for the manager of each lost account
        that has no reason yet (and no such activity open)."""
        activity_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_churn_reason",
            raise_if_not_found=False,
        )
        accounts = self.sudo().filtered(lambda p: not p.kam_churn_reason_id)

        def prepare(account):
            manager = account.kam_manager_id
            # In the manager's language.
            env = self.with_context(lang=manager.lang).env
            return {
                "user_id": manager.id,
                "kam_restricted": True,
                "summary": env._("Record why the account was lost"),
                "note": env._(
                    "%(account)s is now lost. Record the churn reason with "
                    "the Record Churn Reason button on the account.",
                    account=account.display_name,
                ),
            }

        return self.env["mail.activity"]._kam_schedule(activity_type, accounts, prepare)

    # ------------------------------------------------------------------
    # Scores job
    # ------------------------------------------------------------------
    @api.model
    def _kam_reset_health_of_non_accounts(self):
        """Partners that are no longer key accounts are no longer held lost
        (their churn reason stays, as history)."""
        result = super()._kam_reset_health_of_non_accounts()
        # SQL: bulk score update over all partners, one UPDATE.
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner
                   SET kam_lost_manual = NULL, kam_lost_date = NULL
                 WHERE (is_key_account IS NOT TRUE OR commercial_partner_id != id)
                   AND (kam_lost_manual IS TRUE OR kam_lost_date IS NOT NULL)
             RETURNING id
                """
            )
        )
        if ids := [row[0] for row in self.env.cr.fetchall()]:
            self.browse(ids).invalidate_recordset(["kam_lost_manual", "kam_lost_date"])
        return result

    @api.model
    def _kam_recompute_health(self, partners):
        partners = partners.sudo()
        ids = partners.ids
        if not ids:
            return super()._kam_recompute_health(partners)
        self.env.flush_all()
        cr = self.env.cr
        # SQL: the scores job reads and writes its columns by SQL, one query
        # per step and batch (bulk score updates).
        cr.execute(
            SQL(
                """
                SELECT id, kam_lifecycle_stage, kam_lost_manual
                  FROM res_partner
                 WHERE id = ANY(%(ids)s)
                """,
                ids=ids,
            )
        )
        rows = cr.fetchall()
        before = {row[0]: row[1] for row in rows}
        held = [row[0] for row in rows if row[2]]
        result = super()._kam_recompute_health(partners - self.browse(held))
        today = fields.Date.context_today(self)
        if held:
            # Held at Lost by hand: only the date moves (the job then takes the
            # accounts computed longest ago first).
            # SQL: bulk score update of the batch, one UPDATE.
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner
                       SET kam_lifecycle_stage = 'lost', kam_health_date = %(today)s
                     WHERE id = ANY(%(ids)s)
                    """,
                    today=today,
                    ids=held,
                )
            )
        # SQL: the stages as the SQL updates above left them (one query).
        cr.execute(
            SQL(
                "SELECT id, kam_lifecycle_stage FROM res_partner "
                "WHERE id = ANY(%(ids)s)",
                ids=ids,
            )
        )
        after = dict(cr.fetchall())
        newly_lost = [
            pid for pid in ids if after.get(pid) == "lost" and before.get(pid) != "lost"
        ]
        recovered = [
            pid for pid in ids if before.get(pid) == "lost" and after.get(pid) != "lost"
        ]
        if newly_lost:
            # SQL: bulk score update of the batch, one UPDATE.
            cr.execute(
                SQL(
                    "UPDATE res_partner SET kam_lost_date = %(today)s "
                    "WHERE id = ANY(%(ids)s)",
                    today=today,
                    ids=newly_lost,
                )
            )
        if recovered:
            # SQL: bulk score update of the batch, one UPDATE.
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner
                       SET kam_lost_date = NULL, kam_churn_reason_id = NULL,
                           kam_churn_note = NULL
                     WHERE id = ANY(%(ids)s)
                    """,
                    ids=recovered,
                )
            )
        partners.invalidate_recordset(
            [
                "kam_lifecycle_stage",
                "kam_health_date",
                "kam_lost_date",
                "kam_churn_reason_id",
                "kam_churn_note",
            ]
        )
        if newly_lost:
            self.browse(newly_lost)._kam_schedule_churn_reason_activities()
        self.env["kam.health.snapshot"]._kam_write_snapshots(ids, today)
        return result
