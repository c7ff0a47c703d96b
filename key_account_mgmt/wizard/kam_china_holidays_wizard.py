from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


class KamChinaHolidaysWizard(models.TransientModel):
    _name = "kam.china.holidays.wizard"
    _description = "Load China's Public Holidays"

    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        ondelete="cascade",
        default=lambda self: self.env.company.resource_calendar_id,
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year
    )

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not 2000 <= wizard.year <= 2100:
                raise ValidationError(
                    self.env._("Choose a year between 2000 and 2100.")
                )

    def action_load(self):
        self.ensure_one()
        if not (
            self.env.user.has_group("key_account_mgmt.group_kam_manager")
            or self.env.user.has_group("base.group_system")
        ):
            raise AccessError(
                self.env._("Only key-account managers can load public holidays.")
            )
        holidays, workdays = self.calendar_id.sudo()._kam_load_china_holidays(self.year)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("China's holidays loaded"),
                "message": self.env._(
                    "%(calendar)s, %(year)s: %(holidays)s public holidays and "
                    "%(workdays)s adjusted working days.",
                    calendar=self.calendar_id.display_name,
                    year=self.year,
                    holidays=holidays,
                    workdays=workdays,
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
