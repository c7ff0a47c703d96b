"""Every window action of the Key Accounts addons opens for the role that has
its menu: its views load and the grouped reads that the web client runs by
default (pivot, graph, list totals, kanban columns) succeed.

A Monetary measure whose currency field is not stored has no aggregator in
``fields_get``: the browser then crashes on the pivot ("No aggregate function
has been provided for the measure"). The test checks the aggregator of every
measure, as the web client needs it.
"""

from lxml import etree

from odoo import fields
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

from .common import KamCommon

KAM_ADDONS = ("key_account_mgmt", "key_account_mgmt_sale")
GROUPED_VIEW_TYPES = ("pivot", "graph", "list", "kanban")


@tagged("post_install", "-at_install")
class TestUiActions(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = new_test_user(
            cls.env,
            login="kam_test_admin",
            groups="base.group_system,key_account_mgmt.group_kam_manager",
            name="Key Account Administrator",
        )
        # From the least to the most privileged.
        cls.roles = [cls.employee, cls.kam_user, cls.kam_manager, cls.admin]

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _kam_actions(self):
        data = self.env["ir.model.data"].search(
            [("model", "=", "ir.actions.act_window"), ("module", "in", KAM_ADDONS)]
        )
        return self.env["ir.actions.act_window"].browse(data.mapped("res_id"))

    def _menu_visible(self, menu, visible_ids):
        while menu:
            if menu.id not in visible_ids:
                return False
            menu = menu.parent_id
        return True

    def _role_for(self, action):
        """The least-privileged role that can open the action: through a menu
        when the action has one, otherwise by its groups and model access."""
        menus = self.env["ir.ui.menu"].search(
            [("action", "=", f"ir.actions.act_window,{action.id}")]
        )
        for user in self.roles:
            if menus:
                visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                if any(self._menu_visible(menu, visible) for menu in menus):
                    return user
            elif (
                not action.group_ids or action.group_ids & user.all_group_ids
            ) and self.env[action.res_model].with_user(user).has_access("read"):
                return user
        return self.env["res.users"]

    def _eval_context(self, user, context=None):
        return {
            "uid": user.id,
            "user": user,
            "context": context or {},
            "context_today": lambda: fields.Date.context_today(user),
            "datetime": datetime,
            "dateutil": dateutil,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "time": time,
            "allowed_company_ids": user.company_ids.ids,
            "active_id": False,
            "active_ids": [],
        }

    def _default_search(self, user, search_arch, context):
        """Domain and group-bys of the search view's default filters."""
        domain, groupby = [], []
        root = etree.fromstring(search_arch)
        for node in root.iter("filter"):
            if not context.get(f"search_default_{node.get('name')}"):
                continue
            if node.get("domain"):
                domain += safe_eval(node.get("domain"), self._eval_context(user))
            if node.get("context"):
                filter_context = safe_eval(
                    node.get("context"), self._eval_context(user)
                )
                if filter_context.get("group_by"):
                    groupby.append(filter_context["group_by"])
        return domain, groupby

    def _aggregate(self, fields_info, fname, view, label):
        if fname == "__count":
            return "__count"
        aggregator = fields_info[fname].get("aggregator")
        self.assertTrue(
            aggregator,
            f"{label}: the measure {fname} of the {view} view has no aggregator "
            "(the browser cannot sum it)",
        )
        return f"{fname}:{aggregator}"

    def _grouped_reads(self, arch, view_type, context):
        """(groupby, measures) of the default grouped read of a view."""
        root = etree.fromstring(arch)
        nodes = list(root.iter("field"))
        if view_type == "pivot":
            rows = context.get("pivot_row_groupby") or [
                n.get("name") for n in nodes if n.get("type") == "row"
            ]
            cols = context.get("pivot_column_groupby") or [
                n.get("name") for n in nodes if n.get("type") == "col"
            ]
            measures = context.get("pivot_measures") or [
                n.get("name") for n in nodes if n.get("type") == "measure"
            ]
            return [rows[:1] + cols[:1], rows[:1]], measures or ["__count"]
        if view_type == "graph":
            groupbys = context.get("graph_groupbys") or [
                n.get("name") for n in nodes if n.get("type") != "measure"
            ]
            measure = context.get("graph_measure") or next(
                (n.get("name") for n in nodes if n.get("type") == "measure"),
                "__count",
            )
            return [groupbys[:2]], [measure]
        if view_type == "list":
            measures = [
                n.get("name")
                for n in root.findall("field")
                if n.get("sum") or n.get("avg") or n.get("aggregator")
            ]
            return [[]], measures
        # kanban: its columns and their progress bars
        group_by = root.get("default_group_by")
        measures = [
            n.get("sum_field") for n in root.iter("progressbar") if n.get("sum_field")
        ]
        return ([[group_by]] if group_by else []), measures

    # ------------------------------------------------------------------
    # Tests
    # ------------------------------------------------------------------
    def test_every_action_opens_for_its_role(self):
        actions = self._kam_actions()
        self.assertGreaterEqual(len(actions), 15)
        for action in actions:
            label = action.get_external_id()[action.id]
            with self.subTest(action=label):
                user = self._role_for(action)
                self.assertTrue(user, f"{label}: no role can open it")
                context = safe_eval(
                    action.context or "{}", self._eval_context(user, {})
                )
                Model = (
                    self.env[action.res_model].with_user(user).with_context(**context)
                )
                views = [(view_id or False, mode) for view_id, mode in action.views]
                views.append((action.search_view_id.id or False, "search"))
                result = Model.get_views(views, {"load_filters": True})
                fields_info = result["models"][action.res_model]["fields"]
                domain = safe_eval(action.domain or "[]", self._eval_context(user))
                search_domain, search_groupby = self._default_search(
                    user, result["views"]["search"]["arch"], context
                )
                domain = domain + search_domain
                context_groupby = context.get("group_by") or search_groupby
                if isinstance(context_groupby, str):
                    context_groupby = [context_groupby]
                for _view_id, mode in action.views:
                    if mode not in GROUPED_VIEW_TYPES:
                        continue
                    arch = result["views"][mode]["arch"]
                    groupbys, measures = self._grouped_reads(arch, mode, context)
                    if mode in ("list", "kanban") and context_groupby:
                        groupbys = [context_groupby[:1]]
                    aggregates = [
                        self._aggregate(fields_info, fname, mode, label)
                        for fname in measures
                    ] + ["__count"]
                    for groupby in groupbys:
                        # The web client groups dates by month by default.
                        groupby = [
                            f"{spec}:month"
                            if ":" not in spec
                            and fields_info[spec]["type"] in ("date", "datetime")
                            else spec
                            for spec in groupby
                        ]
                        Model.formatted_read_group(domain, groupby, aggregates)
                        if groupby and mode in ("list", "kanban"):
                            Model.web_read_group(domain, groupby, aggregates)

    def test_role_of_reporting_actions(self):
        """The reports are opened as a key-account manager, the accounts as an
        account manager: the test above really acts as them."""
        overview = self.env.ref("key_account_mgmt.res_partner_action_kam_overview")
        analysis = self.env.ref("key_account_mgmt.kam_complaint_report_action")
        settings = self.env.ref("key_account_mgmt.kam_config_settings_action")
        self.assertEqual(self._role_for(overview), self.kam_user)
        self.assertEqual(self._role_for(analysis), self.kam_manager)
        self.assertEqual(self._role_for(settings), self.admin)
