from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

from .kam_constants import KAM_LIFECYCLE_STAGES


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_lifecycle_stage = fields.Selection(
        KAM_LIFECYCLE_STAGES,
        string="Lifecycle Stage",
        readonly=True,
        group_expand=True,
        copy=False,
        tracking=True,
        groups="key_account_mgmt.group_kam_user",
        help="New, growing and mature by the time as key account; dormant and "
        "lost by the months without interaction or purchase (see settings).",
    )

    @api.model
    def _kam_lifecycle_limits(self, today):
        """The dates before which an account is lost, dormant, not new, mature."""
        return {
            name: today
            - relativedelta(months=self._kam_get_param(f"lifecycle_{name}_months"))
            for name in ("lost", "dormant", "new", "mature")
        }

    def _kam_lifecycle_stage(self, since, last_activity, today, limits=None):
        """Lifecycle stage from the key-account age and the last activity.

        Lost, then dormant, by the months without interaction or purchase
        (counted from the day it became a key account when it never had any);
        otherwise new, growing or mature by the months as key account.
        ``limits`` (from ``_kam_lifecycle_limits``) saves reading the settings
        for every account of a batch.
        """
        limits = limits or self._kam_lifecycle_limits(today)
        reference = last_activity or since or today
        if reference <= limits["lost"]:
            return "lost"
        if reference <= limits["dormant"]:
            return "dormant"
        since = since or today
        if since > limits["new"]:
            return "new"
        if since > limits["mature"]:
            return "growing"
        return "mature"

    @api.model
    def _kam_log_stage_changes(self, changes):
        """Log stage changes as tracking messages, all in one batch.

        :param dict changes: {partner_id: (old_stage, new_stage)}
        """
        # Key-account facts: for key-account users only (see mail.message).
        self._kam_log_tracking("kam_lifecycle_stage", changes)._kam_restrict()

    def _kam_schedule_churn_activities(self):
        """One "Churn Risk" activity for the manager of each account.

        Not for an account that has one open already.
        """
        churn_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_churn_risk",
            raise_if_not_found=False,
        )
        definitions_by_lang = {}

        def prepare(account):
            # Written for the account manager: in their language.
            lang = account.kam_manager_id.lang or self.env.lang
            account_env = account.with_context(lang=lang)
            if lang not in definitions_by_lang:
                definitions_by_lang[lang] = account_env._kam_signal_definitions()
            definitions = definitions_by_lang[lang]
            signals = account._kam_health_signals()
            weakest = sorted(
                (s for s in signals if s.get("score") is not None and s.get("weight")),
                key=lambda s: s["score"],
            )[:2]
            reasons = ", ".join(
                f"{definitions[s['key']]['label']} ({s['score']})"
                for s in weakest
                if s["key"] in definitions
            )
            return {
                "user_id": account.kam_manager_id.id,
                "summary": account_env.env._(
                    "Churn risk: health score %(score)s",
                    score=account.kam_health_score,
                ),
                "kam_restricted": True,
                "note": account_env.env._(
                    "The health score of %(account)s fell to %(score)s. "
                    "Weakest signals: %(reasons)s.",
                    account=account.display_name,
                    score=account.kam_health_score,
                    reasons=reasons or "-",
                ),
            }

        return self.env["mail.activity"]._kam_schedule(churn_type, self, prepare)
