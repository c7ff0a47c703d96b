from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.kam_normalize import (
    kam_code_key,
    kam_email_key,
    kam_halfwidth,
    kam_name_key,
    kam_phone_key,
)
from ..models.kam_write_guard import KAM_ENGINE
from .kam_worksheet_parse import (
    address_vals,
    changed_values,
    guess_channel,
    leading_date,
    parse_dated_text,
    parse_grade,
)

# The columns of the worksheet, in the order of the templates and the export.
KAM_WORKSHEET_COLUMNS = (
    "contact_name",
    "company_name",
    "function",
    "phone",
    "email",
    "address",
    "interaction",
    "purchase",
    "feedback",
    "industry",
    "grade",
    "manager",
    "company_registry",
    "vat",
)


class KamWorksheetBatchError(Exception):
    """A row of a batch failed: Odoo's import then retries the rows one by one
    and reports each bad row with its own line number (a UserError raised for
    the batch would also be reported once more, against the batch's first
    row)."""


class KamWorksheetLine(models.TransientModel):
    """One row of a customer worksheet (客户管理工作表), imported with Odoo's
    import screen (base_import): creating the row applies it to the partners.

    The field labels are the column headers in English and (translated) in
    Chinese; saved column mappings (data) accept the usual variants. Rows are
    applied one by one: a bad row raises a clear error, which the import
    reports with its line number; Odoo's "Test" rolls everything back.
    Applying a row twice changes nothing the second time.
    """

    _name = "kam.worksheet.line"
    _description = "Customer Worksheet Row"
    _rec_name = "contact_name"
    _transient_max_hours = 24

    contact_name = fields.Char()
    company_name = fields.Char(string="Company")
    function = fields.Char(string="Job Position")
    phone = fields.Char()
    email = fields.Char(string="Email Address")
    address = fields.Char(string="City/Address")
    interaction = fields.Char(string="Interaction Record")
    purchase = fields.Char(string="Purchase History")
    feedback = fields.Text(string="Customer Feedback")
    industry = fields.Char()
    grade = fields.Char(string="Customer Grade")
    manager = fields.Char(string="Account Manager")
    company_registry = fields.Char()
    vat = fields.Char(string="Tax ID")
    # What the row became.
    account_id = fields.Many2one("res.partner", readonly=True, ondelete="cascade")
    contact_id = fields.Many2one("res.partner", readonly=True, ondelete="cascade")
    result = fields.Char(readonly=True)

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Customer worksheet (English headers)"),
                "template": "/key_account_mgmt/static/xls/kam_worksheet_en.xlsx",
            },
            {
                "label": self.env._("Customer worksheet (Chinese headers, 中文表头)"),
                "template": "/key_account_mgmt/static/xls/kam_worksheet_zh_CN.xlsx",
            },
        ]

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        for line in lines:
            try:
                line._kam_apply()
            except UserError as error:
                if len(lines) > 1 and self.env.context.get("import_file"):
                    raise KamWorksheetBatchError(str(error)) from error
                raise
        return lines

    @api.model
    def _kam_label(self, fname):
        """Column header of a field, in the user's language."""
        return self.fields_get([fname], ["string"])[fname]["string"]

    def _kam_find_manager(self):
        name = kam_halfwidth(self.manager)
        if not name:
            return self.env["res.users"]
        group = self.env.ref("key_account_mgmt.group_kam_user")
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", False),
                    ("all_group_ids", "in", group.ids),
                    "|",
                    ("name", "=ilike", name),
                    ("login", "=ilike", name),
                ],
                limit=2,
            )
        )
        if len(users) != 1:
            raise UserError(
                self.env._(
                    "Unknown account manager “%(manager)s”: give the name or login "
                    "of a key-account user.",
                    manager=self.manager,
                )
                if not users
                else self.env._(
                    "Several users are called “%(manager)s”: give the login instead.",
                    manager=self.manager,
                )
            )
        return users.with_env(self.env)

    def _kam_find_industry(self):
        name = (self.industry or "").strip()
        if not name:
            return self.env["res.partner.industry"]
        Industry = self.env["res.partner.industry"]
        domain = ["|", ("name", "=ilike", name), ("full_name", "=ilike", name)]
        industry = Industry.search(domain, limit=1) or Industry.with_context(
            lang="en_US"
        ).search(domain, limit=1)
        if not industry:
            # Industries are shared master data that only administrators
            # create: a new one named in a worksheet is added for the user.
            industry = Industry.sudo().create({"name": name})
        return industry.with_env(self.env)

    # ------------------------------------------------------------------
    # Applying a row
    # ------------------------------------------------------------------
    def _kam_search_partners(self, domain):
        """Partners matching a domain on the (technical) duplicate keys, among
        those the user may read."""
        ids = self.env["res.partner"].sudo().search(domain).ids
        return self.env["res.partner"].search([("id", "in", ids)]) if ids else ids

    def _kam_find_company(self):
        Partner = self.env["res.partner"]
        codes = {kam_code_key(self.company_registry), kam_code_key(self.vat)} - {False}
        found = Partner
        if codes:
            found = (
                self._kam_search_partners(
                    [
                        "|",
                        ("kam_dup_registry_key", "in", list(codes)),
                        ("kam_dup_vat_key", "in", list(codes)),
                        "|",
                        ("is_company", "=", True),
                        ("parent_id", "=", False),
                    ]
                )
                or Partner
            )
        name_key = kam_name_key(self.company_name)
        if not found and name_key:
            found = (
                self._kam_search_partners(
                    [("kam_dup_name_key", "=", name_key), ("is_company", "=", True)]
                )
                or Partner
            )
        found = found.commercial_partner_id
        if len(found) > 1:
            raise UserError(
                self.env._(
                    "Two companies match “%(company)s”: %(names)s. Give its company "
                    "registry or tax ID, or merge them first.",
                    company=self.company_name or self.company_registry or self.vat,
                    names=", ".join(found.mapped("display_name")),
                )
            )
        return found

    def _kam_apply(self):
        """Apply the row; raise a UserError that says why it cannot be."""
        self.ensure_one()
        Partner = self.env["res.partner"]
        contact_name = (self.contact_name or "").strip()
        company_name = (self.company_name or "").strip()
        if not contact_name and not company_name:
            raise UserError(self.env._("The row has neither a name nor a company."))
        email = kam_halfwidth(self.email)
        if email and not kam_email_key(email):
            raise UserError(
                self.env._("“%(email)s” is not an e-mail address.", email=self.email)
            )
        grade = parse_grade(self.env, self.grade)
        interaction_date, interaction_text = parse_dated_text(
            self.env, self.interaction, self._kam_label("interaction")
        )
        if self.interaction and not interaction_date:
            raise UserError(
                self.env._(
                    "%(column)s: the record must start with its date, e.g. "
                    "“2023-01-01 电话联系，了解需求”.",
                    column=self._kam_label("interaction"),
                )
            )
        purchase_date = parse_dated_text(
            self.env, self.purchase, self._kam_label("purchase")
        )[0]
        manager = self._kam_find_manager()
        industry = self._kam_find_industry()

        # The company: found by registry, tax ID or name, else created.
        company = Partner
        if company_name or self.company_registry or self.vat:
            company = self._kam_find_company()
            company_vals = {
                "company_registry": kam_halfwidth(self.company_registry),
                "vat": kam_halfwidth(self.vat),
                "industry_id": industry.id,
                **address_vals(self.address),
            }
            if not company:
                company = Partner.create(
                    {
                        "name": company_name or self.company_registry or self.vat,
                        "is_company": True,
                        **{k: v for k, v in company_vals.items() if v},
                    }
                )
            elif changed := changed_values(company, company_vals):
                company.write(changed)

        # The contact: found in the company by e-mail, phone or name.
        contact = Partner
        if contact_name:
            contact_vals = {
                "function": (self.function or "").strip(),
                "phone": kam_halfwidth(self.phone),
                "email": email,
            }
            contact = self._kam_find_contact(company, contact_name, email)
            if not contact:
                contact = Partner.create(
                    {
                        "name": contact_name,
                        "parent_id": company.id,
                        "type": "contact",
                        **{k: v for k, v in contact_vals.items() if v},
                        **(
                            {}
                            if company
                            else {
                                **address_vals(self.address),
                                **({"industry_id": industry.id} if industry else {}),
                            }
                        ),
                    }
                )
            else:
                if not company:
                    contact_vals.update(address_vals(self.address))
                    contact_vals["industry_id"] = industry.id
                if changed := changed_values(contact, contact_vals):
                    contact.write(changed)
        elif company:
            if changed := changed_values(
                company, {"phone": kam_halfwidth(self.phone), "email": email}
            ):
                company.write(changed)
        account = (company or contact).commercial_partner_id
        notes = []

        # Key account, manager and grade.
        account_vals = {}
        if manager:
            if not account.is_key_account:
                tier = self.env["kam.tier"].search(
                    [], order="sequence desc, id desc", limit=1
                )
                account_vals.update(is_key_account=True, kam_tier_id=tier.id)
            account_vals["kam_manager_id"] = manager.id
        # The grade of the worksheet, unless the engine grades the accounts
        # (by revenue, with the Sales bridge).
        if grade and account._kam_guarded_fields().get("kam_value_grade") != KAM_ENGINE:
            account_vals["kam_value_grade"] = grade
        if changed := changed_values(account, account_vals):
            account.write(changed)

        # The last interaction, when it is not older than the account's
        # (interactions are logged on key accounts only).
        if interaction_date and account.is_key_account:
            last = account.kam_last_interaction_date
            Interaction = self.env["kam.interaction"]
            exists = Interaction.sudo().search_count(
                [
                    ("partner_id", "=", account.id),
                    ("date", "=", interaction_date),
                    ("summary", "=", interaction_text),
                ],
                limit=1,
            )
            if not exists and (not last or interaction_date >= last):
                Interaction.create(
                    {
                        "partner_id": account.id,
                        "contact_id": contact.id if contact != account else False,
                        "date": interaction_date,
                        "summary": interaction_text or self.interaction.strip(),
                        "channel": guess_channel(interaction_text),
                    }
                )
                notes.append("interaction")

        # The last purchase, kept as text on the account (the latest one).
        purchase = (self.purchase or "").strip()
        stored = account.kam_last_purchase
        if purchase and purchase != stored:
            stored_date = leading_date(stored)
            if not stored or (
                purchase_date and (not stored_date or purchase_date > stored_date)
            ):
                account.write({"kam_last_purchase": purchase})

        # The feedback: kept on the row's person, noted in the account's chatter.
        feedback = (self.feedback or "").strip()
        person = contact or account
        if feedback and feedback != (person.kam_worksheet_feedback or "").strip():
            person.write({"kam_worksheet_feedback": feedback})
            account.message_post(
                body=Markup("<p><b>%s</b></p><p>%s</p>")
                % (
                    self.env._("Customer feedback (%(person)s)", person=person.name),
                    feedback,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )._kam_restrict()
            notes.append("feedback")
        self.write(
            {
                "account_id": account.id,
                "contact_id": contact.id,
                "result": ", ".join(notes),
            }
        )

    def _kam_find_contact(self, company, name, email):
        Partner = self.env["res.partner"]
        base = (
            [("parent_id", "=", company.id)]
            if company
            else [
                ("parent_id", "=", False),
                ("is_company", "=", False),
            ]
        )
        if email:
            found = Partner.search(base + [("email", "=ilike", email)], limit=2)
            if found:
                return found[:1]
        phone_key = kam_phone_key(self.phone)
        if phone_key:
            found = self._kam_search_partners(
                base + [("kam_dup_phone_key", "=", phone_key)]
            )
            if found:
                return found[:1]
        return Partner.search(base + [("name", "=", name)], limit=1)
