from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError

# Answers at or below these count as low: a detractor (NPS 0-6) or a
# dimension rated 2 or less out of 5.
KAM_NPS_DETRACTOR_MAX = 6
KAM_DIMENSION_LOW_MAX = 2


def kam_scale_to_five(value, scale_min, scale_max):
    """A scale answer brought to the 1-5 range of the satisfaction figures."""
    if scale_max <= scale_min:
        return float(value)
    return 1 + 4.0 * (value - scale_min) / (scale_max - scale_min)


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    kam_account_id = fields.Many2one(
        "res.partner",
        string="Key Account",
        compute="_compute_kam_account_id",
        store=True,
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The key account of the answering contact (its commercial "
        "partner, when that is a key account). Answers without a contact "
        "count for no account.",
    )
    kam_purpose = fields.Selection(
        related="survey_id.kam_purpose",
        string="Key-Account Purpose",
    )
    kam_improvement_requested = fields.Boolean(
        string="Improvement Action Requested",
        readonly=True,
        copy=False,
        help="This answer scheduled the Improvement Action of its account for "
        "the period.",
    )
    kam_needs_copied = fields.Boolean(
        string="Copied into Needs",
        readonly=True,
        copy=False,
    )
    kam_nps_value = fields.Integer(
        string="NPS Answer",
        compute="_compute_kam_scores",
        help="The 0-10 answer to the NPS question.",
    )
    kam_has_nps = fields.Boolean(string="Has NPS Answer", compute="_compute_kam_scores")
    kam_satisfaction = fields.Float(
        string="Satisfaction",
        compute="_compute_kam_scores",
        digits=(16, 1),
        help="Average of the dimension answers, on a scale of 1 to 5.",
    )
    kam_low_score = fields.Boolean(
        string="Low Score",
        compute="_compute_kam_scores",
        help="A detractor (NPS 0-6) or a dimension rated 2 or less.",
    )

    @api.depends("partner_id.commercial_partner_id.is_key_account")
    def _compute_kam_account_id(self):
        for answer in self:
            account = answer.partner_id.commercial_partner_id
            answer.kam_account_id = account if account.is_key_account else False

    @api.depends("user_input_line_ids.value_scale", "state")
    def _compute_kam_scores(self):
        scores = self._kam_answer_scores()
        for answer in self:
            values = scores.get(answer.id, {})
            nps = values.get("nps")
            dimensions = values.get("dimensions") or {}
            answer.kam_has_nps = nps is not None
            answer.kam_nps_value = nps or 0
            answer.kam_satisfaction = (
                sum(dimensions.values()) / len(dimensions) if dimensions else 0.0
            )
            answer.kam_low_score = bool(values.get("low"))

    # ------------------------------------------------------------------
    # CRUD: the account comes from the contact, never from the caller
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # Key-account users create answers only by inviting their contacts:
        # new answers, completed by the respondents through the survey pages.
        check = not self.env.su and not self.env.user.has_group(
            "survey.group_survey_user"
        )
        for vals in vals_list:
            vals.pop("kam_account_id", None)
            if check and (
                vals.get("state", "new") != "new"
                or any(
                    vals.get(fname)
                    for fname in ("end_datetime", "user_input_line_ids", "test_entry")
                )
            ):
                raise AccessError(
                    self.env._(
                        "Survey answers are completed by the people who answer "
                        "them, through the survey pages."
                    )
                )
        context = {
            key: value
            for key, value in self.env.context.items()
            if key != "default_kam_account_id"
        }
        # Dropping a key needs the whole context: a default would skip the
        # compute. pylint: disable=context-overridden
        return super(SurveyUserInput, self.with_context(context)).create(vals_list)

    def write(self, vals):
        if "kam_account_id" in vals and not self.env.su:
            raise AccessError(
                self.env._(
                    "The key account of a survey answer is the account of the "
                    "contact who answered; it cannot be set by hand."
                )
            )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Scores of an answer
    # ------------------------------------------------------------------
    def _kam_answer_scores(self):
        """NPS and dimension answers of these answers, from one search.

        :return: {answer_id: {"nps": int or None, "dimensions": {dimension:
            1-5}, "low": [(question title, "value")]}}
        """
        ids = [answer_id for answer_id in self.ids if isinstance(answer_id, int)]
        if not ids:
            return {}
        lines = (
            self.env["survey.user_input.line"]
            .sudo()
            .search(
                [
                    ("user_input_id", "in", ids),
                    ("answer_type", "=", "scale"),
                    ("skipped", "=", False),
                    "|",
                    ("question_id.kam_is_nps", "=", True),
                    ("question_id.kam_dimension", "!=", False),
                ]
            )
        )
        result = defaultdict(lambda: {"nps": None, "dimensions": {}, "low": []})
        labels = dict(
            self.env["survey.question"]
            ._fields["kam_dimension"]
            ._description_selection(self.env)
        )
        dimension_values = defaultdict(lambda: defaultdict(list))
        for line in lines:
            question = line.question_id
            values = result[line.user_input_id.id]
            if question.kam_is_nps:
                values["nps"] = line.value_scale
                if line.value_scale <= KAM_NPS_DETRACTOR_MAX:
                    values["low"].append(
                        (self.env._("NPS"), f"{line.value_scale}/{question.scale_max}")
                    )
                continue
            score = kam_scale_to_five(
                line.value_scale, question.scale_min, question.scale_max
            )
            dimension_values[line.user_input_id.id][question.kam_dimension].append(
                score
            )
            if score <= KAM_DIMENSION_LOW_MAX:
                label = (
                    question.title
                    if question.kam_dimension == "other"
                    else labels[question.kam_dimension]
                )
                values["low"].append(
                    (label, f"{line.value_scale}/{question.scale_max}")
                )
        for answer_id, dimensions in dimension_values.items():
            result[answer_id]["dimensions"] = {
                dimension: sum(scores) / len(scores)
                for dimension, scores in dimensions.items()
            }
        return dict(result)

    def action_kam_open_account(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.kam_account_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
