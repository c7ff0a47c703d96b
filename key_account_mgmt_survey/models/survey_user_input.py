from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

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

    def _kam_answers_html(self):
        """The questions and answers of this answer, as HTML."""
        self.ensure_one()
        answer = self.sudo()
        items = []
        lines_by_question = answer.user_input_line_ids.grouped("question_id")
        for question in answer.predefined_question_ids.sorted("sequence"):
            lines = lines_by_question.get(question)
            if question.is_page or not lines:
                continue
            values = [
                self._kam_line_value(line)
                for line in lines
                if not line.skipped and self._kam_line_value(line)
            ]
            if not values:
                continue
            items.append(
                Markup("<li><strong>%s</strong>: %s</li>")
                % (question.title, "; ".join(values))
            )
        if not items:
            return Markup()
        return Markup("<ul>%s</ul>") % Markup().join(items)

    @api.model
    def _kam_line_value(self, line):
        if line.answer_type == "suggestion":
            if line.matrix_row_id:
                return f"{line.matrix_row_id.value}: {line.suggested_answer_id.value}"
            return line.suggested_answer_id.value or ""
        if line.answer_type == "text_box":
            return line.value_text_box or ""
        if line.answer_type == "scale":
            return f"{line.value_scale}/{line.question_id.scale_max}"
        if line.answer_type == "char_box":
            return line.value_char_box or ""
        return str(line.display_name or "")

    # ------------------------------------------------------------------
    # Completed answers: figures, improvement actions, needs
    # ------------------------------------------------------------------
    def _mark_done(self):
        result = super()._mark_done()
        self._kam_process_done()
        return result

    def _kam_process_done(self):
        """Update the accounts of these completed answers.

        Their satisfaction figures are refreshed at once; a low score posts
        the answer in the account's chatter and schedules one Improvement
        Action per account and period; a needs questionnaire posts its
        answers in the chatter.
        """
        answers = self.sudo().filtered(
            lambda a: a.kam_account_id and a.state == "done" and not a.test_entry
        )
        if not answers:
            return
        today = fields.Date.context_today(self)
        self.env["res.partner"]._kam_refresh_survey_scores(
            answers.kam_account_id.ids, today
        )
        scores = answers._kam_answer_scores()
        low = answers.filtered(lambda a: scores.get(a.id, {}).get("low"))
        # Notes and activities are written for the account manager, in the
        # manager's language (not the respondent's).
        for answer in low.sorted("id"):
            answer = answer._kam_in_manager_lang()
            answer._kam_request_improvement(
                answer._kam_answer_scores()[answer.id]["low"]
            )
        for answer in answers.filtered(lambda a: a.kam_purpose == "needs"):
            answer._kam_in_manager_lang()._kam_post_needs()

    def _kam_in_manager_lang(self):
        self.ensure_one()
        lang = self.kam_account_id.kam_manager_id.lang or self.env.lang
        return self.with_context(lang=lang)

    def _kam_answer_link(self):
        self.ensure_one()
        title = self.env._(
            "%(survey)s answered by %(contact)s",
            survey=self.survey_id.title,
            contact=self.partner_id.name,
        )
        return self._get_html_link(title=title)

    def _kam_request_improvement(self, low_items):
        """Post the low answer in the account's chatter and schedule one
        Improvement Action for its manager, unless the account already had one
        in the period."""
        self.ensure_one()
        account = self.kam_account_id
        answered = fields.Datetime.to_datetime(
            self.end_datetime or fields.Datetime.now()
        )
        start, end = account._kam_survey_period(answered.date())
        already = self.search_count(
            [
                ("kam_account_id", "=", account.id),
                ("kam_improvement_requested", "=", True),
                ("end_datetime", ">=", fields.Datetime.to_datetime(start)),
                ("end_datetime", "<", fields.Datetime.to_datetime(end)),
                ("id", "!=", self.id),
            ]
        )
        low_text = ", ".join(f"{label} {value}" for label, value in low_items)
        body = Markup("<p>%s</p><p>%s</p>") % (
            self.env._("Low score in a survey answer: %(scores)s.", scores=low_text),
            self._kam_answer_link(),
        )
        account._kam_post_survey_note(body)
        activity_type = self.env.ref(
            "key_account_mgmt_survey.mail_activity_type_kam_improvement",
            raise_if_not_found=False,
        )
        manager = account.kam_manager_id
        if already or not activity_type or not manager.active:
            return self.env["mail.activity"]
        self.kam_improvement_requested = True
        return (
            self.env["mail.activity"]
            .sudo()
            .create(
                {
                    "activity_type_id": activity_type.id,
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": account.id,
                    "user_id": manager.id,
                    "kam_restricted": True,
                    "date_deadline": fields.Date.context_today(self)
                    + timedelta(days=activity_type.delay_count or 0),
                    "summary": self.env._(
                        "Improvement action: %(survey)s",
                        survey=self.survey_id.title,
                    ),
                    "note": Markup("<p>%s</p><p>%s</p>")
                    % (
                        self.env._(
                            "%(contact)s gave low scores in %(survey)s on %(date)s: "
                            "%(scores)s. Agree on improvements with the account "
                            "and note them here.",
                            contact=self.partner_id.name,
                            survey=self.survey_id.title,
                            date=answered.date(),
                            scores=low_text,
                        ),
                        self._kam_answer_link(),
                    ),
                    "automated": True,
                }
            )
        )

    def _kam_post_needs(self):
        self.ensure_one()
        body = Markup("<p>%s</p>%s<p>%s</p>") % (
            self.env._(
                "Needs questionnaire answered by %(contact)s:",
                contact=self.partner_id.name,
            ),
            self._kam_answers_html(),
            self._kam_answer_link(),
        )
        self.kam_account_id._kam_post_survey_note(body)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_copy_to_needs(self):
        """Append the answers of these needs questionnaires to the needs of
        their accounts (as the current user: only those who may change the
        archive can)."""
        self.check_access("read")
        for answer in self:
            if answer.kam_purpose != "needs" or not answer.kam_account_id:
                raise UserError(
                    self.env._(
                        "Only the answers of a needs questionnaire from a key "
                        "account can be copied into its needs."
                    )
                )
            if answer.state != "done":
                raise UserError(
                    self.env._("The needs questionnaire is not completed yet.")
                )
        for answer in self:
            account = answer.kam_account_id.with_env(self.env)
            title = Markup("<p><strong>%s</strong></p>") % self.env._(
                "Needs questionnaire of %(contact)s, %(date)s",
                contact=answer.partner_id.name,
                date=fields.Datetime.to_datetime(answer.end_datetime).date(),
            )
            account.write(
                {
                    "kam_needs": Markup("%s%s%s")
                    % (
                        Markup(account.kam_needs or ""),
                        title,
                        answer._kam_answers_html(),
                    )
                }
            )
            answer.sudo().kam_needs_copied = True
            account._kam_post_survey_note(
                Markup("<p>%s %s</p>")
                % (
                    self.env._("Needs copied into the archive from"),
                    answer._kam_answer_link(),
                )
            )
        return True

    def action_kam_open_account(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.kam_account_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
