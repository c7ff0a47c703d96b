from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, format_list, html2plaintext, split_every

from .kam_write_guard import KAM_ENGINE

# Written by the Confirm Archive button and the review job only (as superuser).
KAM_REVIEW_ENGINE_FIELDS = {
    "kam_archive_confirmed_date",
    "kam_archive_confirmed_by_id",
    "kam_archive_review_requested_date",
}
# Accounts per batch of the archive review cron.
KAM_REVIEW_BATCH_SIZE = 500
KAM_REVIEW_DEFAULT_MONTHS = 3


class ResPartner(models.Model):
    """Keeping the archive up to date (维护和更新).

    A completeness figure per account, and a review rhythm: every N months
    (setting) the account manager confirms the archive; a "Review Archive"
    activity is scheduled once when the review is due.
    """

    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    kam_archive_completeness = fields.Integer(
        string="Archive Completeness (%)",
        compute="_compute_kam_archive_completeness",
        store=True,
        aggregator="avg",
        groups="key_account_mgmt.group_kam_user",
        help="Share of the archive that is filled: contacts with e-mail or phone, "
        "industry, company size, needs, preferences, birthday of a contact.",
    )
    kam_archive_missing = fields.Char(
        string="Missing in the Archive",
        compute="_compute_kam_archive_missing",
        groups="key_account_mgmt.group_kam_user",
    )
    # Written by the Confirm Archive button and by the review job only.
    kam_archive_confirmed_date = fields.Date(
        string="Archive Confirmed On",
        readonly=True,
        copy=False,
        tracking=True,
        groups="key_account_mgmt.group_kam_user",
    )
    kam_archive_confirmed_by_id = fields.Many2one(
        "res.users",
        string="Archive Confirmed By",
        readonly=True,
        copy=False,
        ondelete="set null",
        groups="key_account_mgmt.group_kam_user",
    )
    kam_archive_review_date = fields.Date(
        string="Archive Review Due",
        compute="_compute_kam_archive_review_date",
        store=True,
        groups="key_account_mgmt.group_kam_user",
        help="The archive is to be confirmed again on this day: its last "
        "confirmation (or the day it became a key account) plus the review "
        "interval of the settings.",
    )
    kam_archive_review_requested_date = fields.Date(
        string="Archive Review Requested On",
        readonly=True,
        copy=False,
        groups="key_account_mgmt.group_kam_user",
        help="Day the last Review Archive activity was scheduled.",
    )

    def _kam_archive_checks(self):
        """{label: filled} of the items of the archive that matter."""
        self.ensure_one()
        contacts = self.child_ids.filtered(lambda c: c.type == "contact")
        people = contacts or (self if not self.is_company else contacts)
        return {
            self.env._("contacts with e-mail or phone"): bool(people)
            and all(p.email or p.phone for p in people),
            self.env._("industry"): bool(self.industry_id),
            self.env._("company size"): bool(self.kam_size) or not self.is_company,
            self.env._("needs"): bool(html2plaintext(self.kam_needs or "").strip()),
            self.env._("preferences"): bool(
                html2plaintext(self.kam_preferences or "").strip()
            ),
            self.env._("birthday of a contact"): any(p.kam_birthday for p in people),
        }

    @api.depends(
        "is_key_account",
        "is_company",
        "parent_id",
        "industry_id",
        "kam_size",
        "kam_needs",
        "kam_preferences",
        "kam_birthday",
        "email",
        "phone",
        "child_ids.type",
        "child_ids.email",
        "child_ids.phone",
        "child_ids.kam_birthday",
    )
    def _compute_kam_archive_completeness(self):
        for partner in self:
            if not partner.is_key_account or (
                partner.parent_id and not partner.is_company
            ):
                partner.kam_archive_completeness = 0
                continue
            checks = partner._kam_archive_checks()
            partner.kam_archive_completeness = round(
                100 * sum(checks.values()) / len(checks)
            )

    @api.depends("kam_archive_completeness")
    def _compute_kam_archive_missing(self):
        for partner in self:
            if not partner.is_key_account or partner.kam_archive_completeness >= 100:
                partner.kam_archive_missing = False
                continue
            partner.kam_archive_missing = format_list(
                self.env,
                [
                    label
                    for label, filled in partner._kam_archive_checks().items()
                    if not filled
                ],
            )

    @api.model
    def _kam_review_months(self):
        return self._kam_get_param("archive_review_months", KAM_REVIEW_DEFAULT_MONTHS)

    @api.depends("is_key_account", "kam_since", "kam_archive_confirmed_date")
    def _compute_kam_archive_review_date(self):
        months = self._kam_review_months()
        for partner in self:
            start = partner.kam_archive_confirmed_date or partner.kam_since
            partner.kam_archive_review_date = (
                start + relativedelta(months=months)
                if partner.is_key_account and start and months > 0
                else False
            )

    @api.model
    def _kam_recompute_review_dates(self):
        """Due dates of every key account after a change of the interval."""
        accounts = self.sudo().search([("is_key_account", "=", True)])
        self.env.add_to_compute(self._fields["kam_archive_review_date"], accounts)
        accounts._recompute_recordset(["kam_archive_review_date"])

    @api.model
    def _kam_write_rules(self):
        # Recorded by the Confirm Archive button and the review job only.
        rules = super()._kam_write_rules()
        rules.update(dict.fromkeys(KAM_REVIEW_ENGINE_FIELDS, KAM_ENGINE))
        return rules

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_kam_confirm_archive(self):
        """The manager confirms the archive is up to date: who and when."""
        user = self.env.user
        is_manager = self.env.su or user.has_group("key_account_mgmt.group_kam_manager")
        today = fields.Date.context_today(self)
        review_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_archive_review",
            raise_if_not_found=False,
        )
        for partner in self:
            account = partner.commercial_partner_id
            if not is_manager and not account._kam_is_managed_by(user):
                raise AccessError(
                    self.env._(
                        "Only the account manager, the backup manager or a "
                        "key-account manager can confirm the archive of "
                        "%(partner)s.",
                        partner=account.display_name,
                    )
                )
            account.sudo().write(
                {
                    "kam_archive_confirmed_date": today,
                    "kam_archive_confirmed_by_id": user.id,
                }
            )
            if review_type:
                account.sudo().activity_ids.filtered(
                    lambda a, t=review_type: a.activity_type_id == t
                ).action_feedback(
                    feedback=self.env._(
                        "Archive confirmed by %(user)s.", user=user.name
                    )
                )
        return True

    # ------------------------------------------------------------------
    # Review job
    # ------------------------------------------------------------------
    @api.model
    def _cron_kam_archive_review(self):
        """Schedule one Review Archive activity per key account due.

        An account is due when its review date is past and no activity was
        scheduled for that review yet (``kam_archive_review_requested_date``
        before the review date). Each batch marks its accounts, so that a run
        cut short goes on where it stopped.
        """
        review_type = self.env.ref(
            "key_account_mgmt.mail_activity_type_kam_archive_review",
            raise_if_not_found=False,
        )
        if not review_type:
            return
        today = fields.Date.context_today(self)
        self.flush_model(
            [
                "is_key_account",
                "commercial_partner_id",
                "kam_archive_review_date",
                "kam_archive_review_requested_date",
                "kam_manager_id",
            ]
        )
        # SQL: compares two columns of a row, which a domain cannot.
        self.env.cr.execute(
            SQL(
                """
                SELECT id FROM res_partner
                 WHERE is_key_account IS TRUE AND active
                   AND commercial_partner_id = id
                   AND kam_archive_review_date <= %(today)s
                   AND (kam_archive_review_requested_date IS NULL
                        OR kam_archive_review_requested_date < kam_archive_review_date)
              ORDER BY kam_archive_review_date, id
                """,
                today=today,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        remaining = len(ids)
        Partner = self.sudo()
        for batch in split_every(KAM_REVIEW_BATCH_SIZE, ids):
            accounts = Partner.browse(batch)
            accounts._kam_schedule_archive_reviews(review_type, today)
            remaining -= len(batch)
            time_left = self.env["ir.cron"]._kam_commit_progress(
                len(batch), remaining=remaining
            )
            if time_left <= 0:
                break

    def _kam_schedule_archive_reviews(self, review_type, today):
        self.env["mail.activity"]._kam_schedule(
            review_type,
            self,
            lambda account: {
                "user_id": account.kam_manager_id.id,
                "kam_restricted": True,
                "summary": self.env._("Review the archive"),
                "note": self.env._(
                    "Check the contacts, needs, preferences and classification "
                    "of %(account)s, then press Confirm Archive. Missing: "
                    "%(missing)s.",
                    account=account.display_name,
                    missing=account.kam_archive_missing or "-",
                ),
            },
        )
        # SQL: one UPDATE for the batch, without a partner write() (guard,
        # tracking, commercial sync) for an engine column.
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET kam_archive_review_requested_date = %s "
                "WHERE id = ANY(%s)",
                today,
                self.ids,
            )
        )
        self.invalidate_recordset(["kam_archive_review_requested_date"])
