import datetime

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.key_account_mgmt.models.kam_write_guard import KAM_ENGINE
from odoo.tools import SQL

# Settings of the survey bridge (ir.config_parameter "key_account_mgmt.<name>").
KAM_SURVEY_DEFAULTS = {
    "health_weight_survey": 20,
}
# Stored survey figures, written by SQL only (the scores job and completed
# answers).
KAM_SURVEY_FIGURES = ["kam_nps", "kam_survey_satisfaction", "kam_last_survey_date"]


def kam_survey_period(day, months):
    """First day of the period of ``months`` months that contains ``day``, and
    first day of the next one. Periods are counted from January of year 0, so
    that 3 gives quarters, 6 half-years and 12 calendar years."""
    months = max(months or 1, 1)
    index = (day.year * 12 + day.month - 1) // months * months
    start = datetime.date(index // 12, index % 12 + 1, 1)
    return start, start + relativedelta(months=months)


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Written by SQL only (pre_init_hook creates the columns): the scores job
    # in batches, and a completed answer for its account.
    kam_nps = fields.Integer(
        string="NPS",
        readonly=True,
        copy=False,
        aggregator="avg",
        groups="key_account_mgmt.group_kam_user",
        help="Net Promoter Score over the last 12 months, from -100 to 100: the "
        "share of promoters (9-10) minus the share of detractors (0-6) among the "
        "answers of the account's people to NPS questions. Empty without answers.",
    )
    kam_survey_satisfaction = fields.Float(
        string="Survey Satisfaction",
        readonly=True,
        copy=False,
        digits=(16, 2),
        aggregator="avg",
        groups="key_account_mgmt.group_kam_user",
        help="Average of the answers rating product quality, service attitude, "
        "resolution efficiency and other dimensions over the last 12 months, on "
        "a scale of 1 to 5. Empty without answers.",
    )
    kam_last_survey_date = fields.Date(
        string="Last Survey Answer",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Day of the last completed key-account survey of the account.",
    )
    kam_survey_answer_ids = fields.One2many(
        "survey.user_input",
        "kam_account_id",
        string="Survey Answers",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_survey_answer_count = fields.Integer(
        string="Survey Answers Count",
        compute="_compute_kam_survey_answer_count",
        groups="key_account_mgmt.group_kam_user",
    )

    @api.model
    def _kam_write_rules(self):
        # The survey figures come from the answers (kam.write.guard).
        rules = super()._kam_write_rules()
        rules.update(dict.fromkeys(KAM_SURVEY_FIGURES, KAM_ENGINE))
        return rules

    def _compute_kam_survey_answer_count(self):
        groups = self.env["survey.user_input"]._read_group(
            [
                ("kam_account_id", "in", self.commercial_partner_id.ids),
                ("state", "=", "done"),
            ],
            groupby=["kam_account_id"],
            aggregates=["__count"],
        )
        counts = {account.id: count for account, count in groups}
        for partner in self:
            partner.kam_survey_answer_count = counts.get(
                partner.commercial_partner_id.id, 0
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_send_survey(self):
        """Choose a key-account survey and the contacts, then Odoo's invite
        wizard opens with them."""
        accounts = self.commercial_partner_id
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt_survey.kam_survey_send_wizard_action"
        )
        action["context"] = {"default_account_ids": accounts.ids}
        return action

    def action_kam_view_survey_answers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt_survey.survey_user_input_action_kam"
        )
        action["domain"] = [("kam_account_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"search_default_completed": 1}
        return action

    def action_kam_view_satisfaction_trend(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt_survey.kam_survey_report_action"
        )
        action["domain"] = [("account_id", "=", self.commercial_partner_id.id)]
        action["context"] = {
            "graph_groupbys": ["date:month", "dimension"],
            "graph_measure": "score",
            "graph_mode": "line",
            "pivot_row_groupby": ["date:month"],
            "pivot_column_groupby": ["dimension"],
        }
        action["view_mode"] = "graph,pivot,list"
        action["views"] = [
            (view_id, mode)
            for view_id, mode in action.get("views", [])
            if mode in ("graph", "pivot", "list")
        ]
        action["views"].sort(key=lambda v: ["graph", "pivot", "list"].index(v[1]))
        return action

    def action_kam_print_satisfaction(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "key_account_mgmt_survey.kam_survey_print_wizard_action"
        )
        action["context"] = {"default_account_ids": self.commercial_partner_id.ids}
        return action

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _kam_survey_period(self, day):
        """The survey period of this account containing ``day``: its tier's
        survey interval, or a month when the tier has none."""
        self.ensure_one()
        account = self.sudo().commercial_partner_id
        return kam_survey_period(day, account.kam_tier_id.survey_interval_months)

    def _kam_post_survey_note(self, body):
        """An internal note in the account's chatter, for key-account users
        only (survey answers are key-account facts)."""
        self.ensure_one()
        return (
            self.sudo()
            .message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=self.env.ref("base.partner_root").id,
                is_internal=True,
            )
            ._kam_restrict()
        )

    # ------------------------------------------------------------------
    # Scores job: survey figures and the health signal
    # ------------------------------------------------------------------
    @api.model
    def _kam_refresh_survey_scores(self, partner_ids, today):
        """Store NPS, satisfaction and last survey date of these accounts.

        ONE query: the 12-month aggregates of the completed answers of the
        accounts, written where they changed, and returned.

        :return: {partner_id: {"nps", "nps_count", "satisfaction",
            "dimension_count", "last"}}
        """
        ids = [pid for pid in partner_ids if isinstance(pid, int)]
        if not ids:
            return {}
        self.env["survey.user_input"].flush_model(
            ["kam_account_id", "state", "test_entry", "end_datetime", "survey_id"]
        )
        self.env["survey.user_input.line"].flush_model(
            ["user_input_id", "question_id", "answer_type", "skipped", "value_scale"]
        )
        self.env["survey.question"].flush_model(
            ["kam_is_nps", "kam_dimension", "scale_min", "scale_max"]
        )
        self.env["survey.survey"].flush_model(["kam_purpose"])
        since = datetime.datetime.combine(today, datetime.time.min) - relativedelta(
            months=12
        )
        # SQL: NPS and satisfaction of every account of the batch in the one
        # query per signal the scores job allows (filtered aggregates, joins).
        self.env.cr.execute(
            SQL(
                """
                WITH lines AS (
                    SELECT answer.kam_account_id AS account_id,
                           question.kam_is_nps IS TRUE AS is_nps,
                           line.value_scale, question.scale_min, question.scale_max
                      FROM survey_user_input_line AS line
                      JOIN survey_user_input AS answer
                           ON answer.id = line.user_input_id
                      JOIN survey_question AS question
                           ON question.id = line.question_id
                     WHERE answer.kam_account_id = ANY(%(ids)s)
                       AND answer.state = 'done'
                       AND answer.test_entry IS NOT TRUE
                       AND answer.end_datetime >= %(since)s
                       AND line.answer_type = 'scale'
                       AND line.skipped IS NOT TRUE
                       AND (question.kam_is_nps IS TRUE
                            OR question.kam_dimension IS NOT NULL)
                ),
                figures AS (
                    SELECT account_id,
                           COUNT(*) FILTER (WHERE is_nps) AS nps_count,
                           COUNT(*) FILTER (WHERE is_nps AND value_scale >= 9)
                               AS promoters,
                           COUNT(*) FILTER (WHERE is_nps AND value_scale <= 6)
                               AS detractors,
                           COUNT(*) FILTER (WHERE NOT is_nps) AS dimension_count,
                           AVG(1 + 4.0 * (value_scale - scale_min)
                                   / NULLIF(scale_max - scale_min, 0))
                               FILTER (WHERE NOT is_nps) AS satisfaction
                      FROM lines
                  GROUP BY account_id
                ),
                last_answers AS (
                    SELECT answer.kam_account_id AS account_id,
                           MAX(answer.end_datetime)::date AS last_date
                      FROM survey_user_input AS answer
                      JOIN survey_survey AS survey ON survey.id = answer.survey_id
                     WHERE answer.kam_account_id = ANY(%(ids)s)
                       AND answer.state = 'done'
                       AND answer.test_entry IS NOT TRUE
                       AND survey.kam_purpose IS NOT NULL
                  GROUP BY answer.kam_account_id
                ),
                new AS (
                    SELECT partner.id,
                           CASE WHEN figures.nps_count > 0
                                THEN ROUND(100.0 * (figures.promoters
                                                    - figures.detractors)
                                           / figures.nps_count)::int
                           END AS nps,
                           ROUND(figures.satisfaction::numeric, 2) AS satisfaction,
                           last_answers.last_date,
                           COALESCE(figures.nps_count, 0) AS nps_count,
                           COALESCE(figures.dimension_count, 0) AS dimension_count
                      FROM res_partner AS partner
                 LEFT JOIN figures ON figures.account_id = partner.id
                 LEFT JOIN last_answers ON last_answers.account_id = partner.id
                     WHERE partner.id = ANY(%(ids)s)
                ),
                updated AS (
                    UPDATE res_partner AS p
                       SET kam_nps = new.nps,
                           kam_survey_satisfaction = new.satisfaction,
                           kam_last_survey_date = new.last_date
                      FROM new
                     WHERE p.id = new.id
                       AND (p.kam_nps IS DISTINCT FROM new.nps
                            OR p.kam_survey_satisfaction IS DISTINCT FROM
                               new.satisfaction
                            OR p.kam_last_survey_date IS DISTINCT FROM new.last_date)
                 RETURNING p.id
                )
                SELECT new.id, new.nps, new.nps_count, new.satisfaction,
                       new.dimension_count, new.last_date,
                       (SELECT COUNT(*) FROM updated)
                  FROM new
                """,
                ids=ids,
                since=since,
            )
        )
        result = {}
        for row in self.env.cr.fetchall():
            partner_id, nps, nps_count, satisfaction, dimension_count, last, __ = row
            result[partner_id] = {
                "nps": nps,
                "nps_count": nps_count,
                "satisfaction": float(satisfaction)
                if satisfaction is not None
                else None,
                "dimension_count": dimension_count,
                "last": last,
            }
        self.browse(ids).invalidate_recordset(KAM_SURVEY_FIGURES)
        return result

    @api.model
    def _kam_reset_health_of_non_accounts(self):
        """Also clear the survey figures of partners that are no longer key
        accounts (one UPDATE)."""
        result = super()._kam_reset_health_of_non_accounts()
        self.flush_model(["is_key_account", "commercial_partner_id"])
        # SQL: bulk score update over all partners, one UPDATE.
        self.env.cr.execute(
            SQL(
                """
                UPDATE res_partner
                   SET kam_nps = NULL, kam_survey_satisfaction = NULL,
                       kam_last_survey_date = NULL
                 WHERE (is_key_account IS NOT TRUE OR commercial_partner_id != id)
                   AND (kam_nps IS NOT NULL OR kam_survey_satisfaction IS NOT NULL
                        OR kam_last_survey_date IS NOT NULL)
             RETURNING id
                """
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if ids:
            self.browse(ids).invalidate_recordset(KAM_SURVEY_FIGURES)
        return result

    @api.model
    def _kam_score_signals(self):
        return super()._kam_score_signals() + [
            {
                "method": "_kam_signal_survey",
                "signals": {
                    "survey": {
                        "label": self.env._("Survey"),
                        "weight_param": "health_weight_survey",
                        "default_weight": KAM_SURVEY_DEFAULTS["health_weight_survey"],
                        "describe": self._kam_describe_survey,
                    },
                },
            },
        ]

    def _kam_describe_survey(self, values):
        parts = []
        if values.get("nps_count"):
            parts.append(
                self.env._(
                    "NPS %(nps)s from %(count)s answers",
                    nps=values.get("nps"),
                    count=values.get("nps_count"),
                )
            )
        if values.get("count"):
            parts.append(
                self.env._(
                    "satisfaction %(average)s out of 5 from %(count)s ratings",
                    average=values.get("satisfaction"),
                    count=values.get("count"),
                )
            )
        if not parts:
            return self.env._("No survey answer in the last 12 months")
        return self.env._("%(figures)s in the last 12 months", figures="; ".join(parts))

    @api.model
    def _kam_signal_survey(self, partner_ids, today):
        """NPS and satisfaction of the last 12 months, from ONE query (which
        also stores them on the accounts).

        NPS -100..100 maps to 0..100, satisfaction 1..5 to 0..100; the score
        is the average of those the account has. Accounts without answers
        are left out.
        """
        figures = self._kam_refresh_survey_scores(partner_ids, today)
        result = {}
        for partner_id, values in figures.items():
            scores = []
            if values["nps_count"]:
                scores.append((values["nps"] + 100) / 2)
            if values["dimension_count"] and values["satisfaction"] is not None:
                scores.append((values["satisfaction"] - 1) * 25)
            if not scores:
                continue
            signal_values = {
                "nps": values["nps"],
                "nps_count": values["nps_count"],
                "satisfaction": round(values["satisfaction"] or 0, 1),
                "count": values["dimension_count"],
            }
            if values["last"]:
                signal_values["last"] = values["last"].isoformat()
                signal_values["last_activity"] = values["last"].isoformat()
            result[partner_id] = {
                "survey": {
                    "score": max(0, min(100, round(sum(scores) / len(scores)))),
                    "values": signal_values,
                }
            }
        return result
