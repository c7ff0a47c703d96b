from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import split_every

from .res_partner_survey import kam_survey_period

# Accounts per batch of the survey campaign.
KAM_SURVEY_CAMPAIGN_BATCH_SIZE = 200


class ResPartner(models.Model):
    """Sending surveys: the recipients of an account, and the campaign that
    invites the key accounts whose tier's survey interval is due."""

    # Split by feature, as the core splits res.partner.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    def _kam_survey_recipients(self, mode="main"):
        """Contacts to survey for these accounts.

        ``main``: the first contact person of each account with an email
        (the account itself when it has none but has an email); ``all``: every
        contact person with an email (or the account itself, likewise).
        """
        accounts = self.sudo().commercial_partner_id
        contacts = (
            self.env["res.partner"]
            .sudo()
            .search(
                [
                    ("commercial_partner_id", "in", accounts.ids),
                    ("id", "not in", accounts.ids),
                    ("is_company", "=", False),
                    ("type", "=", "contact"),
                    ("email", "!=", False),
                ],
                order="id",
            )
        )
        by_account = contacts.grouped("commercial_partner_id")
        recipients = self.env["res.partner"]
        for account in accounts:
            account_contacts = by_account.get(account)
            if account_contacts:
                recipients |= account_contacts if mode == "all" else account_contacts[0]
            elif account.email:
                recipients |= account
        return recipients.with_env(self.env)

    # ------------------------------------------------------------------
    # Survey campaign
    # ------------------------------------------------------------------
    @api.model
    def _kam_campaign_survey(self):
        survey_id = (
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("key_account_mgmt.survey_campaign_survey_id")
        )
        Survey = self.env["survey.survey"].sudo()
        survey = Survey.browse(int(survey_id)).exists() if survey_id else Survey
        if not survey:
            survey = (
                self.env.ref(
                    "key_account_mgmt_survey.survey_kam_satisfaction",
                    raise_if_not_found=False,
                )
                or Survey
            )
        return survey.sudo() if survey.active else Survey

    @api.model
    def _kam_campaign_due_accounts(self, today):
        """Key accounts whose tier surveys them and that have no invitation for
        their current period: {account: period_start}."""
        Partner = self.sudo()
        accounts = Partner.search(
            Partner._kam_account_domain()
            & Domain("kam_tier_id.survey_interval_months", ">", 0),
            order="id",
        )
        periods = {
            account: kam_survey_period(
                today, account.kam_tier_id.survey_interval_months
            )[0]
            for account in accounts
        }
        invited = set()
        for batch in split_every(5000, accounts.ids):
            for account, start in (
                self.env["kam.survey.invitation"]
                .sudo()
                ._read_group(
                    [
                        ("account_id", "in", list(batch)),
                        ("period_start", "in", list(set(periods.values()))),
                    ],
                    groupby=["account_id", "period_start:day"],
                )
            ):
                invited.add((account.id, start))
        return {
            account: start
            for account, start in periods.items()
            if (account.id, start) not in invited
        }

    @api.model
    def _cron_kam_survey_campaign(self):
        """Invite the key accounts whose tier's survey interval is due, once
        per period, through Odoo's survey invitations, in batches.

        A run cut short goes on where it stopped: the accounts invited have
        their invitation of the period.
        """
        survey = self._kam_campaign_survey()
        if not survey:
            return self.env["kam.survey.invitation"]
        today = fields.Date.context_today(self)
        due = self._kam_campaign_due_accounts(today)
        accounts = self.browse([account.id for account in due]).sudo()
        remaining = len(accounts)
        invitations = self.env["kam.survey.invitation"]
        for batch in split_every(KAM_SURVEY_CAMPAIGN_BATCH_SIZE, accounts.ids):
            batch_accounts = accounts.browse(batch)
            invitations |= self._kam_invite_accounts(
                survey, batch_accounts, {a: due[a] for a in batch_accounts}
            )
            remaining -= len(batch)
            time_left = self.env["ir.cron"]._kam_commit_progress(
                len(batch), remaining=remaining
            )
            if time_left <= 0:
                break
        return invitations

    @api.model
    def _kam_invite_accounts(self, survey, accounts, periods):
        """Send the survey to the main contact of each account and record the
        invitations; note it in each account's chatter."""
        recipients = accounts._kam_survey_recipients("main").sudo()
        if not recipients:
            return self.env["kam.survey.invitation"]
        template = self.env.ref(
            "survey.mail_template_user_input_invite", raise_if_not_found=False
        )
        answers = self.env["survey.user_input"].sudo()
        for lang, contacts in recipients.grouped(lambda p: p.lang or "").items():
            Invite = self.env["survey.invite"].sudo()
            if lang:
                Invite = Invite.with_context(lang=lang)
            invite = Invite.with_context(
                default_email_layout_xmlid="mail.mail_notification_light"
            ).create(
                {
                    "survey_id": survey.id,
                    "partner_ids": [(6, 0, contacts.ids)],
                    "existing_mode": "new",
                    "template_id": template.id if template else False,
                }
            )
            lang_answers = invite._prepare_answers(contacts, [])
            for answer in lang_answers:
                invite._send_mail(answer)
            answers |= lang_answers
        answers_by_account = answers.grouped(
            lambda a: a.partner_id.commercial_partner_id
        )
        vals_list = []
        bodies = {}
        for account, account_answers in answers_by_account.items():
            vals_list.append(
                {
                    "account_id": account.id,
                    "survey_id": survey.id,
                    "period_start": periods[account],
                    "partner_ids": [(6, 0, account_answers.partner_id.ids)],
                    "user_input_ids": [(6, 0, account_answers.ids)],
                    "company_id": (account.company_id or self.env.company).id,
                }
            )
            # In the language of the account manager, who follows it.
            env = self.with_context(
                lang=account.kam_manager_id.lang or self.env.lang
            ).env
            bodies[account.id] = Markup("<p>%s</p>") % env._(
                "Survey campaign: %(survey)s sent to %(contacts)s.",
                survey=survey.with_env(env).title,
                contacts=", ".join(account_answers.partner_id.mapped("name")),
            )
        invitations = self.env["kam.survey.invitation"].sudo().create(vals_list)
        self.browse(list(bodies)).sudo()._message_log_batch(bodies)._kam_restrict()
        return invitations
