import re
from datetime import date

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
# "2023-01-01 电话联系", "2023/1/1：电话联系", "２０２３年１月１日 电话联系"
# (full-width digits and punctuation too).
_DATED_TEXT = re.compile(
    r"^\s*(?P<y>\d{4})\s*[-/.－／．年]\s*(?P<m>\d{1,2})\s*[-/.－／．月]\s*"
    r"(?P<d>\d{1,2})\s*日?(?:[ T]\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
    r"\s*[,;:，；：、]?\s*(?P<text>.*)$",
    re.DOTALL,
)
_GRADE_NOISE = re.compile(r"(类|類|级|級|等|客户|CLASS|GRADE|LEVEL|\s)", re.IGNORECASE)
# Words of an interaction that tell its channel.
_CHANNEL_WORDS = (
    ("wechat", ("微信", "wechat")),
    ("email", ("邮件", "邮箱", "e-mail", "email", "mail")),
    ("visit", ("拜访", "上门", "走访", "visit")),
    ("meeting", ("会议", "会谈", "见面", "开会", "meeting")),
    ("phone", ("电话", "致电", "来电", "通话", "phone", "call")),
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

    # ------------------------------------------------------------------
    # Parsing
    # ------------------------------------------------------------------
    @api.model
    def _kam_parse_dated_text(self, value, column):
        """(date, text) of a "2023-01-01 电话联系" cell; (None, text) if undated."""
        text = (value or "").strip()
        if not text:
            return None, ""
        match = _DATED_TEXT.match(text)
        if not match:
            if re.match(r"^\s*\d", text):
                raise UserError(
                    self.env._(
                        "%(column)s: bad date in “%(value)s” (write it as "
                        "2023-01-01 followed by the text).",
                        column=column,
                        value=text,
                    )
                )
            return None, text
        try:
            day = date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            raise UserError(
                self.env._(
                    "%(column)s: bad date in “%(value)s”.", column=column, value=text
                )
            ) from None
        return day, match["text"].strip()

    @api.model
    def _kam_label(self, fname):
        """Column header of a field, in the user's language."""
        return self.fields_get([fname], ["string"])[fname]["string"]

    @api.model
    def _kam_leading_date(self, text):
        """Date a text starts with, or None (never raises)."""
        match = _DATED_TEXT.match(text or "")
        if not match:
            return None
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"]))
        except ValueError:
            return None

    @api.model
    def _kam_parse_grade(self, value):
        text = _GRADE_NOISE.sub("", kam_halfwidth(value)).upper()
        if not text:
            return False
        if text not in ("A", "B", "C"):
            raise UserError(
                self.env._(
                    "Unknown customer grade “%(grade)s”: use A, B or C "
                    "(A类, B类, C类).",
                    grade=value,
                )
            )
        return text

    @api.model
    def _kam_guess_channel(self, text):
        lowered = (text or "").casefold()
        for channel, words in _CHANNEL_WORDS:
            if any(word in lowered for word in words):
                return channel
        return "other"

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

    @api.model
    def _kam_changed(self, record, vals):
        """The values of vals that differ from the record."""
        changed = {}
        for fname, value in vals.items():
            if value in (False, None, ""):
                continue
            current = record[fname]
            if isinstance(current, models.BaseModel):
                current = current.id
            if fname == "phone":
                if kam_phone_key(current) == kam_phone_key(value):
                    continue
            elif fname == "email":
                if kam_email_key(current) == kam_email_key(value):
                    continue
            elif (current or False) == value:
                continue
            changed[fname] = value
        return changed

    def _kam_address_vals(self):
        address = (self.address or "").strip()
        if not address:
            return {}
        if not re.search(r"\d", address) and len(address) <= 12:
            return {"city": address}
        return {"street": address}

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
        grade = self._kam_parse_grade(self.grade)
        interaction_date, interaction_text = self._kam_parse_dated_text(
            self.interaction, self._kam_label("interaction")
        )
        if self.interaction and not interaction_date:
            raise UserError(
                self.env._(
                    "%(column)s: the record must start with its date, e.g. "
                    "“2023-01-01 电话联系，了解需求”.",
                    column=self._kam_label("interaction"),
                )
            )
        purchase_date = self._kam_parse_dated_text(
            self.purchase, self._kam_label("purchase")
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
                **self._kam_address_vals(),
            }
            if not company:
                company = Partner.create(
                    {
                        "name": company_name or self.company_registry or self.vat,
                        "is_company": True,
                        **{k: v for k, v in company_vals.items() if v},
                    }
                )
            elif changed := self._kam_changed(company, company_vals):
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
                        **({} if company else self._kam_address_vals()),
                    }
                )
            else:
                if not company:
                    contact_vals.update(self._kam_address_vals())
                    contact_vals["industry_id"] = industry.id
                if changed := self._kam_changed(contact, contact_vals):
                    contact.write(changed)
        elif company:
            if changed := self._kam_changed(
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
        if grade:
            account_vals["kam_value_grade"] = grade
        if changed := self._kam_changed(account, account_vals):
            account.write(changed)

        # The last interaction, when it is not older than the account's.
        if interaction_date:
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
                        "channel": self._kam_guess_channel(interaction_text),
                    }
                )
                notes.append("interaction")

        # The last purchase, kept as text on the account (the latest one).
        purchase = (self.purchase or "").strip()
        stored = account.kam_last_purchase
        if purchase and purchase != stored:
            stored_date = self._kam_leading_date(stored)
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
            )
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
