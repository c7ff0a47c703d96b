from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KamSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyAccess(KamSurveyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.answer_a = cls._answer_as(cls.account_contact, (2, 3, 4, 6))
        cls.answer_b = cls._answer_as(cls.other_contact, (5, 5, 5, 10))
        cls.anonymous = cls._answer_as("someone@example.com", (1, 1, 1, 1))

    @classmethod
    def _answer_as(cls, partner, scores):
        if isinstance(partner, str):
            answer = cls.survey._create_answer(email=partner, check_attempts=False)
        else:
            answer = cls.survey._create_answer(partner=partner, check_attempts=False)
        questions = (cls.q_quality, cls.q_attitude, cls.q_resolution, cls.q_nps)
        for question, value in zip(questions, scores, strict=True):
            answer._save_lines(question, str(value))
        answer._mark_done()
        return answer

    def test_report_rows_of_own_accounts_only(self):
        Report = self.env["kam.survey.report"]
        self.assertEqual(
            Report.with_user(self.kam_user).search([]).account_id, self.account
        )
        self.assertEqual(
            Report.with_user(self.kam_user2).search([]).account_id, self.other_account
        )
        row_a = Report.search([("account_id", "=", self.account.id)], limit=1)
        with self.assertRaises(AccessError):
            row_a.with_user(self.kam_user2).read(["score"])
        # Grouped figures are those of the own accounts too.
        [(nps,)] = Report.with_user(self.kam_user2)._read_group(
            [], aggregates=["nps:avg"]
        )
        self.assertEqual(nps, 100)
        accounts = self.account | self.other_account
        self.assertEqual(
            Report.with_user(self.kam_manager)
            .search([("account_id", "in", accounts.ids)])
            .account_id,
            accounts,
        )
        with self.assertRaises(AccessError):
            Report.with_user(self.employee).search([])
        # The backup manager reads the account's rows.
        self.account.kam_backup_manager_id = self.kam_user2
        self.assertEqual(
            Report.with_user(self.kam_user2).search([]).account_id,
            self.account | self.other_account,
        )

    def test_answers_of_own_accounts_only(self):
        Answer = self.env["survey.user_input"]
        self.assertEqual(Answer.with_user(self.kam_user).search([]), self.answer_a)
        self.answer_a.with_user(self.kam_user).read(["kam_nps_value", "partner_id"])
        lines = self.env["survey.user_input.line"].with_user(self.kam_user).search([])
        self.assertEqual(lines.user_input_id, self.answer_a)
        with self.assertRaises(AccessError):
            self.answer_b.with_user(self.kam_user).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.answer_a.user_input_line_ids[:1].with_user(self.kam_user2).read(
                ["value_scale"]
            )
        # Key-account managers read the answers of key accounts, not the
        # others (those stay with the survey officers).
        mine = self.answer_a | self.answer_b | self.anonymous
        self.assertEqual(
            Answer.with_user(self.kam_manager).search([("id", "in", mine.ids)]),
            self.answer_a | self.answer_b,
        )
        with self.assertRaises(AccessError):
            self.anonymous.with_user(self.kam_manager).read(["email"])
        # Nobody without the key-account groups reads answers or figures.
        with self.assertRaises(AccessError):
            self.answer_a.with_user(self.employee).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.account.with_user(self.employee).read(["kam_nps"])
        # Key-account users read key-account surveys only.
        other_survey = self.env["survey.survey"].create({"title": "Staff Survey"})
        with self.assertRaises(AccessError):
            other_survey.with_user(self.kam_user).read(["title"])
        self.survey.with_user(self.kam_user).read(["title"])
        # Nor do they change answers.
        with self.assertRaises(AccessError):
            self.answer_a.with_user(self.kam_user).write({"nickname": "x"})

    def test_send_survey_to_own_accounts(self):
        Wizard = self.env["kam.survey.send.wizard"].with_user(self.kam_user)
        wizard = Wizard.create(
            {"account_ids": [(6, 0, self.account.ids)], "recipients": "all"}
        )
        self.assertEqual(wizard.survey_id, self.survey)
        self.assertEqual(
            wizard.recipient_ids, self.account_contact | self.account_contact2
        )
        wizard.recipients = "main"
        self.assertEqual(wizard.recipient_ids, self.account_contact)
        action = wizard.action_open_invite()
        self.assertEqual(action["res_model"], "survey.invite")
        invite = (
            self.env["survey.invite"]
            .with_user(self.kam_user)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(invite.partner_ids, self.account_contact)
        self.assertEqual(invite.existing_mode, "new")
        invite.action_invite()
        new_answer = self.env["survey.user_input"].search(
            [("partner_id", "=", self.account_contact.id), ("state", "=", "new")]
        )
        self.assertEqual(len(new_answer), 1)
        self.assertEqual(new_answer.kam_account_id, self.account)
        # Invitations only: no completed answer made up by the user.
        with self.assertRaises(AccessError):
            self.env["survey.user_input"].with_user(self.kam_user).create(
                {
                    "survey_id": self.survey.id,
                    "partner_id": self.account_contact.id,
                    "state": "done",
                    "end_datetime": "2026-06-01 10:00:00",
                }
            )
        # Not to the contacts of someone else's account.
        invite = (
            self.env["survey.invite"]
            .with_user(self.kam_user)
            .with_context(**action["context"])
            .create({"partner_ids": [(6, 0, self.other_contact.ids)]})
        )
        with self.assertRaises(AccessError):
            invite.action_invite()
        # Nor anything to other users.
        with self.assertRaises(AccessError):
            self.env["kam.survey.send.wizard"].with_user(self.employee).create(
                {"account_ids": [(6, 0, self.account.ids)]}
            )

    def test_print_report_per_period_of_own_accounts(self):
        Wizard = self.env["kam.survey.print.wizard"]
        dates = {"date_from": "2000-01-01", "date_to": "2100-12-31"}
        data = Wizard.with_user(self.kam_user).create(dates)._kam_report_data()
        self.assertEqual([row["account"] for row in data["accounts"]], [self.account])
        row = data["accounts"][0]
        self.assertEqual(row["nps"], -100)
        self.assertEqual(
            (row["promoters"], row["passives"], row["detractors"]), (0, 0, 1)
        )
        accounts = self.account | self.other_account
        data = (
            Wizard.with_user(self.kam_manager)
            .create(dict(dates, account_ids=[(6, 0, accounts.ids)]))
            ._kam_report_data()
        )
        self.assertEqual(len(data["accounts"]), 2)
        self.assertEqual(data["totals"]["nps"], 0)
        self.assertEqual(data["totals"]["answers"], 2)
        wizard = Wizard.with_user(self.kam_user).create(dates)
        html, __ = (
            self.env["ir.actions.report"]
            .with_user(self.kam_user)
            ._render_qweb_html(
                "key_account_mgmt_survey.report_kam_satisfaction", wizard.ids
            )
        )
        html = html.decode()
        self.assertIn(self.account.name, html)
        self.assertNotIn(self.other_account.name, html)
        self.assertIn("Product Quality", html)

    def test_portal_contact_answers_through_the_survey_pages(self):
        # The survey pages work in sudo for the portal or public visitor who
        # holds the answer's token, as Odoo does.
        portal = self.env["res.users"].create(
            {
                "name": "张伟 (portal)",
                "login": "kam_survey_portal",
                "partner_id": self.account_contact.id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        survey = self.survey.with_user(portal).sudo()
        answer = survey._create_answer(user=portal, check_attempts=False)
        for question, value in zip(
            (self.q_quality, self.q_attitude, self.q_resolution, self.q_nps),
            (1, 2, 2, 0),
            strict=True,
        ):
            answer._save_lines(question, str(value))
        answer._mark_done()
        self.assertEqual(answer.kam_account_id, self.account)
        self.assertEqual(self.account.kam_nps, -100)
        # The note about it is internal: the portal user does not see it.
        note = self._notes(self.account).filtered(
            lambda m: f'data-oe-id="{answer.id}"' in m.body
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.is_internal)
        self.assertFalse(
            self.env["mail.message"].with_user(portal).search([("id", "in", note.ids)])
        )
        # Nor do they read key-account answers or figures in the backend.
        with self.assertRaises(AccessError):
            answer.with_user(portal).read(["kam_account_id"])
