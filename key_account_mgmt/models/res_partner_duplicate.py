from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_list

from .kam_normalize import kam_code_key, kam_email_domain, kam_name_key, kam_phone_key

# Criteria of the duplicate check (setting "key_account_mgmt.duplicate_criteria",
# comma-separated) and the stored key each one compares.
KAM_DUPLICATE_CRITERIA = ("name", "registry", "vat", "phone", "email_domain")
KAM_DUPLICATE_KEY_FIELDS = (
    "kam_dup_name_key",
    "kam_dup_registry_key",
    "kam_dup_vat_key",
    "kam_dup_phone_key",
    "kam_dup_email_domain",
)
# Matches shown in the banner, and rows read at most per partner checked.
KAM_DUPLICATE_SHOWN = 5
KAM_DUPLICATE_LIMIT = 50
# Cursor cache key of the partners being merged (set by the merge wizard only).
KAM_MERGING_KEY = "kam_merging_partner_ids"


def kam_partner_keys(values):
    """Duplicate keys of partner values (a record or a dict)."""
    return {
        "kam_dup_name_key": kam_name_key(values["name"]),
        "kam_dup_registry_key": kam_code_key(values["company_registry"]),
        "kam_dup_vat_key": kam_code_key(values["vat"]),
        "kam_dup_phone_key": kam_phone_key(values["phone"]),
        "kam_dup_email_domain": kam_email_domain(values["email"]),
    }


