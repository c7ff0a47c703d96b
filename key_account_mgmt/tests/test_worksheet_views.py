from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestWorksheetViews(KamCommon):
    def test_actions_and_views_load(self):
        """The new actions and views load for each role; the archive fields
        stay out of the forms of users without key-account rights."""
        classification = self.env.ref(
            "key_account_mgmt.res_partner_action_kam_classification"
        )
        for user in (self.kam_user, self.kam_manager):
            Partner = self.env["res.partner"].with_user(user)
            views = Partner.get_views(
                [(view_id, mode) for view_id, mode in classification.views]
                + [(classification.search_view_id.id, "search")]
            )["views"]
            self.assertIn("industry_id", views["pivot"]["arch"])
            self.assertIn("kam_tier_id", views["pivot"]["arch"])
            search = views["search"]["arch"]
            for name in (
                "searchpanel",
                "grade_a",
                "segment_high_value",
                "segment_silent",
                "segment_at_risk",
                "archive_incomplete",
                "group_industry",
                "group_size",
            ):
                self.assertIn(name, search)
            form = views["form"]["arch"]
            for name in (
                "kam_duplicate_warning",
                "kam_value_grade",
                "kam_archive_completeness",
                "action_kam_confirm_archive",
            ):
                self.assertIn(name, form)
            self.env["kam.worksheet.line"].with_user(user).get_views([(False, "list")])
            # the list of the import's results, as the import opens it
            self.env["kam.worksheet.line"].with_user(user).search([])
        employee_form = (
            self.env["res.partner"]
            .with_user(self.employee)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("kam_duplicate_warning", employee_form)
        self.assertNotIn("kam_archive_completeness", employee_form)
        self.assertNotIn("kam_value_grade", employee_form)

        importer = self.env.ref("key_account_mgmt.kam_worksheet_line_action_import")
        self.assertEqual(importer.tag, "import")
        self.assertEqual(importer.params, {"active_model": "kam.worksheet.line"})
        export = self.env.ref(
            "key_account_mgmt.res_partner_action_kam_export_worksheet"
        )
        self.assertEqual(export.binding_model_id.model, "res.partner")
        self.assertIn(self.env.ref("key_account_mgmt.group_kam_user"), export.group_ids)
        menu = self.env.ref("key_account_mgmt.kam_worksheet_line_menu_import")
        self.assertIn(
            menu,
            self.env["ir.ui.menu"]
            .with_user(self.kam_user)
            .search([("id", "=", menu.id)]),
        )
        saved = (
            self.env["ir.filters"]
            .with_user(self.kam_user)
            .get_filters(
                "res.partner",
                action_id=self.env.ref(
                    "key_account_mgmt.res_partner_action_key_accounts"
                ).id,
            )
        )
        self.assertTrue(
            {"High Value (Grade A)", "Silent for 60 Days", "At Risk"}
            <= {f["name"] for f in saved}
        )
        settings = self.env["res.config.settings"].get_views([(False, "form")])
        self.assertIn("kam_duplicate_mode", settings["views"]["form"]["arch"])
