from odoo.tests import tagged

from .common_complaint import KamComplaintCommon

INCOMING = """Return-Path: <{email_from}>
To: {to}
From: {author} <{email_from}>
Subject: {subject}
Message-ID: {message_id}
{extra}Date: Mon, 02 Mar 2026 09:00:00 +0000
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


@tagged("post_install", "-at_install")
class TestComplaintMail(KamComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alias_domain = cls.env["mail.alias.domain"].create(
            {"name": "kam-test.example.com"}
        )
        cls.alias = cls.env.ref("key_account_mgmt.mail_alias_kam_complaint")
        cls.alias.write(
            {"alias_domain_id": cls.alias_domain.id, "alias_name": "complaints"}
        )

    def _process(self, **values):
        params = dict(
            {
                "to": "complaints@kam-test.example.com",
                "author": "Zhang Wei",
                "email_from": "zw@example.com",
                "subject": "Broken parts",
                "message_id": "<kam-complaint-1@example.com>",
                "extra": "",
                "body": "Half of the parts arrived broken.",
            },
            **values,
        )
        return self.env["mail.thread"].message_process(
            None, INCOMING.format(**params).encode()
        )

    def test_email_creates_complaint_for_sender(self):
        res_id = self._process()
        complaint = self.Complaint.browse(res_id)
        self.assertEqual(complaint.partner_id, self.account_contact)
        self.assertEqual(complaint.commercial_partner_id, self.account)
        self.assertEqual(complaint.tier_id, self.tier_strategic)
        self.assertEqual(complaint.subject, "Broken parts")
        self.assertEqual(complaint.channel, "email")
        self.assertEqual(complaint.user_id, self.kam_user)
        self.assertIn("arrived broken", complaint.description)
        self.assertRegex(complaint.name, r"^KC/")
        self.assertIn(self.account_contact, complaint.message_partner_ids)
        self.assertIn(self.kam_user.partner_id, complaint.message_partner_ids)
        self.assertTrue(complaint.first_response_deadline)
        # the reply lands in the chatter of the same complaint
        reply_id = self._process(
            subject="Re: Broken parts",
            message_id="<kam-complaint-2@example.com>",
            extra="In-Reply-To: <kam-complaint-1@example.com>\n"
            "References: <kam-complaint-1@example.com>\n",
            body="Photos of the broken parts follow.",
        )
        self.assertEqual(reply_id, complaint.id)
        self.assertEqual(self.Complaint.search_count([("id", ">=", complaint.id)]), 1)
        self.assertTrue(
            any("Photos of the broken parts" in m.body for m in complaint.message_ids)
        )

    def test_email_from_unknown_sender(self):
        res_id = self._process(
            author="Walk In",
            email_from="walk.in@example.net",
            message_id="<kam-complaint-3@example.net>",
        )
        complaint = self.Complaint.browse(res_id)
        self.assertEqual(complaint.partner_id.email, "walk.in@example.net")
        self.assertFalse(complaint.commercial_partner_id.is_key_account)
        self.assertEqual(complaint.tier_id, self.tier_standard)

    def test_alias_in_settings(self):
        settings = self.env["res.config.settings"].create({})
        self.assertEqual(settings.kam_complaint_alias_prefix, "complaints")
        self.assertEqual(settings.kam_complaint_alias_domain_id, self.alias_domain)
        settings.kam_complaint_alias_prefix = "tousu"
        settings.execute()
        self.assertEqual(self.alias.alias_name, "tousu")
        self.assertEqual(self.alias.alias_model_id.model, "kam.complaint")