class ResPartner(models.Model):
    """Duplicate check (查重) of companies and persons without company.

    The normalised keys are stored and indexed, so that finding the matches
    of any number of partners is one query whatever the size of the table.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_dup_name_key = fields.Char(
        string="Normalised Name",
        compute="_compute_kam_dup_keys",
        store=True,
        index="btree_not_null",
        groups="base.group_system",
    )
    kam_dup_registry_key = fields.Char(
        string="Normalised Company ID",
        compute="_compute_kam_dup_keys",
        store=True,
        index="btree_not_null",
        groups="base.group_system",
    )
    kam_dup_vat_key = fields.Char(
        string="Normalised Tax ID",
        compute="_compute_kam_dup_keys",
        store=True,
        index="btree_not_null",
        groups="base.group_system",
    )
    kam_dup_phone_key = fields.Char(
        string="Normalised Phone",
        compute="_compute_kam_dup_keys",
        store=True,
        index="btree_not_null",
        groups="base.group_system",
    )
    kam_dup_email_domain = fields.Char(
        string="E-mail Domain",
        compute="_compute_kam_dup_keys",
        store=True,
        index="btree_not_null",
        groups="base.group_system",
    )
    kam_duplicate_ids = fields.Many2many(
        "res.partner",
        string="Possible Duplicates",
        compute="_compute_kam_duplicates",
        groups="base.group_user",
    )
    kam_duplicate_warning = fields.Html(
        string="Duplicate Warning",
        compute="_compute_kam_duplicates",
        sanitize=False,
        groups="base.group_user",
    )

    @api.depends("name", "company_registry", "vat", "phone", "email")
    def _compute_kam_dup_keys(self):
        for partner in self:
            partner.update(kam_partner_keys(partner))

    @api.depends_context("allowed_company_ids")
    @api.depends(
        "name",
        "company_registry",
        "vat",
        "phone",
        "email",
        "is_company",
        "parent_id",
    )
    def _compute_kam_duplicates(self):
        matches = self._kam_find_duplicates()
        # iterating keeps the whole set as prefetch: one read for all matches
        shown = {
            account.id: account
            for account in self.browse(
                {pid for found in matches.values() for pid in found}
            ).sudo()
        }
        for partner in self:
            found = matches.get(partner, {})
            partner.kam_duplicate_ids = [(6, 0, list(found))]
            partner.kam_duplicate_warning = (
                partner._kam_duplicate_banner(found, shown) if found else False
            )

    @api.constrains(
        "name", "company_registry", "vat", "phone", "email", "is_company", "parent_id"
    )
    def _check_kam_duplicates(self):
        if self._kam_duplicate_mode() != "block":
            return
        matches = self._kam_find_duplicates()
        for partner, found in matches.items():
            if not found:
                continue
            others = self.browse(list(found)).sudo()
            raise ValidationError(
                self.env._(
                    "%(partner)s already exists as %(matches)s (same %(criteria)s). "
                    "Open the existing customer, or ask its account manager, "
                    "instead of creating it twice.",
                    partner=partner.name or "",
                    matches=", ".join(others[:KAM_DUPLICATE_SHOWN].mapped("name")),
                    criteria=format_list(
                        self.env,
                        sorted(
                            {
                                self._kam_criterion_label(criterion)
                                for criteria in found.values()
                                for criterion in criteria
                            }
                        ),
                    ),
                )
            )

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _kam_duplicate_mode(self):
        """ "warn" (default), "block" or "off"."""
        return (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("key_account_mgmt.duplicate_mode", "warn")
        )

    @api.model
    def _kam_duplicate_criteria(self):
        value = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param(
                "key_account_mgmt.duplicate_criteria", ",".join(KAM_DUPLICATE_CRITERIA)
            )
        )
        return {c for c in (value or "").split(",") if c in KAM_DUPLICATE_CRITERIA}

    @api.model
    def _kam_criterion_label(self, criterion):
        return {
            "name": self.env._("name"),
            "registry": self.env._("company ID"),
            "vat": self.env._("tax ID"),
            "phone": self.env._("phone"),
            "email_domain": self.env._("e-mail domain"),
        }[criterion]

    # ------------------------------------------------------------------
    # The check
    # ------------------------------------------------------------------
    def _kam_find_duplicates(self):
        """Other accounts matching these partners, in one query.

        Only companies and persons without company are checked; they match
        other commercial partners (through the partner itself or one of its
        contacts) of the current companies or shared, by the criteria on.

        :return: {partner: {matching_account_id: {criterion, ...}}}
        """
        result = {}
        mode = self._kam_duplicate_mode()
        criteria = self._kam_duplicate_criteria() if mode != "off" else set()
        checked = self.filtered(lambda p: p.is_company or not p.parent_id)
        if not criteria or not checked:
            return result
        keys = {partner: kam_partner_keys(partner) for partner in checked}
        wanted = defaultdict(set)
        for values in keys.values():
            for fname, value in values.items():
                if value:
                    wanted[fname].add(value)
        codes = sorted(wanted["kam_dup_registry_key"] | wanted["kam_dup_vat_key"])
        own_ids = sorted(
            {
                pid
                for partner in checked
                for pid in (
                    partner._origin.id,
                    partner.commercial_partner_id._origin.id,
                )
                if pid
            }
        )
        conditions = []
        if "name" in criteria and wanted["kam_dup_name_key"]:
            conditions.append(
                SQL(
                    "(p.id = p.commercial_partner_id AND p.kam_dup_name_key = ANY(%s))",
                    sorted(wanted["kam_dup_name_key"]),
                )
            )
        if {"registry", "vat"} & criteria and codes:
            conditions.append(
                SQL(
                    "p.kam_dup_registry_key = ANY(%s) OR p.kam_dup_vat_key = ANY(%s)",
                    codes,
                    codes,
                )
            )
        if "phone" in criteria and wanted["kam_dup_phone_key"]:
            conditions.append(
                SQL(
                    "p.kam_dup_phone_key = ANY(%s)", sorted(wanted["kam_dup_phone_key"])
                )
            )
        if "email_domain" in criteria and wanted["kam_dup_email_domain"]:
            conditions.append(
                SQL(
                    "p.kam_dup_email_domain = ANY(%s)",
                    sorted(wanted["kam_dup_email_domain"]),
                )
            )
        if not conditions:
            return result
        self.flush_model(
            [
                *KAM_DUPLICATE_KEY_FIELDS,
                "active",
                "commercial_partner_id",
                "company_id",
            ]
        )
        # SQL: OR of the keys over a self-join, with a row limit per check.
        self.env.cr.execute(
            SQL(
                """
                SELECT p.commercial_partner_id, p.id = p.commercial_partner_id,
                       p.kam_dup_name_key, p.kam_dup_registry_key, p.kam_dup_vat_key,
                       p.kam_dup_phone_key, p.kam_dup_email_domain
                  FROM res_partner AS p
                  JOIN res_partner AS account ON account.id = p.commercial_partner_id
                 WHERE p.active AND account.active
                   AND p.commercial_partner_id != ALL(%(own_ids)s)
                   AND (account.company_id IS NULL
                        OR account.company_id = ANY(%(companies)s))
                   AND (%(conditions)s)
                 LIMIT %(limit)s
                """,
                companies=self.env.companies.ids,
                conditions=SQL(" OR ").join(conditions),
                own_ids=own_ids,
                limit=KAM_DUPLICATE_LIMIT * len(checked),
            )
        )
        rows = self.env.cr.fetchall()
        merging = self.env.cr.cache.get(KAM_MERGING_KEY) or set()
        for partner, values in keys.items():
            own = {partner._origin.id, partner.commercial_partner_id._origin.id}
            found = defaultdict(set)
            for account_id, is_account, name, registry, vat, phone, domain in rows:
                if account_id in own or account_id in merging:
                    continue
                code_values = {registry, vat} - {False, None}
                if (
                    "name" in criteria
                    and is_account
                    and values["kam_dup_name_key"]
                    and name == values["kam_dup_name_key"]
                ):
                    found[account_id].add("name")
                if (
                    "registry" in criteria
                    and values["kam_dup_registry_key"] in code_values
                ):
                    found[account_id].add("registry")
                if "vat" in criteria and values["kam_dup_vat_key"] in code_values:
                    found[account_id].add("vat")
                if (
                    "phone" in criteria
                    and values["kam_dup_phone_key"]
                    and phone == values["kam_dup_phone_key"]
                ):
                    found[account_id].add("phone")
                if (
                    "email_domain" in criteria
                    and values["kam_dup_email_domain"]
                    and domain == values["kam_dup_email_domain"]
                ):
                    found[account_id].add("email_domain")
            result[partner] = dict(found)
        return result

    def _kam_duplicate_banner(self, found, shown):
        """The warning: each match with its tier and manager, nothing else."""
        items = Markup()
        for account_id in sorted(found, key=lambda pid: (-len(found[pid]), pid))[
            :KAM_DUPLICATE_SHOWN
        ]:
            account = shown[account_id]
            details = [
                self.env._(
                    "same %(criteria)s",
                    criteria=format_list(
                        self.env,
                        [
                            self._kam_criterion_label(criterion)
                            for criterion in sorted(found[account_id])
                        ],
                    ),
                )
            ]
            if account.is_key_account:
                details.append(
                    self.env._(
                        "Key account, tier %(tier)s, account manager %(manager)s",
                        tier=account.kam_tier_id.name or "-",
                        manager=account.kam_manager_id.name or "-",
                    )
                )
            items += Markup("<li><strong>%s</strong> (%s)</li>") % (
                account.name or "",
                "; ".join(details),
            )
        more = len(found) - KAM_DUPLICATE_SHOWN
        if more > 0:
            items += Markup("<li>%s</li>") % self.env._(
                "and %(count)s more", count=more
            )
        return Markup('<p class="mb-1">%s</p><ul class="mb-0">%s</ul>') % (
            self.env._("This customer may already exist:"),
            items,
        )

    def _kam_is_being_merged(self):
        """These partners are being merged by Odoo's merge wizard (the
        wizard's own marker on the cursor, never a client's context)."""
        merging = self.env.cr.cache.get(KAM_MERGING_KEY)
        return bool(self and merging and set(self.ids) <= merging)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_merge_duplicates(self):
        """Odoo's merge wizard with this partner and its duplicates."""
        self.ensure_one()
        partners = (self.kam_duplicate_ids[: KAM_DUPLICATE_SHOWN - 1] | self).ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Duplicates"),
            "res_model": "base.partner.merge.automatic.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "active_model": "res.partner",
                "active_ids": partners,
                "default_dst_partner_id": self.id,
            },
        }
