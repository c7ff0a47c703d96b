"""Customer portal of key accounts: the loyalty points of the user's account.

Read as superuser for the commercial partner of the logged-in user only (see
``KamCustomerPortal._kam_portal_account``), never for an id of the request.
"""

import re

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import UserError
from odoo.http import content_disposition, request

from .portal import KamCustomerPortal


class KamPointsPortal(KamCustomerPortal):
    def _kam_portal_messages(self):
        return {
            **super()._kam_portal_messages(),
            "redeem_requested": request.env._(
                "Your request was sent to your account manager, who will contact you."
            ),
        }

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "kam_points_count" in counters:
            account = self._kam_portal_account()
            values["kam_points_count"] = (
                round(account.kam_points_balance) if account else 0
            )
        return values

    # ------------------------------------------------------------------
    # Loyalty points
    # ------------------------------------------------------------------
    @http.route(
        ["/my/points", "/my/points/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_kam_points(self, page=1, message=None, **kw):
        account = self._kam_portal_account()
        if not account:
            raise NotFound()
        values = self._kam_points_values(account, page)
        values["kam_message"] = self._kam_portal_messages().get(message)
        return request.render("key_account_mgmt_portal.portal_my_kam_points", values)

    def _kam_points_values(self, account, page=1):
        values = self._prepare_portal_layout_values()
        Line = request.env["kam.points.line"].sudo()
        domain = account._kam_portal_points_domain()
        pager = portal_pager(
            url="/my/points",
            total=Line.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        lines = Line.search(
            domain,
            order="date desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values.update(
            {
                "page_name": "kam_points",
                "account": account,
                "loyalty": account._kam_portal_loyalty(),
                "lines": lines,
                "pager": pager,
                "kam_message": False,
                "kam_error": False,
            }
        )
        return values

    @http.route(
        ["/my/points/redeem"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_my_kam_points_redeem(self, reward_id=None, **post):
        account = self._kam_portal_account()
        if not account:
            raise NotFound()
        reward = request.env["kam.reward"].sudo()
        if reward_id and str(reward_id).isdigit():
            reward = reward.browse(int(reward_id))
        try:
            account._kam_portal_request_redemption(reward, request.env.user)
        except UserError as error:
            values = self._kam_points_values(account)
            values["kam_error"] = error.args[0]
            return request.render(
                "key_account_mgmt_portal.portal_my_kam_points", values
            )
        return request.redirect("/my/points?message=redeem_requested")

    @http.route(["/my/points/statement"], type="http", auth="user", website=True)
    def portal_my_kam_points_statement(self, **kw):
        """The points statement of the user's own account (PDF)."""
        account = self._kam_portal_account()
        if not account:
            raise NotFound()
        pdf, report_type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(account._kam_points_company())
            ._render_qweb_pdf(
                "key_account_mgmt.action_report_kam_points_statement", account.ids
            )
        )
        filename = "%s.pdf" % re.sub(
            r"\W+", "_", request.env._("Points Statement %s", account.name)
        )
        headers = [
            (
                "Content-Type",
                "application/pdf" if report_type == "pdf" else "text/html",
            ),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", content_disposition(filename)),
        ]
        return request.make_response(pdf, headers=headers)
