"""Customer portal of key accounts: what its pages share (the account of the
logged-in user, the messages after a redirection). One file per feature:
``portal_complaint.py`` (/my/complaints), ``portal_points.py`` (/my/points).

Portal users read complaints through the ORM (ACL and record rule of
``base.group_portal``: the complaints of their own key account). Everything
else (the account's points, its level, the rewards, filing a complaint and the
customer's answers to the workflow) is read or done as superuser, always for
the commercial partner of the logged-in user only, never for an id that comes
from the request.
"""

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.http import request


class KamCustomerPortal(CustomerPortal):
    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _kam_portal_account(self):
        """The key account of the logged-in user (as superuser), or empty."""
        user = request.env.user
        if user._is_public():
            return request.env["res.partner"].sudo()
        return user.partner_id._kam_portal_account()

    def _kam_portal_messages(self):
        """Messages shown after a redirection, by code (never free text): each
        feature adds its own."""
        return {}

    def _prepare_portal_layout_values(self):
        values = super()._prepare_portal_layout_values()
        values["kam_portal_account"] = self._kam_portal_account()
        return values
