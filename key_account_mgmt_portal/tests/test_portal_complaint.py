from odoo.tests import tagged

from .common import KamPortalCommon


@tagged("post_install", "-at_install")
class TestPortalComplaint(KamPortalCommon):
    def _portal_complaints(self):
        return self.env["kam.complaint"].search(
            [("commercial_partner_id", "=", self.account.id)]
        )

    def test_file_a_complaint(self):
        self.authenticate("kam_portal_x", "kam_portal_x")
        before = self._portal_complaints()
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": self._csrf(),
                "subject": "  Wrong labels on pallets  ",
                "category_id": self.category.id,
                "description": "Labels <b>swapped</b>\non 3 pallets",
            },
            files={"attachments": ("photo.txt", b"pallet photo", "text/plain")},
        )
        self.assertEqual(response.status_code, 200)
        new = self._portal_complaints() - before
        self.assertEqual(len(new), 1)
        self.assertIn(f"/my/complaints/{new.id}", response.url)
        self.assertIn("your complaint was filed", response.text)
        self.assertRecordValues(
            new,
            [
                {
                    "subject": "Wrong labels on pallets",
                    "state": "new",
                    "channel": "portal",
                    "partner_id": self.account_contact.id,
                    "category_id": self.category.id,
                    "tier_id": self.tier_strategic.id,
                    "calendar_id": self.calendar_utc.id,
                    "first_response_target": 8.0,
                    "resolution_target": 16.0,
                    "user_id": self.kam_user2.id,  # the category's responsible
                    "manager_id": self.kam_user.id,
                }
            ],
        )
        self.assertTrue(new.first_response_deadline)
        self.assertTrue(new.resolution_deadline)
        self.assertGreater(new.resolution_deadline, new.first_response_deadline)
        self.assertIn("&lt;b&gt;swapped&lt;/b&gt;", new.description)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "kam.complaint"), ("res_id", "=", new.id)]
        )
        self.assertEqual(attachment.name, "photo.txt")
        self.assertEqual(attachment.raw, b"pallet photo")
        # the account manager follows it and is notified, the customer follows
        self.assertIn(self.kam_user.partner_id, new.message_partner_ids)
        self.assertIn(self.account_contact, new.message_partner_ids)
        message = new.message_ids.filtered(
            lambda m: (
                m.author_id == self.account_contact and m.message_type == "comment"
            )
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.kam_user.partner_id, message.notified_partner_ids)
        self.assertEqual(message.attachment_ids, attachment)

    def test_empty_subject_is_refused(self):
        self.authenticate("kam_portal_x", "kam_portal_x")
        before = self.env["kam.complaint"].search_count([])
        for subject in ("", "   "):
            response = self.url_open(
                "/my/complaints/new",
                data={
                    "csrf_token": self._csrf(),
                    "subject": subject,
                    "description": "keep me",
                },
            )
            self.assertEqual(response.status_code, 200)
            self.assertIn("Give your complaint a subject.", response.text)
            self.assertIn("keep me", response.text)
        self.assertEqual(self.env["kam.complaint"].search_count([]), before)

    def test_bad_input_is_refused(self):
        self.authenticate("kam_portal_x", "kam_portal_x")
        before = self.env["kam.complaint"].search_count([])
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": self._csrf(),
                "subject": "Some subject",
                "category_id": "999999",
            },
        )
        self.assertIn("Choose one of the categories offered.", response.text)
        response = self.url_open(
            "/my/complaints/new",
            data={"csrf_token": self._csrf(), "subject": "x" * 201},
        )
        self.assertIn("The subject is too long", response.text)
        # without the CSRF token
        response = self.url_open(
            "/my/complaints/new", data={"subject": "Forged request"}
        )
        self.assertEqual(response.status_code, 400)
        # service-level fields sent with the form are ignored
        response = self.url_open(
            "/my/complaints/new",
            data={
                "csrf_token": self._csrf(),
                "subject": "Tries to set its own deadline",
                "first_response_target": "9999",
                "state": "closed",
                "channel": "phone",
            },
        )
        new = self.env["kam.complaint"].search([], order="id desc", limit=1)
        self.assertEqual(self.env["kam.complaint"].search_count([]), before + 1)
        self.assertRecordValues(
            new,
            [{"state": "new", "channel": "portal", "first_response_target": 8.0}],
        )

    def test_confirm_resolution(self):
        self._resolve(self.complaint_a)
        self.authenticate("kam_portal_x", "kam_portal_x")
        page = self.url_open(f"/my/complaints/{self.complaint_a.id}")
        self.assertIn("o_kam_confirm_resolution", page.text)
        self.assertIn("Replaced the damaged goods.", page.text)
        response = self.url_open(
            f"/my/complaints/{self.complaint_a.id}/confirm",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for confirming the resolution.", response.text)
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
        self.assertTrue(self.complaint_a.date_closed)
        # closed: the customer rates it through Odoo's rating
        self.assertIn("/rate/", response.text)
        rating = self.env["rating.rating"].search(
            [
                ("res_model", "=", "kam.complaint"),
                ("res_id", "=", self.complaint_a.id),
                ("partner_id", "=", self.account_contact.id),
            ]
        )
        self.assertIn(f"/rate/{rating.access_token}/5", response.text)

    def test_not_solved_reopens(self):
        self._resolve(self.complaint_a)
        self.authenticate("kam_portal_x", "kam_portal_x")
        response = self.url_open(
            f"/my/complaints/{self.complaint_a.id}/not_solved",
            data={"csrf_token": self._csrf(), "reason": ""},
        )
        self.assertIn("Tell us what is not solved", response.text)
        self.assertEqual(self.complaint_a.state, "resolved")
        response = self.url_open(
            f"/my/complaints/{self.complaint_a.id}/not_solved",
            data={"csrf_token": self._csrf(), "reason": "Still 2 pallets missing"},
        )
        self.assertIn("Your complaint is reopened", response.text)
        self.assertRecordValues(
            self.complaint_a,
            [
                {
                    "state": "investigating",
                    "reopen_count": 1,
                    "customer_confirmed": False,
                }
            ],
        )
        reason = self.complaint_a.message_ids.filtered(
            lambda m: "Still 2 pallets missing" in (m.body or "")
        )
        self.assertEqual(reason.author_id, self.account_contact)
        self.assertFalse(reason.subtype_id.internal)

    def test_answers_refused_in_other_states(self):
        complaint = self.complaint_a
        self.authenticate("kam_portal_x", "kam_portal_x")
        moves = {
            "new": lambda: None,
            "acknowledged": complaint.action_acknowledge,
            "investigating": complaint.action_investigate,
            "waiting": complaint.action_wait,
        }
        for state, move in moves.items():
            move()
            self.assertEqual(complaint.state, state)
            for route, data in (("confirm", {}), ("not_solved", {"reason": "no"})):
                response = self.url_open(
                    f"/my/complaints/{complaint.id}/{route}",
                    data=dict(data, csrf_token=self._csrf()),
                )
                self.assertIn("is not waiting for your answer", response.text)
                self.assertEqual(complaint.state, state, route)
        complaint.action_investigate()
        complaint.resolution = "<p>Done.</p>"
        complaint.action_resolve()
        complaint.action_close()
        for route in ("confirm", "not_solved"):
            response = self.url_open(
                f"/my/complaints/{complaint.id}/{route}",
                data={"csrf_token": self._csrf(), "reason": "no"},
            )
            self.assertIn("is not waiting for your answer", response.text)
            self.assertEqual(complaint.state, "closed")
            self.assertEqual(complaint.reopen_count, 0)

    def test_only_customers_answer(self):
        """An employee who can read the complaint cannot confirm in the
        customer's name through the portal."""
        self._resolve(self.complaint_a)
        self.authenticate("kam_user", "kam_user")
        response = self.url_open(
            f"/my/complaints/{self.complaint_a.id}/confirm",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.complaint_a.state, "resolved")
        # nor without being logged in, even with the access token
        self.authenticate(None, None)
        token = self.complaint_a._portal_ensure_token()
        response = self.url_open(
            f"/my/complaints/{self.complaint_a.id}/confirm?access_token={token}",
            data={"csrf_token": self._csrf()},
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303, 400, 403, 404))
        self.assertEqual(self.complaint_a.state, "resolved")
