from odoo import fields

from .common import KamCommon


class KamRhythmCommon(KamCommon):
    """KamCommon plus helpers for interactions, activities and scores."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Partner = cls.env["res.partner"]
        cls.Interaction = cls.env["kam.interaction"]
        cls.revisit_type = cls.env.ref(
            "key_account_mgmt.mail_activity_type_kam_revisit"
        )
        cls.churn_type = cls.env.ref(
            "key_account_mgmt.mail_activity_type_kam_churn_risk"
        )
        cls.call_type = cls.env.ref("mail.mail_activity_data_call")
        cls.visit_type = cls.env.ref("key_account_mgmt.mail_activity_type_kam_visit")
        cls.todo_type = cls.env.ref("mail.mail_activity_data_todo")

    @classmethod
    def _make_account(cls, name, tier, manager, since, **vals):
        account = cls.env["res.partner"].create(
            dict(
                {
                    "name": name,
                    "is_company": True,
                    "is_key_account": True,
                    "kam_tier_id": tier.id,
                    "kam_manager_id": manager.id,
                    "kam_since": since,
                },
                **vals,
            )
        )
        return account

    def _log(self, account, date, channel="phone", **vals):
        return self.Interaction.create(
            dict(
                {
                    "partner_id": account.id,
                    "date": date,
                    "channel": channel,
                    "summary": f"Contact on {date}",
                },
                **vals,
            )
        )

    def _activities(self, partner, activity_type):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partner.ids),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    @staticmethod
    def _date(value):
        return fields.Date.to_date(value)
