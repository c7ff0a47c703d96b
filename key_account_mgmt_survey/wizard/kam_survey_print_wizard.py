from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


def _default_date_from(wizard):
    today = fields.Date.context_today(wizard)
    quarter_start = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    return quarter_start - relativedelta(months=3)


def _default_date_to(wizard):
    return _default_date_from(wizard) + relativedelta(months=3, days=-1)


class KamSurveyPrintWizard(models.TransientModel):
    _name = "kam.survey.print.wizard"
    _description = "Print the Satisfaction Report of a Period"

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=_default_date_to)
    account_ids = fields.Many2many(
        "res.partner",
        string="Key Accounts",
        domain=[("is_key_account", "=", True)],
        help="Leave empty for every key account you may read.",
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for wizard in self:
            if wizard.date_from > wizard.date_to:
                raise UserError(self.env._("The period must end after it starts."))

    def action_print(self):
        self.ensure_one()
        self._kam_check_report()
        return self.env.ref(
            "key_account_mgmt_survey.action_report_kam_satisfaction"
        ).report_action(self)

    def _kam_report_domain(self):
        domain = [("date", ">=", self.date_from), ("date", "<=", self.date_to)]
        if self.account_ids:
            domain.append(
                ("account_id", "in", self.account_ids.commercial_partner_id.ids)
            )
        return domain

    def _kam_report_data(self):
        """Figures of the period per account, as the current user may read
        them (the rows of the satisfaction analysis)."""
        self.ensure_one()
        Report = self.env["kam.survey.report"]
        domain = self._kam_report_domain()
        dimension_labels = dict(
            Report._fields["dimension"]._description_selection(self.env)
        )
        accounts = defaultdict(
            lambda: {
                "dimensions": [],
                "nps": None,
                "promoters": 0,
                "passives": 0,
                "detractors": 0,
                "answers": 0,
                "comments": [],
            }
        )
        totals = {"dimensions": {}, "nps": None, "answers": 0}
        for account, dimension, score, count in Report._read_group(
            domain + [("nps_category", "=", False)],
            groupby=["account_id", "dimension"],
            aggregates=["score:avg", "__count"],
        ):
            accounts[account]["dimensions"].append(
                {"label": dimension_labels[dimension], "score": score, "count": count}
            )
        for account, category, count in Report._read_group(
            domain + [("nps_category", "!=", False)],
            groupby=["account_id", "nps_category"],
            aggregates=["__count"],
        ):
            accounts[account][
                f"{category}s" if category != "passive" else "passives"
            ] = count
        for account, nps, answers in Report._read_group(
            domain,
            groupby=["account_id"],
            aggregates=["nps:avg", "user_input_id:count_distinct"],
        ):
            accounts[account]["nps"] = round(nps) if nps is not None else None
            accounts[account]["answers"] = answers
        for dimension, score in Report._read_group(
            domain + [("nps_category", "=", False)],
            groupby=["dimension"],
            aggregates=["score:avg"],
        ):
            totals["dimensions"][dimension_labels[dimension]] = score
        for nps, answers in Report._read_group(
            domain, aggregates=["nps:avg", "user_input_id:count_distinct"]
        ):
            totals["nps"] = round(nps) if nps is not None else None
            totals["answers"] = answers
        # Suggestions: the free-text answers of the same surveys.
        answer_ids = Report.search(domain).user_input_id.ids
        lines = self.env["survey.user_input.line"].search(
            [
                ("user_input_id", "in", answer_ids),
                ("answer_type", "=", "text_box"),
                ("skipped", "=", False),
            ]
        )
        for line in lines:
            account = line.user_input_id.kam_account_id
            if account in accounts:
                accounts[account]["comments"].append(
                    {
                        "question": line.question_id.title,
                        "text": line.value_text_box,
                        "contact": line.user_input_id.partner_id.name,
                    }
                )
        rows = [
            dict(values, account=account)
            for account, values in sorted(
                accounts.items(), key=lambda item: item[0].display_name
            )
        ]
        return {"accounts": rows, "totals": totals}

    def _kam_check_report(self):
        if not self.env["kam.survey.report"].search_count(self._kam_report_domain()):
            raise UserError(self.env._("No survey answer in this period."))
