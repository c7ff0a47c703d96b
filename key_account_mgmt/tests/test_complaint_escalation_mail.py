from unittest.mock import patch

from freezegun import freeze_time
from lxml import etree, html

from odoo.addons.mail.models.mail_render_mixin import MailRenderMixin
from odoo.tests import new_test_user, tagged

from .common_complaint import KamComplaintCommon

FIELDS = ("body_html", "email_from", "partner_to", "subject", "auto_delete")


@tagged("post_install", "-at_install")
class TestComplaintEscalationMail(KamComplaintCommon):
    """The escalation emails: Odoo's rendering, the body compiled once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env["ir.module.module"]._load_module_terms(["key_account_mgmt"], ["zh_CN"])
        cls.other_account.lang = "zh_CN"
        cls.tier_key.resource_calendar_id = cls.calendar_shanghai
        cls.template = cls.env.ref(
            "key_account_mgmt.mail_template_kam_complaint_escalation"
        )
        partners = [cls.account, cls.other_account, cls.account_contact]
        users = [cls.kam_user, cls.kam_user2]
        with freeze_time("2026-03-02 10:00:00"):
            cls.complaints = cls.env["kam.complaint"].create(
                [
                    {
                        "subject": f"Broken parts {index}",
                        "partner_id": partners[index % 3].id,
                        "user_id": users[index % 2].id,
                        "priority": str(index % 3),
                        "date_received": cls.dt(2026, 3, 2, 9, 5 * index),
                    }
                    for index in range(6)
                ]
            )
            cls.complaints[1].action_acknowledge()
            cls.complaints[2].action_acknowledge()
            cls.complaints[2].action_investigate()
        cls.zh_complaints = cls.complaints.filtered(
            lambda c: c.partner_id == cls.other_account
        )

    def test_emails_as_odoo_renders_them(self):
        with freeze_time("2026-03-05 09:00:00"):
            self.complaints._kam_refresh_sla()
            ids = self.complaints.ids
            batched = self.template._generate_template(ids, FIELDS)
            with patch.object(
                type(self.template),
                "_render_template_qweb",
                MailRenderMixin._render_template_qweb,
            ):
                stock = self.template._generate_template(ids, FIELDS)
        self.assertEqual(batched, stock)
        bodies = {res_id: str(values["body_html"]) for res_id, values in stock.items()}
        self.assertEqual(len(set(bodies.values())), 6)
        for complaint in self.complaints:
            body = bodies[complaint.id]
            self.assertIn(complaint.name, body)
            self.assertIn(complaint.subject, body)
            self.assertIn(complaint.user_id.name, body)
            if complaint in self.zh_complaints:
                self.assertIn("已超出服务时限", body)
            else:
                self.assertIn("breached its service level", body)
            self.assertIn(
                self.kam_manager.partner_id.id, batched[complaint.id]["partner_ids"]
            )

    def test_escalation_recipients(self):
        """The account manager and the active key-account managers of the
        complaint's company, whatever the other complaints of the batch."""
        other_company = self.env["res.company"].create({"name": "Other Co"})
        director_elsewhere = new_test_user(
            self.env,
            login="kam_director_elsewhere",
            groups="key_account_mgmt.group_kam_manager",
            company_id=other_company.id,
            company_ids=[other_company.id],
        )
        new_test_user(
            self.env,
            login="kam_director_gone",
            groups="key_account_mgmt.group_kam_manager",
        ).active = False
        with freeze_time("2026-03-02 10:00:00"):
            elsewhere = self.Complaint.create(
                {
                    "subject": "Elsewhere",
                    "partner_id": self.other_account.id,
                    "company_id": other_company.id,
                }
            )
        complaints = self.complaints | elsewhere
        complaints.invalidate_recordset(["kam_escalation_partner_ids"])
        directors = self.env.ref(
            "key_account_mgmt.group_kam_manager"
        ).all_user_ids.filtered(lambda u: u.active and not u.share)
        here = directors.filtered(lambda u: self.company in u.company_ids)
        self.assertIn(self.kam_manager, here)
        self.assertNotIn(director_elsewhere, here)
        for complaint in complaints:
            company = complaint.company_id
            expected = complaint.manager_id | directors.filtered(
                lambda u, c=company: c in u.company_ids
            )
            self.assertEqual(complaint.kam_escalation_partner_ids, expected.partner_id)
        self.assertEqual(
            elsewhere.kam_escalation_partner_ids,
            (self.kam_user2 | director_elsewhere).partner_id,
        )
        self.assertEqual(
            self.complaints[0].kam_escalation_partner_ids,
            (self.kam_user | here).partner_id,
        )

    def _count_compilations(self):
        """Patch the QWeb compiler; return the list of compiled etrees."""
        Qweb = type(self.env["ir.qweb"])
        generate_code = Qweb._generate_code_uncached
        compiled = []

        def count(qweb, template):
            if isinstance(template, etree._Element):
                compiled.append(template)
            return generate_code(qweb, template)

        patcher = patch.object(Qweb, "_generate_code_uncached", count)
        patcher.start()
        self.addCleanup(patcher.stop)
        return compiled

    def test_body_compiled_once_per_language_and_batch(self):
        # emails made by chunks of 2: three chunks for one batch of the job
        self.env["ir.config_parameter"].sudo().set_param("mail.batch_size", 2)
        compiled = self._count_compilations()
        with freeze_time("2026-03-05 09:00:00"):
            _warned, escalated = self.Complaint._cron_kam_complaint_sla()
        self.assertEqual(escalated, self.complaints)
        mails = self.env["mail.mail"].search(
            [("model", "=", "kam.complaint"), ("res_id", "in", self.complaints.ids)]
        )
        self.assertEqual(len(mails), 6)
        # six emails in two languages, one batch of the job: the body is
        # compiled once per language, not once per email nor per chunk
        self.assertEqual(len(compiled), 2)

    def test_compiled_once_per_source_and_context(self):
        """Inside the scope, a compiled template is reused only for the same
        source and the same cache keys (language, options)."""
        qweb = self.env["ir.qweb"]
        sources = ["<!-- kept? --><p t-out='name'/>", "<b t-out='name'/>"]
        options = [{}, {"preserve_comments": True}, {"lang": "zh_CN"}]

        def render_all():
            return [
                str(
                    qweb._render(
                        html.fragment_fromstring(source, create_parent="div"),
                        {"name": f"n{index}"},
                        **option,
                    )
                )
                for source in sources
                for option in options
                for index in range(3)
            ]

        expected = render_all()
        self.assertIn("<!-- kept? --><p>n0</p>", expected[3])
        self.assertNotIn("kept?", expected[0])
        compiled = self._count_compilations()
        with qweb._kam_compile_inline_once():
            self.assertEqual(render_all(), expected)
        self.assertEqual(len(compiled), len(sources) * len(options))
