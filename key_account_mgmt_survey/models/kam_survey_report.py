from odoo import fields, models, tools
from odoo.tools import SQL

from .survey_question import KAM_DIMENSIONS
from .survey_survey import KAM_SURVEY_PURPOSES

KAM_NPS_CATEGORIES = [
    ("promoter", "Promoter"),
    ("passive", "Passive"),
    ("detractor", "Detractor"),
]


class KamSurveyReport(models.Model):
    """One row per rated answer (a dimension or the NPS question) of a
    completed survey from a key account."""

    _name = "kam.survey.report"
    _description = "Key-Account Satisfaction Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "account_id"

    user_input_id = fields.Many2one("survey.user_input", string="Answer", readonly=True)
    survey_id = fields.Many2one("survey.survey", readonly=True)
    question_id = fields.Many2one("survey.question", readonly=True)
    purpose = fields.Selection(KAM_SURVEY_PURPOSES, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Contact", readonly=True)
    account_id = fields.Many2one("res.partner", string="Key Account", readonly=True)
    tier_id = fields.Many2one("kam.tier", readonly=True)
    manager_id = fields.Many2one("res.users", string="Account Manager", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    dimension = fields.Selection(
        [*KAM_DIMENSIONS, ("nps", "NPS")],
        readonly=True,
        help="The dimension a rating is for, or NPS for the answers to the NPS "
        "question.",
    )
    score = fields.Float(
        string="Satisfaction (1-5)",
        aggregator="avg",
        digits=(16, 2),
        readonly=True,
        help="Dimension answers brought to a scale of 1 to 5.",
    )
    nps_answer = fields.Integer(
        string="NPS Answer (0-10)", aggregator="avg", readonly=True
    )
    nps_category = fields.Selection(
        KAM_NPS_CATEGORIES, string="NPS Category", readonly=True
    )
    nps = fields.Float(
        string="NPS",
        aggregator="avg",
        digits=(16, 0),
        readonly=True,
        help="100 for a promoter, 0 for a passive, -100 for a detractor: its "
        "average over a group is the group's Net Promoter Score.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT line.id,
                           answer.id AS user_input_id,
                           answer.survey_id,
                           line.question_id,
                           survey.kam_purpose AS purpose,
                           answer.partner_id,
                           answer.kam_account_id AS account_id,
                           account.kam_tier_id AS tier_id,
                           account.kam_manager_id AS manager_id,
                           account.company_id,
                           answer.end_datetime::date AS date,
                           CASE WHEN question.kam_is_nps IS TRUE THEN 'nps'
                                ELSE question.kam_dimension END AS dimension,
                           CASE WHEN question.kam_is_nps IS NOT TRUE
                                THEN 1 + 4.0 * (line.value_scale - question.scale_min)
                                         / NULLIF(question.scale_max
                                                  - question.scale_min, 0)
                           END AS score,
                           CASE WHEN question.kam_is_nps IS TRUE
                                THEN line.value_scale END AS nps_answer,
                           CASE WHEN question.kam_is_nps IS NOT TRUE THEN NULL
                                WHEN line.value_scale >= 9 THEN 'promoter'
                                WHEN line.value_scale >= 7 THEN 'passive'
                                ELSE 'detractor' END AS nps_category,
                           CASE WHEN question.kam_is_nps IS NOT TRUE THEN NULL
                                WHEN line.value_scale >= 9 THEN 100.0
                                WHEN line.value_scale >= 7 THEN 0.0
                                ELSE -100.0 END AS nps
                      FROM survey_user_input_line AS line
                      JOIN survey_user_input AS answer
                           ON answer.id = line.user_input_id
                      JOIN survey_question AS question
                           ON question.id = line.question_id
                      JOIN survey_survey AS survey ON survey.id = answer.survey_id
                      JOIN res_partner AS account ON account.id = answer.kam_account_id
                     WHERE answer.state = 'done'
                       AND answer.test_entry IS NOT TRUE
                       AND line.answer_type = 'scale'
                       AND line.skipped IS NOT TRUE
                       AND (question.kam_is_nps IS TRUE
                            OR question.kam_dimension IS NOT NULL)
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
