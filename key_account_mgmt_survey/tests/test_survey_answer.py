from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KamSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyAnswer(KamSurveyCommon):
    def test_answer_of_a_contact_counts_for_its_account(self):
        answer = self._answer(self.account_contact, (5, 4, 4, 9))
        self.assertEqual(answer.state, "done")
        self.assertEqual(answer.kam_account_id, self.account)
        self.assertEqual(self.account.kam_survey_answer_ids, answer)
        self.assertEqual(self.account.kam_survey_answer_count, 1)
        # A good answer schedules nothing and posts nothing.
        self.assertFalse(self._improvements(self.account))
        self.assertFalse(self._notes(self.account))
        self.assertEqual(answer.kam_nps_value, 9)
        self.assertEqual(answer.kam_satisfaction, 4.3)  # 13 / 3, one decimal
        self.assertFalse(answer.kam_low_score)

    def test_detractor_schedules_one_improvement_action_per_period(self):
        first = self._answer(
            self.account_contact, (4, 4, 4, 3), when="2026-06-03 09:00:00"
        )
        activity = self._improvements(self.account)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.kam_user)
        self.assertIn(self.account_contact.name, activity.note)
        self.assertIn(f'data-oe-id="{first.id}"', activity.note)
        self.assertTrue(first.kam_improvement_requested)
        # The answer's link, as an internal note in the account's chatter.
        note = self._notes(self.account)
        self.assertEqual(len(note), 1)
        self.assertTrue(note.is_internal)
        self.assertIn(
            f'data-oe-model="survey.user_input" data-oe-id="{first.id}"', note.body
        )
        # A second low answer in the same period (the tier has no survey
        # interval: a month) is posted, but schedules no second activity,
        # even once the first one is done.
        activity.action_done()
        second = self._answer(
            self.account_contact2, (2, 4, 4, 8), when="2026-06-20 09:00:00"
        )
        self.assertTrue(second.kam_low_score)
        self.assertFalse(second.kam_improvement_requested)
        self.assertEqual(len(self._notes(self.account)), 2)
        self.assertFalse(self._improvements(self.account))
        self.assertEqual(
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search_count(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.account.id),
                    ("activity_type_id", "=", self.improvement_type.id),
                ]
            ),
            1,
        )
        # The next period has its own.
        third = self._answer(
            self.account_contact, (1, 1, 1, 0), when="2026-07-02 09:00:00"
        )
        self.assertTrue(third.kam_improvement_requested)
        self.assertEqual(len(self._improvements(self.account)), 1)

    def test_tier_interval_is_the_period(self):
        self.tier_strategic.survey_interval_months = 3
        self._answer(self.account_contact, (4, 4, 4, 2), when="2026-04-02 09:00:00")
        later = self._answer(
            self.account_contact, (4, 4, 4, 2), when="2026-06-29 09:00:00"
        )
        self.assertFalse(later.kam_improvement_requested)
        next_quarter = self._answer(
            self.account_contact, (4, 4, 4, 2), when="2026-07-01 09:00:00"
        )
        self.assertTrue(next_quarter.kam_improvement_requested)

    def test_answer_without_partner_changes_nothing(self):
        Message = self.env["mail.message"]
        note_domain = [
            ("model", "=", "res.partner"),
            ("subtype_id", "=", self.env.ref("mail.mt_note").id),
        ]
        notes = Message.search_count(note_domain)
        activities = self.env["mail.activity"].search_count([])
        answer = self._answer("anonymous@example.com", (1, 1, 1, 0))
        self.assertFalse(answer.kam_account_id)
        # A partner that is no key account counts for nothing either.
        walk_in = self._answer(self.plain_partner, (1, 1, 1, 0))
        self.assertFalse(walk_in.kam_account_id)
        self.assertEqual(self.env["mail.activity"].search_count([]), activities)
        self.assertEqual(Message.search_count(note_domain), notes)
        self.assertFalse(
            self.env["kam.survey.report"].search(
                [("user_input_id", "in", (answer | walk_in).ids)]
            )
        )
        with freeze_time("2026-06-30"):
            self.env["res.partner"]._cron_kam_recompute_scores()
        for partner in (self.account, self.other_account, self.plain_partner):
            self.assertFalse(partner.kam_nps)
            self.assertFalse(partner.kam_survey_satisfaction)
            self.assertFalse(partner.kam_last_survey_date)
        signals = self.account.kam_health_components["signals"]
        self.assertNotIn("survey", [signal["key"] for signal in signals])

    def test_account_comes_from_the_contact_only(self):
        Answer = self.env["survey.user_input"].with_context(
            default_kam_account_id=self.other_account.id
        )
        answer = Answer.create(
            {
                "survey_id": self.survey.id,
                "partner_id": self.account_contact.id,
                "kam_account_id": self.other_account.id,
            }
        )
        self.assertEqual(answer.kam_account_id, self.account)
        anonymous = Answer.create(
            {"survey_id": self.survey.id, "email": "x@example.com"}
        )
        self.assertFalse(anonymous.kam_account_id)
        officer = self.env["res.users"].create(
            {
                "name": "Survey Officer",
                "login": "kam_survey_officer",
                "group_ids": [(6, 0, [self.env.ref("survey.group_survey_user").id])],
            }
        )
        with self.assertRaises(AccessError):
            answer.with_user(officer).write({"kam_account_id": self.other_account.id})
        # An account that becomes a key account gets the answers of its people.
        walk_in_contact = self.env["res.partner"].create(
            {"name": "Walk-in Contact", "parent_id": self.plain_partner.id}
        )
        later = self._answer(walk_in_contact, (4, 4, 4, 9))
        self.assertFalse(later.kam_account_id)
        self.plain_partner.write(
            {
                "is_key_account": True,
                "kam_tier_id": self.tier_key.id,
                "kam_manager_id": self.kam_user.id,
            }
        )
        self.assertEqual(later.kam_account_id, self.plain_partner)

    def test_nps_question_must_be_a_zero_to_ten_scale(self):
        Question = self.env["survey.question"]
        with self.assertRaises(ValidationError):
            Question.create(
                {
                    "survey_id": self.survey.id,
                    "title": "Would you recommend us?",
                    "question_type": "text_box",
                    "kam_is_nps": True,
                }
            )
        with self.assertRaises(ValidationError):
            Question.create(
                {
                    "survey_id": self.survey.id,
                    "title": "Would you recommend us?",
                    "question_type": "scale",
                    "scale_min": 1,
                    "scale_max": 5,
                    "kam_is_nps": True,
                }
            )
        with self.assertRaises(ValidationError):
            self.q_nps.question_type = "char_box"
        question = Question.create(
            {
                "survey_id": self.survey.id,
                "title": "Would you recommend us?",
                "question_type": "scale",
                "scale_min": 0,
                "scale_max": 10,
                "kam_is_nps": True,
            }
        )
        self.assertTrue(question.kam_is_nps)

    def test_needs_questionnaire_into_chatter_and_needs(self):
        ref = self.env.ref
        answer = self.needs_survey._create_answer(
            partner=self.account_contact, check_attempts=False
        )
        answer._save_lines(
            ref("key_account_mgmt_survey.survey_kam_needs_q_needs"),
            "200 sensors for the new plant",
        )
        answer._save_lines(
            ref("key_account_mgmt_survey.survey_kam_needs_q_priorities"),
            [
                ref("key_account_mgmt_survey.survey_kam_needs_q_priorities_quality").id,
                ref(
                    "key_account_mgmt_survey.survey_kam_needs_q_priorities_delivery"
                ).id,
            ],
        )
        answer._save_lines(
            ref("key_account_mgmt_survey.survey_kam_needs_q_budget"),
            ref("key_account_mgmt_survey.survey_kam_needs_q_budget_6m").id,
        )
        answer._mark_done()
        note = self._notes(self.account)
        self.assertEqual(len(note), 1)
        self.assertIn("200 sensors for the new plant", note.body)
        self.assertIn("Delivery time", note.body)
        self.assertIn("In 3 to 6 months", note.body)
        # Nothing low in a needs questionnaire.
        self.assertFalse(self._improvements(self.account))
        # Only those who may change the archive copy it.
        with self.assertRaises(AccessError):
            answer.with_user(self.kam_user2).action_kam_copy_to_needs()
        answer.with_user(self.kam_user).action_kam_copy_to_needs()
        self.assertIn("200 sensors for the new plant", self.account.kam_needs)
        self.assertIn("Quality", self.account.kam_needs)
        self.assertTrue(answer.kam_needs_copied)
        # A satisfaction answer is not copied.
        satisfaction = self._answer(self.account_contact, (4, 4, 4, 9))
        with self.assertRaises(UserError):
            satisfaction.with_user(self.kam_user).action_kam_copy_to_needs()

    def test_improvement_deadline_follows_the_activity_type(self):
        """The deadline is the type's delay in its unit (weeks here), and an
        archived manager gets no Improvement Action."""
        self.improvement_type.write({"delay_count": 2, "delay_unit": "weeks"})
        self._answer(self.account_contact, (4, 4, 4, 3), when="2026-06-03 09:00:00")
        self.assertEqual(
            str(self._improvements(self.account).date_deadline), "2026-06-17"
        )
        self.other_account.kam_manager_id.active = False
        answer = self._answer(self.other_contact, (1, 1, 1, 0))
        self.assertTrue(answer.kam_low_score)
        self.assertFalse(answer.kam_improvement_requested)
        self.assertFalse(self._improvements(self.other_account))

    def test_notes_in_the_language_of_the_account_manager(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["key_account_mgmt_survey"], ["zh_CN"]
        )
        self.kam_user.lang = "zh_CN"
        answer = self._answer(self.account_contact, (2, 4, 4, 9))
        self.assertTrue(answer.kam_improvement_requested)
        self.assertIn("调查答卷中出现低分", self._notes(self.account).body)
        self.assertIn("产品质量 2/5", self._notes(self.account).body)
        self.assertIn("改进措施", self._improvements(self.account).summary)

    def test_merged_contact_brings_its_answers_to_the_account(self):
        walk_in_contact = self.env["res.partner"].create(
            {"name": "张伟 (duplicate)", "parent_id": self.plain_partner.id}
        )
        answer = self._answer(walk_in_contact, (4, 4, 4, 10))
        self.assertFalse(answer.kam_account_id)
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge(
            (self.account_contact | walk_in_contact).ids, self.account_contact
        )
        self.assertEqual(answer.partner_id, self.account_contact)
        self.assertEqual(answer.kam_account_id, self.account)
        self.assertEqual(self.account.kam_nps, 100)
