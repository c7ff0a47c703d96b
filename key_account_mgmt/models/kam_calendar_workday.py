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
        help="The day is worked with the hours of this weekday (by default its "
        "own weekday, Monday for a weekend day).",
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

    @api.onchange("date")
    def _onchange_date(self):
        for workday in self:
            if workday.date:
                workday.dayofweek = self._default_dayofweek(workday.date)

    @api.model
    def _default_dayofweek(self, day):
        day = fields.Date.to_date(day)
        weekday = day.weekday() if day else 0
        # a weekend day stands for a Monday unless told otherwise
        return str(weekday if weekday < 5 else 0)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not vals.get("dayofweek"):
                vals["dayofweek"] = self._default_dayofweek(vals.get("date"))
        return super().create(vals_list)

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
