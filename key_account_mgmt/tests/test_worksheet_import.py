from odoo.addons.key_account_mgmt.wizard.kam_worksheet_line import (
    KAM_WORKSHEET_COLUMNS,
)
from odoo.tests import tagged
from odoo.tools.misc import file_open

from .common_worksheet import HEADERS_EN, KamWorksheetCommon

# Columns in an order of their own, as a team's sheet has them.
SHEET_COLUMNS = [
    "company_name",
    "contact_name",
    "grade",
    "phone",
    "email",
    "function",
    "address",
    "industry",
    "interaction",
    "purchase",
    "feedback",
    "manager",
]


@tagged("post_install", "-at_install")
class TestWorksheetImport(KamWorksheetCommon):
    def _rows(self):
        return [
            {
                "contact_name": "张三",
                "company_name": "上海某某科技有限公司",
                "function": "采购经理",
                "phone": "+86 138 0013 8000",
                "email": "zhangsan@mouke-tech.cn",
                "address": "上海",
                "interaction": "2023-01-01 电话联系，了解需求",
                "purchase": "2022-12-01 购买产品A，1000元",
                "feedback": "希望加快交货",
                "industry": "Robotics",
                "grade": "A类",
                "manager": "kam_user",
            },
            {
                # the same company, written with a space and full-width text
                "contact_name": "李四",
                "company_name": "上海某某科技 有限公司",
                "function": "技术总监",
                "phone": "13900139000",
                "email": "ＬＩＳＩ＠mouke-tech.cn",
                "address": "上海",
                "interaction": "２０２３－０２－０１ 微信沟通，确认方案",
                "purchase": "2022-12-01 购买产品A，1000元",
                "industry": "Robotics",
                "grade": "a",
                "manager": "kam_user",
            },
            {
                "contact_name": "王五",
                "company_name": "北京远航贸易有限公司",
                "function": "总经理",
                "phone": "１３７ ００１３ ７０００",
                "email": "wangwu@yuanhang-trade.cn",
                "address": "北京",
                "interaction": "2023/3/5：拜访客户",
                "feedback": "价格敏感",
                "grade": "B",
                "manager": "Other Account Manager",
            },
        ]

    def _snapshot(self):
        Partner = self.env["res.partner"].with_context(active_test=False)
        return {
            "partners": Partner.search_count([]),
            "interactions": self.env["kam.interaction"].search_count([]),
            "messages": self.env["mail.message"].search_count(
                [("model", "=", "res.partner"), ("message_type", "=", "comment")]
            ),
            "industries": self.env["res.partner.industry"].search_count([]),
            "write_dates": sorted(
                Partner.search([("write_date", "!=", False)]).mapped(
                    lambda p: (p.id, p.write_date)
                )
            ),
        }

    def test_templates_map_every_column(self):
        """Both shipped templates are offered on the import screen and map
        every column by themselves, for a user in English."""
        templates = self.env["kam.worksheet.line"].get_import_templates()
        self.assertEqual(
            [t["template"] for t in templates],
            [
                "/key_account_mgmt/static/xls/kam_worksheet_en.xlsx",
                "/key_account_mgmt/static/xls/kam_worksheet_zh_CN.xlsx",
            ],
        )
        for template in templates:
            path = template["template"].lstrip("/")
            with file_open(path, "rb") as file:
                content = file.read()
            _wizard, preview = self.preview(content, self.kam_user)
            self.assertFalse(preview.get("error"))
            matched = [
                preview["matches"].get(index, [False])[0]
                for index in range(len(preview["headers"]))
            ]
            self.assertEqual(matched, list(KAM_WORKSHEET_COLUMNS), path)

    def test_import_worksheet(self):
        """A worksheet with Chinese headers in its own order, full-width
        text and A类/a/B grades lands on the right companies, contacts,
        interactions, notes and grades; a second import changes nothing."""
        content = self.make_xlsx(SHEET_COLUMNS, self._rows())
        result = self.import_worksheet(content, self.kam_manager)
        self.assertFalse(result["messages"], result["messages"])
        Partner = self.env["res.partner"]
        shanghai = Partner.search([("name", "=", "上海某某科技有限公司")])
        beijing = Partner.search([("name", "=", "北京远航贸易有限公司")])
        self.assertEqual(len(shanghai), 1)
        self.assertEqual(len(beijing), 1)
        self.assertFalse(Partner.search([("name", "=", "上海某某科技 有限公司")]))
        self.assertTrue(shanghai.is_company and shanghai.is_key_account)
        self.assertEqual(shanghai.kam_manager_id, self.kam_user)
        self.assertEqual(beijing.kam_manager_id, self.kam_user2)
        self.assertEqual(shanghai.kam_value_grade, "A")
        self.assertEqual(beijing.kam_value_grade, "B")
        self.assertEqual(shanghai.industry_id, self.industry)
        self.assertEqual(shanghai.city, "上海")
        self.assertEqual(
            sorted(shanghai.child_ids.mapped("name")), sorted(["张三", "李四"])
        )
        zhang = shanghai.child_ids.filtered(lambda c: c.name == "张三")
        self.assertEqual(zhang.function, "采购经理")
        self.assertEqual(zhang.phone, "+86 138 0013 8000")
        self.assertEqual(
            shanghai.child_ids.filtered(lambda c: c.name == "李四").email,
            "LISI@mouke-tech.cn",
        )
        self.assertEqual(beijing.child_ids.phone, "137 0013 7000")
        interactions = self.env["kam.interaction"].search(
            [("partner_id", "in", (shanghai | beijing).ids)], order="date"
        )
        self.assertEqual(
            [
                (str(i.date), i.summary, i.channel, i.contact_id.name)
                for i in interactions
            ],
            [
                ("2023-01-01", "电话联系，了解需求", "phone", "张三"),
                ("2023-02-01", "微信沟通，确认方案", "wechat", "李四"),
                ("2023-03-05", "拜访客户", "visit", "王五"),
            ],
        )
        self.assertEqual(str(shanghai.kam_last_interaction_date), "2023-02-01")
        self.assertEqual(shanghai.kam_last_purchase, "2022-12-01 购买产品A，1000元")
        notes = self.env["mail.message"].search(
            [
                ("model", "=", "res.partner"),
                ("res_id", "=", shanghai.id),
                ("message_type", "=", "comment"),
            ]
        )
        self.assertEqual(len(notes), 1)
        self.assertIn("希望加快交货", notes.body)
        self.assertTrue(notes.subtype_id.internal)

        before = self._snapshot()
        result = self.import_worksheet(content, self.kam_manager)
        self.assertFalse(result["messages"], result["messages"])
        self.env.flush_all()
        self.assertEqual(self._snapshot(), before)

    def test_older_interaction_not_logged(self):
        """An interaction older than the account's last one is not logged."""
        rows = self._rows()[:1]
        self.import_worksheet(self.make_xlsx(SHEET_COLUMNS, rows), self.kam_manager)
        rows[0]["interaction"] = "2022-06-01 电话联系"
        self.import_worksheet(self.make_xlsx(SHEET_COLUMNS, rows), self.kam_manager)
        account = self.env["res.partner"].search(
            [("name", "=", "上海某某科技有限公司")]
        )
        self.assertEqual(
            self.env["kam.interaction"].search_count([("partner_id", "=", account.id)]),
            1,
        )

    def test_dry_run_reports_bad_rows(self):
        """Odoo's Test reports every bad row with its line and reason, and
        writes nothing, not even the good rows."""
        Partner = self.env["res.partner"]
        Partner.create([{"name": "重复公司有限公司", "is_company": True}])
        Partner.create([{"name": "重复公司", "is_company": True}])
        good = self._rows()[0]
        rows = [
            good,
            dict(good, contact_name="赵六", manager="nobody_known"),
            dict(good, contact_name="钱七", interaction="2023-13-45 电话联系"),
            dict(good, contact_name="孙八", company_name="重复公司 股份有限公司"),
            dict(good, contact_name="周九", grade="D类"),
        ]
        before = self._snapshot()
        result = self.import_worksheet(
            self.make_xlsx(SHEET_COLUMNS, rows), self.kam_manager, dryrun=True
        )
        self.env.flush_all()
        self.assertEqual(self._snapshot(), before)
        errors = {
            message["rows"]["from"]: message["message"]
            for message in result["messages"]
            if message["type"] == "error" and message.get("rows")
        }
        self.assertEqual(sorted(errors), [1, 2, 3, 4], result["messages"])
        self.assertIn("nobody_known", errors[1])
        self.assertIn("bad date", errors[2])
        self.assertIn("Two companies match", errors[3])
        self.assertIn("D类", errors[4])
        self.assertFalse(Partner.search([("name", "=", "上海某某科技有限公司")]))

    def test_import_as_key_account_user(self):
        """A key-account user imports contacts and grades; making a key
        account (a manager column for a new company) is refused on that row."""
        rows = self._rows()
        rows[0]["manager"] = ""
        rows[1]["manager"] = ""
        columns = [c for c in SHEET_COLUMNS if c != "manager"] + ["manager"]
        result = self.import_worksheet(
            self.make_xlsx(columns, rows), self.kam_user, dryrun=True
        )
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertEqual([m["rows"]["from"] for m in errors], [2], errors)
        result = self.import_worksheet(self.make_xlsx(columns, rows[:2]), self.kam_user)
        self.assertFalse(result["messages"], result["messages"])
        account = self.env["res.partner"].search(
            [("name", "=", "上海某某科技有限公司")]
        )
        self.assertFalse(account.is_key_account)
        self.assertEqual(account.kam_value_grade, "A")
        self.assertEqual(len(account.child_ids), 2)

    def test_english_headers(self):
        """The same worksheet with English headers imports the same way."""
        content = self.make_xlsx(SHEET_COLUMNS, self._rows()[:1], headers=HEADERS_EN)
        result = self.import_worksheet(content, self.kam_manager)
        self.assertFalse(result["messages"], result["messages"])
        self.assertEqual(
            self.env["res.partner"]
            .search([("name", "=", "上海某某科技有限公司")])
            .child_ids.name,
            "张三",
        )

    def test_person_without_company(self):
        """A row without company is a person who is the account; importing it
        again finds the person by phone."""
        rows = [
            {
                "contact_name": "赵敏",
                "phone": "+86 139 1234 5678",
                "address": "杭州",
                "interaction": "2024-01-02 电话回访",
                "industry": "Robotics",
                "grade": "C类",
                "manager": self.kam_user.name,
            }
        ]
        columns = [
            "contact_name",
            "phone",
            "address",
            "interaction",
            "industry",
            "grade",
            "manager",
        ]
        for _run in range(2):
            result = self.import_worksheet(
                self.make_xlsx(columns, rows), self.kam_manager
            )
            self.assertFalse(result["messages"], result["messages"])
        person = self.env["res.partner"].search([("name", "=", "赵敏")])
        self.assertEqual(len(person), 1)
        self.assertFalse(person.parent_id)
        self.assertEqual(person.city, "杭州")
        self.assertEqual(person.industry_id, self.industry)
        self.assertEqual(person.kam_value_grade, "C")
        self.assertEqual(
            self.env["kam.interaction"].search_count([("partner_id", "=", person.id)]),
            1,
        )
