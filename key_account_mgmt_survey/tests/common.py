from freezegun import freeze_time

from odoo.addons.key_account_mgmt.tests.common import KamCommon


class KamSurveyCommon(KamCommon):
    """KamCommon plus the shipped surveys and a helper that answers them
    through Odoo's survey API, as the survey pages do."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ref = cls.env.ref
        cls.survey = ref("key_account_mgmt_survey.survey_kam_satisfaction")
        cls.q_quality = ref("key_account_mgmt_survey.survey_kam_satisfaction_q_quality")
        cls.q_attitude = ref(
            "key_account_mgmt_survey.survey_kam_satisfaction_q_attitude"
        )
        cls.q_resolution = ref(
            "key_account_mgmt_survey.survey_kam_satisfaction_q_resolution"
        )
        cls.q_nps = ref("key_account_mgmt_survey.survey_kam_satisfaction_q_nps")
        cls.q_improve = ref("key_account_mgmt_survey.survey_kam_satisfaction_q_improve")
        cls.needs_survey = ref("key_account_mgmt_survey.survey_kam_needs")
        cls.improvement_type = ref(
            "key_account_mgmt_survey.mail_activity_type_kam_improvement"
        )
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Anna Weber",
                "parent_id": cls.other_account.id,
                "email": "anna@nordwind.example.com",
            }
        )
        cls.account_contact2 = cls.env["res.partner"].create(
            {"name": "李娜", "parent_id": cls.account.id, "email": "ln@example.com"}
        )

    def _answer(self, partner, scores, improve=None, when="2026-06-15 10:00:00"):
        """Answer the satisfaction survey as ``partner`` (or anonymously by
        email when ``partner`` is a string) and complete it.

        :param scores: (quality, attitude, resolution, nps); None skips one
        """
        with freeze_time(when):
            if isinstance(partner, str):
                answer = self.survey._create_answer(email=partner, check_attempts=False)
            else:
                answer = self.survey._create_answer(
                    partner=partner, check_attempts=False
                )
            questions = (self.q_quality, self.q_attitude, self.q_resolution, self.q_nps)
            for question, value in zip(questions, scores, strict=True):
                if value is not None:
                    answer._save_lines(question, str(value))
            if improve:
                answer._save_lines(self.q_improve, improve)
            answer._mark_done()
        return answer

    def _improvements(self, account):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", account.id),
                ("activity_type_id", "=", self.improvement_type.id),
            ]
        )

    def _notes(self, account):
        return self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", account.id),
                ("message_type", "=", "comment"),
                ("subtype_id", "=", self.env.ref("mail.mt_note").id),
            ]
        )
