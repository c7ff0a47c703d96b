from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError


class SurveyUserInput(models.Model):
    """What a completed answer of a key account sets off: an Improvement
    Action after a low score, the needs questionnaire in the account's
    chatter, and the copy of those needs into the archive."""

    _inherit = "survey.user_input"  # pylint: disable=consider-merging-classes-inherited

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
        if already:
            return self.env["mail.activity"]

        def prepare(account):
            if not account.kam_manager_id:
                return None
            return {
                "user_id": account.kam_manager_id.id,
                "kam_restricted": True,
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
            }

        # One per account and period (``already``), even while the action of
        # an earlier period is still open.
        activities = self.env["mail.activity"]._kam_schedule(
            activity_type, account, prepare, skip_open=False
        )
        if activities:
            self.kam_improvement_requested = True
        return activities

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
