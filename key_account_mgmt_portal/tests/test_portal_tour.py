from odoo.tests import tagged

from .common import KamPortalCommon


@tagged("post_install", "-at_install")
class TestPortalTour(KamPortalCommon):
    def test_portal_complaint_tour(self):
        """In Chromium: a contact files a complaint, sees it in the list and
        confirms the resolution of the account's resolved complaint."""
        self.category.name = "Tour Packaging"
        self._resolve(self.complaint_a)
        before = self.env["kam.complaint"].search([])
        self.start_tour("/my", "kam_portal_complaint", login="kam_portal_x")
        new = self.env["kam.complaint"].search([]) - before
        self.assertRecordValues(
            new,
            [
                {
                    "subject": "Tour: damaged cartons",
                    "state": "new",
                    "channel": "portal",
                    "partner_id": self.account_contact.id,
                    "category_id": self.category.id,
                    "tier_id": self.tier_strategic.id,
                }
            ],
        )
        self.assertRecordValues(
            self.complaint_a,
            [
                {
                    "state": "closed",
                    "customer_confirmed": True,
                    "confirmed_by_id": self.portal_x.id,
                }
            ],
        )
