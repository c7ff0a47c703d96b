from lxml import etree

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import KamSurveyCommon


@tagged("post_install", "-at_install")
class TestSurveyViews(KamSurveyCommon):
    """The actions load their views and data as the role that has the menu."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._answer_cls(cls.account_contact, (2, 4, 5, 9))
        cls._answer_cls(cls.other_contact, (4, 4, 4, 3))

    @classmethod
    def _answer_cls(cls, partner, scores):
        answer = cls.survey._create_answer(partner=partner, check_attempts=False)
        questions = (cls.q_quality, cls.q_attitude, cls.q_resolution, cls.q_nps)
        for question, value in zip(questions, scores, strict=True):
            answer._save_lines(question, str(value))
        answer._mark_done()

    def _spec(self, fields_info):
        return {
            name: {"fields": {"display_name": {}}} if info.get("relation") else {}
            for name, info in fields_info.items()
        }

    def _load_action(self, xmlid, user):
        """Load every view of the action and read its default data as ``user``.

        :return: {view type: result of the default read}
        """
        action = self.env["ir.actions.act_window"].with_user(user)._for_xml_id(xmlid)
        Model = self.env[action["res_model"]].with_user(user)
        context = safe_eval(action.get("context") or "{}", {"uid": user.id})
        Model = Model.with_context(**context)
        domain = safe_eval(action.get("domain") or "[]", {"uid": user.id})
        views = [(view_id, mode) for view_id, mode in action["views"]]
        search_view = action.get("search_view_id")
        views.append((search_view and search_view[0], "search"))
        result = Model.get_views(views)
        fields_info = result["models"][Model._name]["fields"]
        reads = {}
        for mode, view in result["views"].items():
            arch = etree.fromstring(view["arch"])
            if mode in ("list", "kanban"):
                names = {node.get("name") for node in arch.iter("field")}
                spec = self._spec(
                    {n: fields_info[n] for n in names if n in fields_info}
                )
                reads[mode] = Model.web_search_read(domain, spec, limit=80)
            elif mode in ("pivot", "graph"):
                groupby = [
                    node.get("name")
                    + (f":{node.get('interval')}" if node.get("interval") else "")
                    for node in arch.iter("field")
                    if node.get("type") != "measure"
                ]
                measures = [
                    f"{node.get('name')}:{fields_info[node.get('name')]['aggregator']}"
                    for node in arch.iter("field")
                    if node.get("type") == "measure"
                ]
                reads[mode] = Model.formatted_read_group(
                    domain, groupby=groupby, aggregates=[*measures, "__count"]
                )
        return reads

    def test_satisfaction_analysis_as_key_account_manager(self):
        reads = self._load_action(
            "key_account_mgmt_survey.kam_survey_report_action", self.kam_manager
        )
        pivot = reads["pivot"]
        tiers = {group["tier_id"][0] for group in pivot}
        self.assertTrue({self.tier_strategic.id, self.tier_key.id} <= tiers)
        self.assertTrue(reads["graph"])
        accounts = self.account | self.other_account
        rows = [
            row
            for row in reads["list"]["records"]
            if row["account_id"]["id"] in accounts.ids
        ]
        # Four ratings (three dimensions and the NPS) per answer.
        self.assertEqual(len(rows), 8)

    def test_satisfaction_analysis_as_key_account_user(self):
        # The trend of one account, from its Satisfaction tab.
        action = self.account.with_user(
            self.kam_user
        ).action_kam_view_satisfaction_trend()
        Report = self.env["kam.survey.report"].with_user(self.kam_user)
        Report.get_views(action["views"])
        groups = Report.formatted_read_group(
            action["domain"],
            groupby=["date:month", "dimension"],
            aggregates=["score:avg"],
        )
        # The three dimensions, and the NPS answers.
        self.assertEqual(len(groups), 4)
        self.assertEqual(
            {group["dimension"] for group in groups},
            {"product_quality", "service_attitude", "resolution_efficiency", "nps"},
        )

    def test_survey_answers_as_key_account_user(self):
        reads = self._load_action(
            "key_account_mgmt_survey.survey_user_input_action_kam", self.kam_user
        )
        self.assertEqual(reads["list"]["length"], 1)
        answer = self.env["survey.user_input"].with_user(self.kam_user).search([])
        form = Form(answer)
        self.assertEqual(form.kam_account_id, self.account)

    def test_campaign_and_surveys_as_key_account_manager(self):
        self._load_action(
            "key_account_mgmt_survey.kam_survey_invitation_action", self.kam_manager
        )
        reads = self._load_action(
            "key_account_mgmt_survey.survey_survey_action_kam", self.kam_manager
        )
        surveys = {row["id"] for row in reads["list"]["records"]}
        self.assertTrue({self.survey.id, self.needs_survey.id} <= surveys)

    def test_key_account_form_and_list_as_key_account_user(self):
        self.env["res.partner"]._kam_refresh_survey_scores(
            self.account.ids, self.env.cr.now().date()
        )
        form = Form(self.account.with_user(self.kam_user))
        self.assertEqual(form.kam_nps, 100)
        self.assertEqual(len(form.kam_survey_answer_ids), 1)
        reads = self._load_action(
            "key_account_mgmt.res_partner_action_my_key_accounts", self.kam_user
        )
        records = {r["id"]: r for r in reads["list"]["records"]}
        self.assertEqual(records[self.account.id]["kam_nps"], 100)
        # Send Survey and the satisfaction report open their wizards.
        action = self.account.with_user(self.kam_user).action_kam_send_survey()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.kam_user)
            .with_context(**action["context"])
        )
        self.assertEqual(wizard.recipient_ids.ids, self.account_contact.ids)
        wizard.recipients = "all"
        self.assertEqual(
            set(wizard.recipient_ids.ids),
            set((self.account_contact | self.account_contact2).ids),
        )
        wizard.recipients = "main"
        wizard = wizard.save()
        self.assertEqual(wizard.recipient_ids, self.account_contact)
        # Odoo's invitation wizard, as it opens from there.
        invite_action = wizard.action_open_invite()
        invite = Form(
            self.env["survey.invite"]
            .with_user(self.kam_user)
            .with_context(**invite_action["context"])
        )
        self.assertEqual(invite.survey_id, self.survey)
        action = self.account.with_user(self.kam_user).action_kam_print_satisfaction()
        Form(
            self.env[action["res_model"]]
            .with_user(self.kam_user)
            .with_context(**action["context"])
        )

    def test_customer_satisfaction_menu_holds_complaints_and_surveys(self):
        """Reporting > Customer Satisfaction: the complaints and service
        levels of the core and the surveys' NPS and dimensions, each loading
        its views and data for a key-account manager."""
        parent = self.env.ref("key_account_mgmt.kam_satisfaction_report_menu")
        Menu = self.env["ir.ui.menu"].with_user(self.kam_manager)
        visible = Menu.browse(Menu._visible_menu_ids())
        children = visible.filtered(lambda menu: menu.parent_id == parent).sorted(
            "sequence"
        )
        self.assertEqual(
            children.mapped("action"),
            [
                self.env.ref("key_account_mgmt.kam_satisfaction_report_action"),
                self.env.ref("key_account_mgmt_survey.kam_survey_report_action"),
            ],
        )
        reads = self._load_action(
            "key_account_mgmt.kam_satisfaction_report_action", self.kam_manager
        )
        self.assertEqual(set(reads), {"pivot", "graph", "list"})
        # Only the answers of this test (a database with demo data has more).
        self.env["survey.user_input"].search(
            [
                ("kam_account_id", "!=", False),
                ("kam_account_id", "not in", (self.account | self.other_account).ids),
            ]
        ).unlink()
        reads = self._load_action(
            "key_account_mgmt_survey.kam_survey_report_action", self.kam_manager
        )
        nps = {
            group["tier_id"][0]: group["nps:avg"]
            for group in reads["pivot"]
            if group["dimension"] == "nps"
        }
        # One promoter (9) in the strategic tier, one detractor (3) in key.
        self.assertEqual(nps[self.tier_strategic.id], 100.0)
        self.assertEqual(nps[self.tier_key.id], -100.0)
        # Each analysis has its own address.
        self.assertEqual(
            len({action.path for action in children.sudo().mapped("action")}), 2
        )
