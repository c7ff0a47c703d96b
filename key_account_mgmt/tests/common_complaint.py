from datetime import datetime

from odoo import Command

from .common import KamCommon


class KamComplaintCommon(KamCommon):
    """KamCommon plus working calendars and helpers for complaints.

    The Strategic tier of the accounts counts its targets (8 working hours to
    respond, 16 to resolve) on a Monday-Friday 9:00-18:00 calendar in UTC.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["kam.complaint"]
        cls.calendar_utc = cls._make_calendar("Mon-Fri 9-18 UTC", "UTC")
        cls.calendar_shanghai = cls._make_calendar(
            "Mon-Fri 9-18 Shanghai", "Asia/Shanghai"
        )
        cls.tier_strategic.write(
            {
                "resource_calendar_id": cls.calendar_utc.id,
                "first_response_hours": 8,
                "resolution_hours": 16,
            }
        )
        cls.tier_standard.write(
            {
                "resource_calendar_id": cls.calendar_utc.id,
                "first_response_hours": 16,
                "resolution_hours": 40,
            }
        )
        cls.category = cls.env["kam.complaint.category"].create(
            {"name": "Test Quality", "user_id": cls.kam_user2.id}
        )
        cls.env["ir.config_parameter"].sudo().set_param(
            "key_account_mgmt.complaint_at_risk_share", 25
        )

    @classmethod
    def _make_calendar(cls, name, tz):
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": tz,
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 18,
                            "day_period": "full_day",
                        }
                    )
                    for day in range(5)
                ],
            }
        )

    @classmethod
    def _holiday(cls, calendar, start, stop, name="Holiday"):
        return cls.env["resource.calendar.leaves"].create(
            {
                "name": name,
                "calendar_id": calendar.id,
                "date_from": start,
                "date_to": stop,
                "resource_id": False,
            }
        )

    def _complaint(self, received, partner=None, **vals):
        return self.Complaint.create(
            dict(
                {
                    "subject": "Broken parts",
                    "partner_id": (partner or self.account).id,
                    "date_received": received,
                },
                **vals,
            )
        )

    @staticmethod
    def dt(*args):
        return datetime(*args)
