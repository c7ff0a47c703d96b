from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, format_date, split_every

from .kam_constants import KAM_DEFAULT_REVISIT_DAYS, KAM_JOB_BATCH_SIZE
from .kam_write_guard import KAM_DATE_MAX


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------------
    # Relationship rhythm and health: communication log, revisit plans,
    # health score, churn risk and lifecycle stage
    # ------------------------------------------------------------------
    # The stored columns are created by the pre_init_hook (empty, so that the
    # ORM does not compute them partner by partner at install); the ORM keeps
    # them up to date from their dependencies.
    kam_interaction_ids = fields.One2many(
        "kam.interaction",
        "partner_id",
        string="Interactions",
        groups="key_account_mgmt.group_kam_user",
    )

    kam_interaction_count = fields.Integer(
        string="Interaction Count",
        compute="_compute_kam_interaction_count",
        groups="key_account_mgmt.group_kam_user",
    )

    kam_last_interaction_date = fields.Date(
        string="Last Interaction",
        compute="_compute_kam_last_interaction_date",
        store=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Day of the last logged interaction with the account.",
    )

    kam_next_visit_date = fields.Date(
        string="Next Revisit",
        compute="_compute_kam_next_visit_date",
        store=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Last interaction (or the day the partner became a key account) "
        "plus the revisit interval of its tier.",
    )

    kam_revisit_overdue = fields.Boolean(
        string="Revisit Overdue",
        compute="_compute_kam_revisit_overdue",
        search="_search_kam_revisit_overdue",
        groups="key_account_mgmt.group_kam_user",
    )

    _kam_next_visit_idx = models.Index(
        "(kam_next_visit_date) WHERE is_key_account IS TRUE"
    )

    def _compute_kam_interaction_count(self):
        groups = self.env["kam.interaction"]._read_group(
            [("partner_id", "in", self.commercial_partner_id.ids)],
            groupby=["partner_id"],
            aggregates=["__count"],
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.kam_interaction_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    @api.depends("kam_interaction_ids.date")
    def _compute_kam_last_interaction_date(self):
        last = {}
        if ids := self._origin.ids:
            groups = self.env["kam.interaction"]._read_group(
                [("partner_id", "in", ids)],
                groupby=["partner_id"],
                aggregates=["date:max"],
            )
            last = {partner.id: day for partner, day in groups}
        for partner in self:
            partner.kam_last_interaction_date = last.get(partner._origin.id, False)

    @api.depends(
        "is_key_account",
        "commercial_partner_id",
        "kam_since",
        "kam_tier_id.revisit_interval_days",
        "kam_last_interaction_date",
    )
    def _compute_kam_next_visit_date(self):
        """The last interaction (or the day the partner became a key account)
        plus the tier's interval, for key accounts whose tier has one; capped
        at KAM_DATE_MAX, whatever the stored dates."""
        today = fields.Date.context_today(self)
        for partner in self:
            interval = partner.kam_tier_id.revisit_interval_days
            if not (interval > 0 and partner._kam_is_account()):
                partner.kam_next_visit_date = False
                continue
            start = partner.kam_last_interaction_date or partner.kam_since or today
            days = min(interval, (KAM_DATE_MAX - start).days)
            partner.kam_next_visit_date = start + timedelta(days=days)

    @api.depends_context("tz")
    @api.depends("kam_next_visit_date")
    def _compute_kam_revisit_overdue(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.kam_revisit_overdue = bool(
                partner.kam_next_visit_date and partner.kam_next_visit_date < today
            )

    def _search_kam_revisit_overdue(self, operator, value):
        if operator not in ("in", "not in"):
            return NotImplemented
        today = fields.Date.context_today(self)
        overdue = Domain("kam_next_visit_date", "<", today)
        return overdue if (operator == "in") == (True in value) else ~overdue

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_view_interactions(self):
        self.ensure_one()
        account = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt.kam_interaction_action"
        )
        action["domain"] = [("partner_id", "=", account.id)]
        context = {"default_partner_id": account.id}
        if self != account:
            context["default_contact_id"] = self.id
        action["context"] = context
        return action

    def action_kam_log_interaction(self):
        self.ensure_one()
        action = self.action_kam_view_interactions()
        action.update({"view_mode": "form", "views": [(False, "form")]})
        action["target"] = "new"
        return action

    @api.model
    def _cron_kam_revisit_plan(self, batch_size=KAM_JOB_BATCH_SIZE):
        """Schedule one "Revisit" activity per key account whose revisit is due.

        Due: the next revisit falls within the lead days of the settings. An
        account that already has an open revisit activity gets no other one,
        so a run cut short (batches are committed in a cron run) goes on where
        it stopped.
        """
        today = fields.Date.context_today(self)
        horizon = today + timedelta(days=self._kam_get_param("revisit_lead_days"))
        due = self.sudo().search(
            self._kam_account_domain()
            & Domain("kam_next_visit_date", "<=", horizon)
            & Domain("kam_manager_id", "!=", False)
        )
        remaining = len(due)
        for batch in split_every(batch_size, due.ids):
            due.browse(batch)._kam_schedule_revisits()
            remaining -= len(batch)
            if self.env["ir.cron"]._kam_commit_progress(len(batch), remaining) <= 0:
                break
        return due

    def _kam_schedule_revisits(self):
        revisit_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_revisit", raise_if_not_found=False
        )

        def prepare(account):
            last = account.kam_last_interaction_date
            # Written for the account manager: in their language.
            account_env = account.with_context(
                lang=account.kam_manager_id.lang or self.env.lang
            )
            tier = account_env.kam_tier_id
            note = (
                account_env.env._(
                    "Last interaction on %(date)s. Accounts of the tier %(tier)s "
                    "are revisited every %(days)s days.",
                    date=format_date(account_env.env, last),
                    tier=tier.name,
                    days=tier.revisit_interval_days,
                )
                if last
                else account_env.env._(
                    "No interaction logged yet. Accounts of the tier %(tier)s are "
                    "revisited every %(days)s days.",
                    tier=tier.name,
                    days=tier.revisit_interval_days,
                )
            )
            return {
                "user_id": account.kam_manager_id.id,
                # Due on the revisit date itself, not after the type's delay.
                "date_deadline": account.kam_next_visit_date,
                "kam_restricted": True,
                # No summary: the activity shows its type, translated.
                "note": note,
            }

        return self.env["mail.activity"]._kam_schedule(revisit_type, self, prepare)

    # ------------------------------------------------------------------
    # Health signal: contact recency
    # ------------------------------------------------------------------
    @api.model
    def _kam_score_signals(self):
        return [
            {
                "method": "_kam_signal_contact_recency",
                "signals": {
                    "recency": {
                        "label": self.env._("Contact recency"),
                        "weight_param": "health_weight_recency",
                        "describe": self._kam_describe_recency,
                    },
                },
            },
            *super()._kam_score_signals(),
        ]

    def _kam_describe_recency(self, values):
        if values.get("last"):
            days = values.get("days", 0)
            if days <= 1:
                return self.env._(
                    "Last interaction %(when)s; the tier revisits every "
                    "%(interval)s days",
                    when=self.env._("today") if days <= 0 else self.env._("yesterday"),
                    interval=values.get("interval", 0),
                )
            return self.env._(
                "Last interaction %(days)s days ago; the tier revisits every "
                "%(interval)s days",
                days=days,
                interval=values.get("interval", 0),
            )
        return self.env._(
            "No interaction logged in the %(days)s days as key account; the "
            "tier revisits every %(interval)s days",
            days=values.get("days", 0),
            interval=values.get("interval", 0),
        )

    @api.model
    def _kam_signal_contact_recency(self, partner_ids, today):
        """Days since the last interaction, against the tier's interval.

        Full score within the interval, none at three intervals, linear in
        between. Without any interaction, the days count from the day the
        partner became a key account.
        """
        self.flush_model(["kam_since", "kam_tier_id", "kam_last_interaction_date"])
        self.env["kam.tier"].flush_model(["revisit_interval_days"])
        # SQL: the scores job reads each signal of a batch in one query (the
        # ORM would read the partners and their tiers in two).
        self.env.cr.execute(
            SQL(
                """
                SELECT partner.id, partner.kam_since,
                       tier.revisit_interval_days, partner.kam_last_interaction_date
                  FROM res_partner AS partner
             LEFT JOIN kam_tier AS tier ON tier.id = partner.kam_tier_id
                 WHERE partner.id = ANY(%(ids)s)
                """,
                ids=list(partner_ids),
            )
        )
        result = {}
        for partner_id, since, interval, last in self.env.cr.fetchall():
            interval = interval or KAM_DEFAULT_REVISIT_DAYS
            reference = last or since or today
            days = max((today - reference).days, 0)
            if days <= interval:
                score = 100
            elif days >= 3 * interval:
                score = 0
            else:
                score = round(100 * (3 * interval - days) / (2 * interval))
            values = {"days": days, "interval": interval}
            if last:
                values.update(last=last.isoformat(), last_activity=last.isoformat())
            result[partner_id] = {"recency": {"score": score, "values": values}}
        return result
