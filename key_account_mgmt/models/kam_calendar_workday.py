from odoo import api, fields, models

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class KamCalendarWorkday(models.Model):
    """A day off the usual week that is worked (调休).

    China moves working days around its public holidays: a weekend day is
    worked to make a bridge day off. The service-level deadlines count such a
    day with the working hours of the weekday it stands for.
    """

    _name = "kam.calendar.workday"
    _description = "Adjusted Working Day"
    _order = "date desc, id"

    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        index=True,
        ondelete="cascade",
    )
    date = fields.Date(required=True)
    name = fields.Char(string="Reason", translate=False)
    dayofweek = fields.Selection(
        WEEKDAYS,
        string="Worked As",
        required=True,
        compute="_compute_dayofweek",
        store=True,
        readonly=False,
        help="The day is worked with the hours of this weekday.",
    )
    holiday_key = fields.Char(
        string="Loaded From",
        readonly=True,
        copy=False,
        help="Technical: set on days loaded from a public-holiday calendar, so "
        "that loading the year again updates them.",
    )
    company_id = fields.Many2one(related="calendar_id.company_id", store=True)

    _calendar_date_uniq = models.Constraint(
        "UNIQUE(calendar_id, date)",
        "A day can be an adjusted working day only once per calendar.",
    )

    @api.depends("date")
    def _compute_dayofweek(self):
        for workday in self:
            if workday.dayofweek:
                continue
            weekday = workday.date.weekday() if workday.date else 0
            # a weekend day stands for a Monday unless told otherwise
            workday.dayofweek = str(weekday if weekday < 5 else 0)

    @api.depends("date", "name")
    def _compute_display_name(self):
        for workday in self:
            workday.display_name = " ".join(
                part for part in (str(workday.date or ""), workday.name or "") if part
            )


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    kam_holiday_key = fields.Char(
        string="Public Holiday Key",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Technical: set on holidays loaded from a public-holiday calendar, "
        "so that loading the year again updates them.",
    )
