from unittest.mock import patch

from odoo.addons.key_account_mgmt_portal.controllers.portal import KamCustomerPortal
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KamPortalCommon

# Archive fields that must never reach a portal user (the list guards the
# test: it fails if these fields lose their groups).
ARCHIVE_FIELDS = (
    "kam_needs",
    "kam_preferences",
    "kam_preferred_channel",
    "kam_health_score",
    "kam_churn_risk",
    "kam_lifecycle_stage",
    "kam_points_balance",
    "kam_member_level_id",
    "kam_points_line_ids",
)


@tagged("post_install", "-at_install")
class TestPortalAccess(KamPortalCommon):
    def test_contact_sees_the_whole_account_not_another(self):
        """X sees the complaint Y filed for account A, not account B's."""
        self.authenticate("kam_portal_x", "kam_portal_x")
        response = self.url_open("/my/complaints")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_a.name, response.text)
        self.assertIn("Late delivery of batch 42", response.text)
        self.assertNotIn(self.complaint_b.name, response.text)
        self.assertNotIn(self.complaint_plain.name, response.text)
        # listing writes nothing (no access token per complaint shown)
        self.assertFalse(self.complaint_a.access_token)
        response = self.url_open(f"/my/complaints/{self.complaint_a.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Late delivery of batch 42", response.text)

    def test_list_filter_search_sort_pager(self):
        second = self.Complaint.create(
            {"subject": "Broken seal on drum 7", "partner_id": self.account_contact.id}
        )
        self._resolve(self.complaint_a)
        self.complaint_a.action_close()
        self.authenticate("kam_portal_x", "kam_portal_x")

        def listed(query):
            text = self.url_open(f"/my/complaints?{query}").text
            return {c.name for c in (self.complaint_a, second) if c.name in text}

        self.assertEqual(listed("filterby=open"), {second.name})
        self.assertEqual(listed("filterby=closed"), {self.complaint_a.name})
        self.assertEqual(
            listed("filterby=all&search=drum&search_in=subject"), {second.name}
        )
        self.assertEqual(listed(f"search={second.name}&search_in=name"), {second.name})
        # unknown sort, filter and search fields fall back to the defaults
        self.assertEqual(
            listed("sortby=password&filterby=x&search_in=kam_needs"),
            {self.complaint_a.name, second.name},
        )
        with patch.object(KamCustomerPortal, "_items_per_page", 1):
            self.assertEqual(len(listed("sortby=name")), 1)
            self.assertEqual(len(listed("sortby=name&page=2")), 1)
            self.assertNotEqual(listed("sortby=name"), listed("sortby=name&page=2"))

    def test_other_account_url_is_not_found(self):
        self.authenticate("kam_portal_x", "kam_portal_x")
        for complaint_id in (self.complaint_b.id, self.complaint_plain.id, 999999):
            response = self.url_open(f"/my/complaints/{complaint_id}")
            self.assertEqual(response.status_code, 404, complaint_id)
            self.assertNotIn("Nordwind invoice disputed", response.text)
        # answering for another account's complaint: refused, nothing moves
        self._resolve(self.complaint_b)
        response = self.url_open(
            f"/my/complaints/{self.complaint_b.id}/confirm",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.complaint_b.state, "resolved")

    def test_access_token_link(self):
        """The link of an email (access token) opens the complaint, a wrong
        token does not."""
        token = self.complaint_b._portal_ensure_token()
        url = f"/my/complaints/{self.complaint_b.id}"
        response = self.url_open(f"{url}?access_token={token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Nordwind invoice disputed", response.text)
        response = self.url_open(f"{url}?access_token=not-{token}")
        self.assertEqual(response.status_code, 404)
        self.assertIn(
            f"/my/complaints/{self.complaint_b.id}",
            self.complaint_b.with_user(self.portal_z).access_url,
        )

    def test_email_link_carries_access_token(self):
        """Notifications to the complaint's customer link to the portal page
        with the complaint's access token (Odoo's portal.mixin)."""
        groups = self.complaint_a._notify_get_recipients_groups(
            self.env["mail.message"], "Complaint"
        )
        customer = next(group for group in groups if group[0] == "portal_customer")
        self.assertTrue(customer[1]({"id": self.contact_y.id}))
        self.assertTrue(customer[2]["has_button_access"])
        url = customer[2]["button_access"]["url"]
        self.assertIn(f"access_token={self.complaint_a.access_token}", url)
        self.assertIn(f"res_id={self.complaint_a.id}", url)

    def test_customer_preview(self):
        action = self.complaint_a.with_user(self.kam_user).action_kam_portal_preview()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(
            action["url"],
            f"/my/complaints/{self.complaint_a.id}"
            f"?access_token={self.complaint_a.access_token}",
        )

    def test_orm_rules_as_portal_user(self):
        Complaint = self.env["kam.complaint"]
        self.assertEqual(
            Complaint.with_user(self.portal_x).search([]), self.complaint_a
        )
        self.assertEqual(
            Complaint.with_user(self.portal_z).search([]), self.complaint_b
        )
        self.assertFalse(Complaint.with_user(self.portal_plain).search([]))
        with self.assertRaises(AccessError):
            self.complaint_b.with_user(self.portal_x).read(["subject"])
        with self.assertRaises(AccessError):
            self.complaint_plain.with_user(self.portal_plain).read(["subject"])
        # read only: no write, create or unlink through the ORM
        with self.assertRaises(AccessError):
            self.complaint_a.with_user(self.portal_x).write({"subject": "Hacked"})
        with self.assertRaises(AccessError):
            Complaint.with_user(self.portal_x).create(
                {"subject": "Direct", "partner_id": self.account_contact.id}
            )
        with self.assertRaises(AccessError):
            self.complaint_a.with_user(self.portal_x).action_acknowledge()
        with self.assertRaises(AccessError):
            self.complaint_a.with_user(self.portal_x).unlink()
        # the internal analysis of the complaint stays with the employees
        for fname in ("root_cause", "corrective_action", "preventive_action"):
            with self.assertRaises(AccessError):
                self.complaint_a.with_user(self.portal_x).read([fname])

    def test_portal_user_reads_no_archive_field(self):
        Partner = self.env["res.partner"]
        restricted = [
            name
            for name, field in Partner._fields.items()
            if name.startswith("kam_") and field.groups
        ]
        for fname in ARCHIVE_FIELDS:
            self.assertIn(fname, restricted)
        account = self.account.with_user(self.portal_x)
        for fname in restricted:
            with self.assertRaises(AccessError, msg=fname):
                account.read([fname])
            with self.assertRaises(AccessError, msg=fname):
                Partner.with_user(self.portal_x).search_read(
                    [(fname, "!=", False)], ["name"]
                )
        # nor through the contact's own record
        with self.assertRaises(AccessError):
            self.account_contact.with_user(self.portal_x).read(["kam_account_needs"])
        with self.assertRaises(AccessError):
            self.env["kam.points.line"].with_user(self.portal_x).search([])
        with self.assertRaises(AccessError):
            self.env["kam.interaction"].with_user(self.portal_x).search([])

    def test_portal_pages_show_no_archive_field(self):
        self._resolve(self.complaint_a)
        self.authenticate("kam_portal_x", "kam_portal_x")
        for url in (
            "/my",
            "/my/complaints",
            f"/my/complaints/{self.complaint_a.id}",
            "/my/complaints/new",
            "/my/points",
            "/my/points/statement",
        ):
            response = self.url_open(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("SECRET-NEEDS-A1", response.text, url)
            self.assertNotIn("SECRET-PREFS-A1", response.text, url)

    def test_not_a_key_account(self):
        """Contacts of other customers get no key-account page."""
        self.authenticate("kam_portal_plain", "kam_portal_plain")
        for url in ("/my/complaints", "/my/complaints/new", "/my/points"):
            self.assertEqual(self.url_open(url).status_code, 404, url)
        self.assertEqual(self.url_open("/my/points/statement").status_code, 404)

    def test_home_counters(self):
        self.authenticate("kam_portal_x", "kam_portal_x")
        self.account.sudo().kam_earn_points(120, "Order S001", expiry_date=False)
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["kam_complaint_count", "kam_points_count"]}
        )
        # the tier's multiplier applies
        balance = self.account.sudo().kam_points_balance
        self.assertGreaterEqual(balance, 120)
        self.assertEqual(
            counters, {"kam_complaint_count": 1, "kam_points_count": round(balance)}
        )
        response = self.url_open("/my")
        self.assertIn('href="/my/complaints"', response.text)
        self.assertIn('href="/my/points"', response.text)
        self.authenticate("kam_portal_plain", "kam_portal_plain")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["kam_complaint_count", "kam_points_count"]}
        )
        self.assertEqual(counters, {"kam_complaint_count": 0, "kam_points_count": 0})
