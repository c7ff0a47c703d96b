"""What the screens offer each role: no button that is then refused."""

from lxml import etree

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestUi(KamCommon):
    def _arch(self, user, xmlid, model="res.partner", view_type=None):
        view = self.env.ref(xmlid)
        arch = (
            self.env[model]
            .with_user(user)
            .get_view(view.id, view_type or view.type)["arch"]
        )
        return etree.fromstring(arch)

    # ------------------------------------------------------------------
    # "New" in the Key Accounts app
    # ------------------------------------------------------------------
    def test_new_key_account_only_for_key_account_managers(self):
        """A key account needs a tier and an account manager, which only a
        key-account manager sets: the others are not offered "New" in the
        app (it would end in a form they cannot save)."""
        views = (
            "key_account_mgmt.res_partner_view_kanban_key_account",
            "key_account_mgmt.res_partner_view_kanban_key_account_health",
            "key_account_mgmt.res_partner_view_list_key_account",
            "key_account_mgmt.res_partner_view_form_key_account",
        )
        for xmlid in views:
            self.assertEqual(self._arch(self.kam_user, xmlid).get("create"), "0", xmlid)
            self.assertNotEqual(
                self._arch(self.kam_manager, xmlid).get("create"), "0", xmlid
            )
        # The actions of the app use these views.
        action = self.env.ref("key_account_mgmt.res_partner_action_my_key_accounts")
        self.assertIn(
            self.env.ref("key_account_mgmt.res_partner_view_form_key_account").id,
            [view_id for view_id, _mode in action.views],
        )
        # The contacts form stays as it is: anyone may create contacts there.
        contact_form = self._arch(self.kam_user, "base.view_partner_form")
        self.assertNotEqual(contact_form.get("create"), "0")
        # And the account manager indeed cannot create a key account.
        with self.assertRaises(UserError):
            self.env["res.partner"].with_user(self.kam_user).create(
                {
                    "name": "Proposed Account",
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": self.tier_standard.id,
                    "kam_manager_id": self.kam_user.id,
                }
            )
        # A key-account manager can, from the app (its default context).
        account = (
            self.env["res.partner"]
            .with_user(self.kam_manager)
            .with_context(default_is_key_account=True, default_is_company=True)
            .create(
                {
                    "name": "New Account",
                    "kam_tier_id": self.tier_standard.id,
                    "kam_manager_id": self.kam_user.id,
                }
            )
        )
        self.assertTrue(account.is_key_account)

    # ------------------------------------------------------------------
    # Buttons shown only to who can use them
    # ------------------------------------------------------------------
    def test_redeem_points_only_for_who_manages_the_account(self):
        Partner = self.env["res.partner"]
        for user, account, expected in (
            (self.kam_user, self.account, True),
            (self.kam_user, self.other_account, False),
            (self.kam_user2, self.other_account, True),
            (self.kam_manager, self.account, True),
            (self.employee, self.account, False),
        ):
            with self.subTest(user=user.login, account=account.name):
                self.assertEqual(
                    Partner.with_user(user).browse(account.id).kam_can_manage,
                    expected,
                )
                if expected:
                    action = account.with_user(user).action_kam_redeem_points()
                    self.assertEqual(action["res_model"], "kam.points.redeem.wizard")
                elif user != self.employee:
                    with self.assertRaises(AccessError):
                        account.with_user(user).action_kam_redeem_points()
        # A contact of the account follows its account.
        self.assertTrue(
            Partner.with_user(self.kam_user)
            .browse(self.account_contact.id)
            .kam_can_manage
        )
        # The backup manages too.
        self.other_account.kam_backup_manager_id = self.kam_user
        self.assertTrue(
            Partner.with_user(self.kam_user)
            .browse(self.other_account.id)
            .kam_can_manage
        )
        # The button is driven by it, and Adjust Points by the manager group.
        form = self._arch(self.kam_user, "base.view_partner_form")
        redeem = form.xpath("//button[@name='action_kam_redeem_points']")
        self.assertEqual(len(redeem), 1)
        self.assertIn("kam_can_manage", redeem[0].getparent().get("invisible"))
        self.assertFalse(form.xpath("//button[@name='action_kam_adjust_points']"))
        manager_form = self._arch(self.kam_manager, "base.view_partner_form")
        self.assertTrue(
            manager_form.xpath("//button[@name='action_kam_adjust_points']")
        )

    def test_manager_only_buttons(self):
        """Buttons whose action only key-account managers may run are not in
        the account manager's forms."""
        for model, xmlid, button in (
            (
                "kam.points.line",
                "key_account_mgmt.kam_points_line_view_form",
                "action_kam_correct",
            ),
            (
                "resource.calendar",
                "resource.resource_calendar_form",
                "action_kam_load_china_holidays",
            ),
        ):
            with self.subTest(button=button):
                xpath = f"//button[@name='{button}']"
                self.assertFalse(self._arch(self.kam_user, xmlid, model).xpath(xpath))
                self.assertTrue(self._arch(self.kam_manager, xmlid, model).xpath(xpath))

    # ------------------------------------------------------------------
    # Settings and wizards
    # ------------------------------------------------------------------
    def test_settings_units_are_shown(self):
        """Text directly inside a <setting> is dropped by the web client:
        every unit (days ahead, %, decimals, months, points) is in an
        element."""
        admin = new_test_user(
            self.env,
            login="kam_ui_admin",
            groups="base.group_system,key_account_mgmt.group_kam_manager",
        )
        view = self.env.ref("key_account_mgmt.res_config_settings_view_form")
        arch = etree.fromstring(
            self.env["res.config.settings"]
            .with_user(admin)
            .get_view(view.id, "form")["arch"]
        )
        app = arch.xpath("//app[@name='key_account_mgmt']")
        self.assertTrue(app)
        settings = app[0].iter("setting")
        units = []
        for setting in settings:
            self.assertFalse((setting.text or "").strip(), setting.get("string"))
            for child in setting:
                self.assertFalse((child.tail or "").strip(), setting.get("string"))
                if child.tag == "span":
                    units.append(child.text)
        for unit in ("days ahead", "% of the target left", "decimals", "months"):
            self.assertIn(unit, units)

    def test_china_holidays_year_without_thousands_separator(self):
        arch = self._arch(
            self.kam_manager,
            "key_account_mgmt.kam_china_holidays_wizard_view_form",
            "kam.china.holidays.wizard",
        )
        (year,) = arch.xpath("//field[@name='year']")
        self.assertIn("'enable_formatting': false", year.get("options"))

    # ------------------------------------------------------------------
    # A logged interaction leaves a trace
    # ------------------------------------------------------------------
    def test_logged_interaction_notes_account_and_closes_revisit(self):
        revisit = self.account.activity_schedule(
            act_type_xmlid="key_account_mgmt.mail_activity_type_kam_revisit",
            user_id=self.kam_user.id,
        )
        other_revisit = self.other_account.activity_schedule(
            act_type_xmlid="key_account_mgmt.mail_activity_type_kam_revisit",
            user_id=self.kam_user2.id,
        )
        action = self.account.with_user(self.kam_user).action_kam_log_interaction()
        self.assertEqual(action["name"], "Log Interaction")
        # Logged by the backup: the manager's Revisit is done all the same.
        self.account.kam_backup_manager_id = self.kam_user2
        interaction = (
            self.env["kam.interaction"]
            .with_user(self.kam_user2)
            .create(
                {
                    "partner_id": self.account.id,
                    "channel": "visit",
                    "summary": "Quarterly review with the purchasing director",
                    "outcome": "Confidential price discussion",
                }
            )
        )
        self.assertFalse(revisit.exists() and revisit.active)
        self.assertTrue(other_revisit.exists().active)
        notes = self.account.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("mail.mt_note")
                and "communication log" in (m.body or "")
            )
        )
        self.assertEqual(len(notes), 1)
        self.assertEqual(notes.author_id, self.kam_user2.partner_id)
        self.assertIn(f'data-oe-id="{interaction.id}"', notes.body)
        # The content stays in the communication log, out of the chatter
        # that every employee reads.
        self.assertNotIn("Confidential", notes.body)
        self.assertNotIn("purchasing director", notes.body)
        # A second interaction does not fail without a Revisit to close.
        self.env["kam.interaction"].with_user(self.kam_user).create(
            {"partner_id": self.account.id, "channel": "phone", "summary": "Call"}
        )

    def test_tier_service_level_changes_are_tracked(self):
        tier = self.tier_key.with_context(tracking_disable=False)
        tier.with_user(self.kam_manager).write(
            {"first_response_hours": 3.0, "resolution_hours": 20.0}
        )
        self.env.cr.flush()
        tracked = tier.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("first_response_hours", tracked)
        self.assertIn("resolution_hours", tracked)
        arch = self._arch(
            self.kam_manager, "key_account_mgmt.kam_tier_view_form", "kam.tier"
        )
        self.assertTrue(arch.xpath("//chatter"))

    # ------------------------------------------------------------------
    # Complaints on screen
    # ------------------------------------------------------------------
    def test_complaint_screens(self):
        Complaint = self.env["kam.complaint"].with_user(self.kam_user)
        # A new complaint shows its tier and targets before it is saved.
        form = Form(Complaint)
        form.subject = "Damaged goods"
        form.partner_id = self.account
        self.assertEqual(form.tier_id, self.tier_strategic)
        self.assertEqual(
            form.first_response_target, self.tier_strategic.first_response_hours
        )
        self.assertEqual(form.resolution_target, self.tier_strategic.resolution_hours)
        complaint = form.save()
        self.assertEqual(complaint.tier_id, self.tier_strategic)
        # The kanban folds the complaints that are over.
        done = Complaint.create({"partner_id": self.account.id, "subject": "Old"})
        done.action_cancel()
        groups = Complaint.web_read_group(
            [("commercial_partner_id", "=", self.account.id)],
            ["state"],
            ["__count"],
            auto_unfold=True,
            unfold_read_specification={"name": {}},
        )["groups"]
        opened = {g["state"]: "__records" in g for g in groups if g["__count"]}
        self.assertEqual(opened, {"new": True, "cancelled": False})
        # The smart button counts open and all complaints.
        account = self.account.with_user(self.kam_user)
        self.assertEqual(account.kam_open_complaint_count, 1)
        self.assertEqual(account.kam_complaint_count, 2)
        # New Complaint is offered to who may file it.
        action = account.action_kam_new_complaint()
        self.assertEqual(action["res_model"], "kam.complaint")
        form = self._arch(self.kam_user, "base.view_partner_form")
        (button,) = form.xpath("//button[@name='action_kam_new_complaint']")
        self.assertIn("kam_can_manage", button.get("invisible"))

    def test_redeem_dialog_shows_reward_costs(self):
        reward = self.env["kam.reward"].create({"name": "Tea Box", "points_cost": 1500})
        self.assertEqual(reward.display_name, "Tea Box")
        shown = reward.with_context(kam_reward_show_cost=True)
        self.assertEqual(shown.display_name, "Tea Box (1,500 points)")
        arch = self._arch(
            self.kam_user,
            "key_account_mgmt.kam_points_redeem_wizard_view_form",
            "kam.points.redeem.wizard",
        )
        (field,) = arch.xpath("//field[@name='reward_id']")
        self.assertIn("kam_reward_show_cost", field.get("context"))

    def test_points_in_messages_follow_the_precision(self):
        self.account.kam_earn_points(2000, "Opening balance")
        wizard = (
            self.env["kam.points.redeem.wizard"]
            .with_user(self.kam_user)
            .create(
                {
                    "partner_id": self.account.id,
                    "mode": "points",
                    "points": 1000,
                    "origin": "Gift",
                }
            )
        )
        wizard.action_redeem()
        bodies = " ".join(self.account.message_ids.mapped("body"))
        self.assertIn("1,000 points redeemed", bodies)
        self.assertNotIn("1000.0", bodies)
        # The health detail does not say "1 times".
        describe = self.env["res.partner"]._kam_signal_definitions()["points"]
        self.assertNotIn("times", describe["describe"]({"recent": 1}))

    def test_sla_analysis_elapsed_resolution_time(self):
        """Resolved outside working time: 0 working hours, but the elapsed
        hours tell how long the customer waited."""
        complaint = self.env["kam.complaint"].create(
            {"partner_id": self.account.id, "subject": "Weekend outage"}
        )
        complaint.sudo().write(
            {
                "date_received": "2026-03-07 10:00:00",  # a Saturday
                "date_resolved": "2026-03-07 16:00:00",
            }
        )
        self.env.flush_all()
        row = self.env["kam.complaint.report"].search(
            [("complaint_id", "=", complaint.id)]
        )
        self.assertAlmostEqual(row.resolution_elapsed_hours, 6.0)

    def test_app_entry_and_archive_headings(self):
        """The app opens on My Key Accounts; a plain employee sees no empty
        archive headings on a partner."""
        Menu = self.env["ir.ui.menu"].with_user(self.kam_user)
        root = self.env.ref("key_account_mgmt.kam_menu_root")
        visible = Menu._visible_menu_ids()
        menu = root
        while True:
            children = menu.child_id.filtered(lambda m: m.id in visible).sorted(
                lambda m: (m.sequence, m.id)
            )
            if not children:
                break
            menu = children[0]
        self.assertEqual(
            menu.action,
            self.env.ref("key_account_mgmt.res_partner_action_my_key_accounts"),
        )
        form = self._arch(self.employee, "base.view_partner_form")
        self.assertTrue(form.xpath("//page[@name='key_account']"))
        for name in ("kam_archive", "kam_archive_texts", "kam_account_texts"):
            self.assertFalse(form.xpath(f"//*[@name='{name}']"), name)
        self.assertFalse(form.xpath("//separator"))
        form = self._arch(self.kam_user, "base.view_partner_form")
        self.assertTrue(form.xpath("//*[@name='kam_archive_texts']"))
