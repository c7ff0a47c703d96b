"""Customer portal of key accounts: the complaints of the user's account
(/my/complaints): list, page, filing one, and the customer's answers to the
workflow (confirm the resolution, or reopen it)."""

import re
from collections import OrderedDict

from markupsafe import Markup
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.key_account_mgmt.models.kam_constants import (
    KAM_COMPLAINT_OPEN_STATES,
)
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError
from odoo.fields import Domain
from odoo.http import request
from odoo.tools import clean_context, plaintext2html

from .portal import KamCustomerPortal

KAM_SUBJECT_MAX_LENGTH = 200


class KamComplaintPortal(KamCustomerPortal):
    def _kam_portal_messages(self):
        return {
            **super()._kam_portal_messages(),
            "filed": request.env._(
                "Thank you: your complaint was filed; we will contact you."
            ),
            "confirmed": request.env._("Thank you for confirming the resolution."),
            "reopened": request.env._(
                "Your complaint is reopened; we are looking into it again."
            ),
            "not_resolved": request.env._(
                "This complaint is not waiting for your answer: only a resolved "
                "complaint can be confirmed or reopened."
            ),
            "reason_missing": request.env._(
                "Tell us what is not solved before reopening it."
            ),
            "not_allowed": request.env._(
                "Only the contacts of the account can answer for its complaints: "
                "please log in."
            ),
        }

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kam_complaint_count" in counters:
            account = self._kam_portal_account()
            Complaint = request.env["kam.complaint"]
            values["kam_complaint_count"] = (
                Complaint.search_count(self._kam_complaint_domain(account))
                if account and Complaint.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # Complaints
    # ------------------------------------------------------------------
    def _kam_complaint_domain(self, account):
        return Domain("commercial_partner_id", "=", account.id)

    def _kam_complaint_sortings(self):
        return {
            "date": {
                "label": request.env._("Newest"),
                "order": "date_received desc, id desc",
            },
            "name": {
                "label": request.env._("Reference"),
                "order": "name desc, id desc",
            },
            "state": {
                "label": request.env._("Status"),
                "order": "state, date_received desc",
            },
        }

    def _kam_complaint_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": Domain.TRUE},
            "open": {
                "label": request.env._("Open"),
                "domain": Domain("state", "in", KAM_COMPLAINT_OPEN_STATES),
            },
            "resolved": {
                "label": request.env._("Waiting for your confirmation"),
                "domain": Domain("state", "=", "resolved"),
            },
            "closed": {
                "label": request.env._("Closed"),
                "domain": Domain("state", "in", ("closed", "cancelled")),
            },
        }

    def _kam_complaint_search_inputs(self):
        return {
            "all": {
                "input": "all",
                "label": request.env._("Search in All"),
                "sequence": 10,
            },
            "subject": {
                "input": "subject",
                "label": request.env._("Search in Subject"),
                "sequence": 20,
            },
            "name": {
                "input": "name",
                "label": request.env._("Search in Reference"),
                "sequence": 30,
            },
        }

    def _kam_complaint_search_domain(self, search_in, search):
        if not search:
            return Domain.TRUE
        if search_in in ("subject", "name"):
            return Domain(search_in, "ilike", search)
        return Domain("subject", "ilike", search) | Domain("name", "ilike", search)

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_kam_complaints(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", **kw
    ):
        account = self._kam_portal_account()
        if not account:
            raise NotFound()
        values = self._prepare_portal_layout_values()
        Complaint = request.env["kam.complaint"]
        sortings = self._kam_complaint_sortings()
        filters = self._kam_complaint_filters()
        inputs = self._kam_complaint_search_inputs()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        search_in = search_in if search_in in inputs else "all"
        domain = (
            self._kam_complaint_domain(account)
            & filters[filterby]["domain"]
            & self._kam_complaint_search_domain(search_in, search)
        )
        count = Complaint.search_count(domain)
        pager = portal_pager(
            url="/my/complaints",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
            },
            total=count,
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_kam_complaints_history"] = complaints.ids[:100]
        values.update(
            {
                # read as the user above; rendered as superuser (names of the
                # responsible employee and of the category)
                "complaints": complaints.sudo(),
                "page_name": "kam_complaint",
                "default_url": "/my/complaints",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": OrderedDict(filters),
                "filterby": filterby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
            }
        )
        return request.render(
            "key_account_mgmt_portal.portal_my_kam_complaints", values
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True
    )
    def portal_my_kam_complaint(
        self, complaint_id, access_token=None, message=None, **kw
    ):
        try:
            complaint_sudo = self._document_check_access(
                "kam.complaint", complaint_id, access_token
            )
        except (AccessError, MissingError) as error:
            # The same answer whether it exists or not.
            raise NotFound() from error
        user = request.env.user
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaint": complaint_sudo,
                "page_name": "kam_complaint",
                "kam_may_answer": complaint_sudo._kam_portal_may_answer(user),
                "kam_message": self._kam_portal_messages().get(message),
                "kam_message_error": message in ("not_resolved", "reason_missing"),
                "kam_rating_token": False,
            }
        )
        if (
            complaint_sudo.state == "closed"
            and values["kam_may_answer"]
            and not complaint_sudo.rating_last_value
        ):
            values["kam_rating_token"] = complaint_sudo._rating_get_access_token(
                user.partner_id
            )
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            values,
            "my_kam_complaints_history",
            False,
            **kw,
        )
        return request.render("key_account_mgmt_portal.portal_my_kam_complaint", values)

    def _kam_complaint_categories(self):
        return request.env["kam.complaint.category"].search([])

    @http.route(
        ["/my/complaints/new"],
        type="http",
        auth="user",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_my_kam_complaint_new(self, **post):
        account = self._kam_portal_account()
        if not account:
            raise NotFound()
        values = self._prepare_portal_layout_values()
        categories = self._kam_complaint_categories()
        values.update(
            {
                "page_name": "kam_complaint_new",
                "categories": categories,
                "error": {},
                "error_message": [],
                "post": post,
            }
        )
        if request.httprequest.method == "POST":
            complaint, errors = self._kam_file_complaint(account, categories, post)
            if complaint:
                return request.redirect(f"/my/complaints/{complaint.id}?message=filed")
            values["error"] = dict.fromkeys(errors, "error")
            values["error_message"] = list(errors.values())
        return request.render(
            "key_account_mgmt_portal.portal_my_kam_complaint_new", values
        )

    def _kam_file_complaint(self, account, categories, post):
        """(complaint, {}) or (None, {field: message}) for a filled-in form."""
        errors = {}
        subject = (post.get("subject") or "").strip()
        if not subject:
            errors["subject"] = request.env._("Give your complaint a subject.")
        elif len(subject) > KAM_SUBJECT_MAX_LENGTH:
            errors["subject"] = request.env._(
                "The subject is too long: at most %(max)s characters.",
                max=KAM_SUBJECT_MAX_LENGTH,
            )
        category = categories.browse()
        if post.get("category_id"):
            category_id = (
                int(post["category_id"]) if str(post["category_id"]).isdigit() else 0
            )
            category = categories.filtered(lambda c: c.id == category_id)
            if not category:
                errors["category_id"] = request.env._(
                    "Choose one of the categories offered."
                )
        if errors:
            return None, errors
        user = request.env.user
        description = (post.get("description") or "").strip()
        # The account's company, else the portal user's (who then reads it
        # under the multi-company rule).
        company = account.company_id or user.company_id
        # As superuser, with no default_* key of the request's context: the
        # service level comes from the account's tier (see create()).
        Complaint = (
            request.env["kam.complaint"]
            .sudo()
            .with_context(clean_context(request.env.context), tracking_disable=False)
        )
        complaint = Complaint.create(
            {
                "subject": subject,
                "partner_id": user.partner_id.id,
                "email_from": user.partner_id.email,
                "category_id": category.id,
                "description": plaintext2html(description) if description else False,
                "channel": "portal",
                "company_id": company.id,
            }
        )
        complaint.message_subscribe(partner_ids=user.partner_id.ids)
        complaint.message_post(
            body=Markup("<p>%s</p>")
            % request.env._(
                "New complaint filed from the customer portal: %s", subject
            ),
            author_id=user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=self._kam_complaint_attachments(),
        )
        return complaint, {}

    def _kam_complaint_attachments(self):
        """The files of the form, as (name, content) for message_post()."""
        return [
            (re.sub(r"[\\/]", "_", file.filename), file.read())
            for file in request.httprequest.files.getlist("attachments")
            if file and file.filename
        ]

    def _kam_answerable_complaint(self, complaint_id):
        """The complaint (superuser) if the user may answer for it, else 404."""
        try:
            complaint_sudo = self._document_check_access("kam.complaint", complaint_id)
        except (AccessError, MissingError) as error:
            raise NotFound() from error
        user = request.env.user
        if not complaint_sudo._kam_portal_may_answer(user):
            raise NotFound()
        # As superuser, in the customer's name: the workflow records who
        # confirmed (``confirmed_by_id``) and the chatter who wrote.
        return complaint_sudo.with_user(user).sudo()

    @http.route(
        ["/my/complaints/<int:complaint_id>/confirm"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_kam_complaint_confirm(self, complaint_id, **post):
        complaint_sudo = self._kam_answerable_complaint(complaint_id)
        url = f"/my/complaints/{complaint_sudo.id}"
        if complaint_sudo.state != "resolved":
            return request.redirect(f"{url}?message=not_resolved")
        # action_close records the user (the customer) who confirmed.
        complaint_sudo.action_close()
        complaint_sudo.message_post(
            body=request.env._("I confirm that the complaint is resolved."),
            author_id=request.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return request.redirect(f"{url}?message=confirmed")

    @http.route(
        ["/my/complaints/<int:complaint_id>/not_solved"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_kam_complaint_not_solved(self, complaint_id, reason=None, **post):
        complaint_sudo = self._kam_answerable_complaint(complaint_id)
        url = f"/my/complaints/{complaint_sudo.id}"
        if complaint_sudo.state != "resolved":
            return request.redirect(f"{url}?message=not_resolved")
        reason = (reason or "").strip()
        if not reason:
            return request.redirect(f"{url}?message=reason_missing")
        complaint_sudo.message_post(
            body=Markup("<p>%s</p>%s")
            % (request.env._("The complaint is not solved:"), plaintext2html(reason)),
            author_id=request.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        complaint_sudo.action_reopen()
        return request.redirect(f"{url}?message=reopened")
