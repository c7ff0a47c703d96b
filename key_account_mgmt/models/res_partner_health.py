import functools
import json
import logging
from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.tools import SQL, split_every

from .kam_constants import KAM_CHURN_RISKS, KAM_HEALTH_BATCH_SIZE

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_health_score = fields.Integer(
        string="Health Score",
        readonly=True,
        copy=False,
        aggregator="avg",
        groups="key_account_mgmt.group_kam_user",
        help="Health of the relationship, from 0 (about to be lost) to 100, "
        "recomputed every day from the signals shown on the Key Account tab.",
    )

    kam_churn_risk = fields.Selection(
        KAM_CHURN_RISKS,
        string="Churn Risk",
        readonly=True,
        group_expand=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="From the health score and the thresholds in the settings.",
    )

    kam_health_components = fields.Json(
        string="Health Components",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Technical: the signals of the last health computation.",
    )

    kam_health_date = fields.Date(
        string="Health Computed On",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
    )

    kam_health_details = fields.Html(
        string="Why This Score",
        compute="_compute_kam_health_details",
        sanitize=False,
        groups="key_account_mgmt.group_kam_user",
    )

    def _kam_health_signals(self):
        """The signals of the stored components, whatever the JSON holds."""
        self.ensure_one()
        components = self.kam_health_components
        signals = components.get("signals") if isinstance(components, dict) else None
        if not isinstance(signals, list):
            return []
        return [
            signal
            for signal in signals
            if isinstance(signal, dict)
            and isinstance(signal.get("values") or {}, dict)
            and (
                signal.get("score") is None or isinstance(signal["score"], int | float)
            )
        ]

    @api.depends("kam_health_components")
    @api.depends_context("lang")
    def _compute_kam_health_details(self):
        definitions = self._kam_signal_definitions()
        for partner in self:
            components = partner._kam_health_signals()
            if not components:
                partner.kam_health_details = False
                continue
            rows = []
            for component in components:
                definition = definitions.get(component.get("key"))
                if not definition:
                    continue
                score = component.get("score")
                rows.append(
                    {
                        "label": definition["label"],
                        "score": score,
                        "weight": component.get("weight") or 0,
                        "detail": definition["describe"](component.get("values") or {}),
                        "level": self._kam_score_level(score),
                    }
                )
            partner.kam_health_details = self.env["ir.qweb"]._render(
                "key_account_mgmt.kam_health_components_table",
                {"rows": rows, "computed_on": partner.kam_health_date},
            )

    # ------------------------------------------------------------------
    # Health score: signal providers
    # ------------------------------------------------------------------
    @api.model
    def _kam_score_signals(self):
        """Providers of the signals of the health score.

        Each provider is a dict with:

        * ``method``: name of a method of res.partner called on the batch as
          ``self._method(partner_ids, today)``; it returns
          ``{partner_id: {signal_key: {"score": 0-100 or None, "values": {}}}}``
          from ONE aggregate query. An account missing from the result, or a
          score of None, means the signal does not apply to it (it counts for
          nothing). ``values`` are stored with the score and shown to the user;
          a date under the key ``last_activity`` (ISO) also counts as activity
          of the account for its lifecycle stage.
        * ``signals``: ``{signal_key: {"label": str, "weight_param": name of the
          setting (``key_account_mgmt.<name>``), "default_weight": int (optional),
          "describe": callable(values) -> str}}``.

        Add a provider by extending the list with ``super()``; a provider whose
        model is not installed returns ``{}``.
        """
        return []

    @api.model
    def _kam_signal_definitions(self):
        return {
            key: definition
            for provider in self._kam_score_signals()
            for key, definition in provider["signals"].items()
        }

    @api.model
    def _kam_score_level(self, score):
        if score is None:
            return "muted"
        if score < self._kam_get_param("risk_high_below"):
            return "danger"
        if score < self._kam_get_param("risk_medium_below"):
            return "warning"
        return "success"

    # ------------------------------------------------------------------
    # Scores job: named steps that the features contribute to
    # ------------------------------------------------------------------
    @api.model
    def _kam_scores_job_steps(self):
        """The steps of the scores job (``ir_cron_kam_recompute_scores``), in
        the order they run: a list of ``(name, method name)``.

        A step is a method of res.partner called without argument (on a
        sudo environment without tracking) that works in batches, reports
        each batch with ``ir.cron._kam_commit_progress`` and returns False
        when the cron's time is up with work left (anything else: done). The
        job then stops there; the next run starts again from the first step,
        and each step goes on with what it has not done yet (a step with
        nothing left costs a query or two).

        Features add their steps by extending the list with ``super()``
        (the sale bridge puts its sales figures and tier reviews first, the
        member levels add the partners that are no key accounts at the end);
        what a feature computes for each batch of key accounts goes in
        ``_kam_scores_batch`` instead.
        """
        return [("health", "_kam_scores_step_health")]

    @api.model
    def _cron_kam_recompute_scores(self):
        """The scores job: its steps (``_kam_scores_job_steps``) one after
        the other, until one of them stops at the cron's time limit."""
        Partner = self.sudo().with_context(tracking_disable=True)
        for name, method in Partner._kam_scores_job_steps():
            if getattr(Partner, method)() is False:
                _logger.info("Scores job: time is up in step %s", name)
                return False
        return True

    @api.model
    def _kam_scores_step_health(self):
        """Every key account, in batches through ``_kam_scores_batch``.

        Accounts computed longest ago come first, so that a run cut short by
        the cron's time limit goes on where it stopped.
        """
        self._kam_reset_health_of_non_accounts()
        accounts = self.search(
            self._kam_account_domain(), order="kam_health_date ASC NULLS FIRST, id"
        )
        remaining = len(accounts)
        for batch in split_every(KAM_HEALTH_BATCH_SIZE, accounts.ids):
            self._kam_scores_batch(self.browse(batch))
            # The records of the batch (messages, activities, tracking) leave
            # the cache: the memory stays flat however many accounts.
            self.env.invalidate_all()
            remaining -= len(batch)
            if self.env["ir.cron"]._kam_commit_progress(len(batch), remaining) <= 0:
                return not remaining
        return True

    @api.model
    def _kam_scores_batch(self, partners):
        """One batch of key accounts of the scores job (a bounded number of
        queries whatever its size): their health here; features extend it
        with ``super()`` for what they keep per account (member levels)."""
        return self._kam_recompute_health(partners)

    @api.model
    def _kam_reset_health_of_non_accounts(self):
        """Clear the scores of partners that are no longer key accounts."""
        self.flush_model(["is_key_account", "commercial_partner_id"])
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner
                   SET kam_health_score = NULL, kam_churn_risk = NULL,
                       kam_lifecycle_stage = NULL, kam_health_components = NULL,
                       kam_health_date = NULL
                 WHERE (is_key_account IS NOT TRUE OR commercial_partner_id != id)
                   AND kam_health_date IS NOT NULL
             RETURNING id
                """
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.browse(ids).invalidate_recordset(
                [
                    "kam_health_score",
                    "kam_churn_risk",
                    "kam_lifecycle_stage",
                    "kam_health_components",
                    "kam_health_date",
                ]
            )

    # ------------------------------------------------------------------
    # Health score: engine
    # ------------------------------------------------------------------
    @api.model
    def _kam_recompute_health(self, partners):
        """Health score, churn risk and lifecycle stage of a batch of accounts.

        A bounded number of queries whatever the size of the batch: one per
        signal provider, one to read the accounts, one UPDATE of the rows
        that change (none when the job runs again the same day), and a
        constant number for the stage-change messages and the churn-risk
        activities.
        """
        partners = partners.sudo()
        ids = partners.ids
        if not ids:
            return
        # flush_all also runs the pending recomputations of the stored visit
        # dates, which the signals read by SQL
        self.env.flush_all()
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                SELECT id, kam_since, kam_churn_risk, kam_lifecycle_stage,
                       kam_health_score, kam_health_date, kam_health_components
                  FROM res_partner
                 WHERE id = ANY(%(ids)s)
                """,
                ids=ids,
            )
        )
        accounts = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        signal_values = defaultdict(dict)
        providers = self._kam_score_signals()
        for provider in providers:
            result = getattr(self, provider["method"])(ids, today)
            for partner_id, values in result.items():
                signal_values[partner_id].update(values)
        weights = {
            key: max(
                self._kam_get_param(
                    definition["weight_param"], definition.get("default_weight")
                ),
                0,
            )
            for provider in providers
            for key, definition in provider["signals"].items()
        }
        high_below = self._kam_get_param("risk_high_below")
        medium_below = self._kam_get_param("risk_medium_below")
        lifecycle_limits = self._kam_lifecycle_limits(today)
        # The signals' dates are ISO strings: their maximum is the latest, and
        # each distinct one is parsed once.
        to_date = functools.cache(date.fromisoformat)

        rows = defaultdict(list)
        stage_changes = {}
        risen_to_high = []
        for partner_id in ids:
            since, old_risk, old_stage, old_score, old_date, old_components = accounts[
                partner_id
            ]
            components = []
            total = weight_sum = 0
            last_activity = None
            for key, weight in weights.items():
                signal = signal_values[partner_id].get(key)
                if not signal:
                    continue
                score = signal.get("score")
                values = signal.get("values") or {}
                components.append(
                    {"key": key, "score": score, "weight": weight, "values": values}
                )
                activity = values.get("last_activity")
                if activity and (last_activity is None or activity > last_activity):
                    last_activity = activity
                if score is not None and weight:
                    total += score * weight
                    weight_sum += weight
            health = round(total / weight_sum) if weight_sum else 50
            if health < high_below:
                risk = "high"
            elif health < medium_below:
                risk = "medium"
            else:
                risk = "low"
            stage = self._kam_lifecycle_stage(
                since,
                to_date(last_activity[:10]) if last_activity else None,
                today,
                limits=lifecycle_limits,
            )
            if old_stage and stage != old_stage:
                stage_changes[partner_id] = (old_stage, stage)
            if risk == "high" and old_risk != "high":
                risen_to_high.append(partner_id)
            new_components = {"score": health, "signals": components}
            same_components = new_components == old_components
            if (
                same_components
                and old_date == today
                and (old_score, old_risk, old_stage) == (health, risk, stage)
            ):
                continue
            rows["id"].append(partner_id)
            rows["score"].append(health)
            rows["risk"].append(risk)
            rows["stage"].append(stage)
            # None: the stored components stay (no JSON to write).
            rows["components"].append(
                None if same_components else json.dumps(new_components)
            )
        if rows:
            # One UPDATE of the changed rows, their values as arrays.
            self.env.cr.execute(
                SQL(
                    """
                    UPDATE res_partner AS p
                       SET kam_health_score = v.score,
                           kam_churn_risk = v.risk,
                           kam_lifecycle_stage = v.stage,
                           kam_health_components = COALESCE(
                               v.components::jsonb, p.kam_health_components),
                           kam_health_date = %(today)s
                      FROM unnest(%(ids)s::int[], %(scores)s::int[],
                                  %(risks)s::varchar[], %(stages)s::varchar[],
                                  %(components)s::text[])
                           AS v(id, score, risk, stage, components)
                     WHERE p.id = v.id
                    """,
                    today=today,
                    ids=rows["id"],
                    scores=rows["score"],
                    risks=rows["risk"],
                    stages=rows["stage"],
                    components=rows["components"],
                )
            )
            self.browse(rows["id"]).invalidate_recordset(
                [
                    "kam_health_score",
                    "kam_churn_risk",
                    "kam_lifecycle_stage",
                    "kam_health_components",
                    "kam_health_date",
                ]
            )
        if stage_changes:
            self._kam_log_stage_changes(stage_changes)
        if risen_to_high:
            self.browse(risen_to_high).sudo()._kam_schedule_churn_activities()
