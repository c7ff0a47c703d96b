from odoo import http
from odoo.addons.key_account_mgmt.tests.common_complaint import KamComplaintCommon
from odoo.addons.key_account_mgmt.tests.test_tours import KamBrowserMixin
from odoo.tests import new_test_user
from odoo.tests.common import HttpCase


class KamPortalCommon(KamBrowserMixin, KamComplaintCommon, HttpCase):
    """Two key accounts with portal users, and complaints, without demo data.

    Account A (``account``): contacts X (``account_contact``, portal user
    ``portal_x``) and Y (``contact_y``, who filed ``complaint_a``). Account B
    (``other_account``): contact Z (portal user ``portal_z``, ``complaint_b``).
    A plain customer (no key account) has the portal user ``portal_plain``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.contact_y = Partner.create(
            {"name": "李娜", "parent_id": cls.account.id, "email": "ln@example.com"}
        )
        cls.contact_z = Partner.create(
            {
                "name": "Klaus Berger",
                "parent_id": cls.other_account.id,
                "email": "kb@example.com",
            }
        )
        cls.portal_x = cls._portal_user("kam_portal_x", cls.account_contact)
        cls.portal_z = cls._portal_user("kam_portal_z", cls.contact_z)
        cls.portal_plain = cls._portal_user("kam_portal_plain", cls.plain_partner)
        cls.account.sudo().write(
            {
                "kam_needs": "<p>SECRET-NEEDS-A1</p>",
                "kam_preferences": "<p>SECRET-PREFS-A1</p>",
            }
        )
        cls.complaint_a = cls.Complaint.create(
            {
                "subject": "Late delivery of batch 42",
                "partner_id": cls.contact_y.id,
                "channel": "email",
            }
        )
        cls.complaint_b = cls.Complaint.create(
            {
                "subject": "Nordwind invoice disputed",
                "partner_id": cls.contact_z.id,
                "channel": "phone",
            }
        )
        cls.complaint_plain = cls.Complaint.create(
            {
                "subject": "Walk-in complaint",
                "partner_id": cls.plain_partner.id,
                "channel": "phone",
            }
        )
        cls.env.cr.flush()

    @classmethod
    def _portal_user(cls, login, partner):
        return new_test_user(
            cls.env,
            login=login,
            groups="base.group_portal",
            partner_id=partner.id,
        )

    def _csrf(self):
        return http.Request.csrf_token(self)

    def _resolve(self, complaint):
        complaint.action_acknowledge()
        complaint.resolution = "<p>Replaced the damaged goods.</p>"
        complaint.action_resolve()
