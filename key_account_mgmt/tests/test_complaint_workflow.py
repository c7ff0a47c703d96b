from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from ..models.kam_constants import KAM_COMPLAINT_STATES, KAM_COMPLAINT_TRANSITIONS
from .common_complaint import KamComplaintCommon


@tagged("post_install", "-at_install")
class TestComplaintWorkflow(KamComplaintCommon):
    def test_reference_and_defaults(self):
        complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        other = self._complaint(self.dt(2026, 3, 2, 9, 0))
        self.assertRegex(complaint.name, r"^KC/\d{4}/\d{5}$")
        self.assertNotEqual(complaint.name, other.name)
        self.assertEqual(complaint.state, "new")
        # no category: the account manager is responsible
        self.assertEqual(complaint.user_id, self.kam_user)
        self.assertEqual(complaint.manager_id, self.kam_user)

    def test_category_assigns_responsible(self):
        complaint = self._complaint(
            self.dt(2026, 3, 2, 9, 0), category_id=self.category.id
        )
        self.assertEqual(complaint.user_id, self.kam_user2)
        given = self._complaint(
            self.dt(2026, 3, 2, 9, 0),
            category_id=self.category.id,
            user_id=self.kam_manager.id,
        )
        self.assertEqual(given.user_id, self.kam_manager)

    def test_account_manager_follows(self):
        self.account.sudo().kam_backup_manager_id = self.kam_user2
        complaint = self.Complaint.with_context(tracking_disable=False).create(
            {"subject": "Late", "partner_id": self.account_contact.id}
        )
        followers = complaint.message_partner_ids
        self.assertIn(self.kam_user.partner_id, followers)
        self.assertIn(self.kam_user2.partner_id, followers)

    def _in_state(self, state):
        complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        complaint._kam_moving().write(
            {
                "state": state,
                "resolution": "<p>Fixed</p>",
                "waiting_since": self.dt(2026, 3, 2, 10, 0)
                if state == "waiting"
                else False,
            }
        )
        return complaint

    def test_every_transition(self):
        """Every move of the table works, every other move raises."""
        states = [state for state, _label in KAM_COMPLAINT_STATES]
        for action, (allowed, target) in KAM_COMPLAINT_TRANSITIONS.items():
            for state in states:
                with self.subTest(action=action, state=state):
                    complaint = self._in_state(state)
                    method = getattr(complaint, f"action_{action}")
                    if state in allowed:
                        method()
                        self.assertEqual(complaint.state, target)
                    else:
                        with self.assertRaises(UserError):
                            method()
                        self.assertEqual(complaint.state, state)

    def test_state_written_directly_follows_the_table(self):
        complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        with self.assertRaises(UserError):
            complaint.write({"state": "closed"})
        with self.assertRaises(UserError):
            complaint.with_user(self.kam_user).write({"state": "resolved"})
        # an allowed move goes through its action: the first response is
        # recorded
        with freeze_time("2026-03-02 10:00:00"):
            complaint.write({"state": "acknowledged"})
        self.assertEqual(complaint.state, "acknowledged")
        self.assertEqual(complaint.date_first_response, self.dt(2026, 3, 2, 10, 0))
        complaint.write({"state": "investigating", "resolution": False})
        with self.assertRaises(UserError):
            complaint.write({"state": "resolved"})

    def test_full_cycle(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        with freeze_time("2026-03-02 09:30:00"):
            complaint.action_acknowledge()
        self.assertEqual(complaint.date_first_response, self.dt(2026, 3, 2, 9, 30))
        complaint.action_investigate()
        complaint.resolution = "<p>Replaced the parts</p>"
        with freeze_time("2026-03-02 15:00:00"):
            complaint.action_resolve()
        self.assertEqual(complaint.date_resolved, self.dt(2026, 3, 2, 15, 0))
        with freeze_time("2026-03-03 09:00:00"):
            complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.customer_confirmed)
        self.assertEqual(complaint.date_closed, self.dt(2026, 3, 3, 9, 0))
        self.assertEqual(complaint.sla_status, "met")

    def test_resolution_required(self):
        complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        complaint.action_acknowledge()
        complaint.action_investigate()
        for empty in (False, "<p><br></p>"):
            complaint.resolution = empty
            with self.assertRaises(UserError):
                complaint.action_resolve()
            self.assertEqual(complaint.state, "investigating")
        complaint.resolution = "<p>Refunded</p>"
        complaint.action_resolve()
        self.assertEqual(complaint.state, "resolved")

    def test_reopen_counting(self):
        complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        complaint.action_acknowledge()
        complaint.resolution = "<p>Refunded</p>"
        complaint.action_resolve()
        complaint.action_reopen()
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(complaint.date_resolved)
        complaint.action_resolve()
        complaint.action_close()
        complaint.action_reopen()
        self.assertEqual(complaint.reopen_count, 2)
        self.assertFalse(complaint.customer_confirmed)
        self.assertFalse(complaint.date_closed)
        # the first response stays recorded
        self.assertTrue(complaint.date_first_response)

    def test_reopen_does_not_count_the_resolved_time(self):
        """Resolved on time, reopened a week later: not a breach.

        16 working hours to resolve on Mon-Fri 9-18. Received Monday 9:00,
        resolved at 10:00 (1 hour used), reopened the next Monday at 10:00:
        the 45 working hours in between are paused, 15 hours are left:
        8 on Monday from 10:00, 7 on Tuesday from 9:00, due Tuesday 16:00.
        """
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
        with freeze_time("2026-03-02 10:00:00"):
            complaint.action_acknowledge()
            complaint.resolution = "<p>Replaced the bearings</p>"
            complaint.action_resolve()
        with freeze_time("2026-03-09 10:00:00"):
            complaint.action_reopen()
            complaint._kam_refresh_sla()
            self.assertEqual(complaint.sla_paused_hours, 45.0)
            self.assertEqual(complaint.resolution_deadline, self.dt(2026, 3, 10, 16, 0))
            self.assertEqual(complaint.sla_status, "on_track")

    def test_cancel_keeps_breach(self):
        with freeze_time("2026-03-02 09:00:00"):
            complaint = self._complaint(self.dt(2026, 3, 2, 9, 0))
            other = self._complaint(self.dt(2026, 3, 2, 9, 0))
        with freeze_time("2026-03-02 10:00:00"):
            other.action_cancel()
        with freeze_time("2026-03-03 10:00:00"):
            complaint.action_cancel()
            (complaint | other)._kam_refresh_sla()
        self.assertEqual(complaint.sla_status, "breached")
        self.assertFalse(other.sla_status)

    def test_rating_on_close(self):
        complaint = self._complaint(self.dt(2026, 3, 2, 9, 0), self.account_contact)
        complaint.action_acknowledge()
        complaint.resolution = "<p>Refunded</p>"
        complaint.action_resolve()
        complaint.action_close()
        rating = complaint.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertEqual(rating.partner_id, self.account_contact)
        self.assertEqual(rating.parent_res_model, "res.partner")
        self.assertEqual(rating.parent_res_id, self.account.id)
        request = complaint.message_ids.filtered(
            lambda m: self.account_contact in m.partner_ids
        )
        self.assertTrue(request, "the customer gets a rating request")
        self.assertIn(f"/rate/{rating.access_token}/5", request[0].body)
        # the customer rates: shown on the complaint and on the account
        complaint.rating_apply(5, token=rating.access_token)
        self.assertEqual(complaint.rating_last_value, 5)
        second = self._complaint(self.dt(2026, 3, 2, 9, 0), self.account_contact)
        second.action_acknowledge()
        second.resolution = "<p>Refunded</p>"
        second.action_resolve()
        second.action_close()
        second.rating_apply(3, token=second.rating_ids.access_token)
        self.account.invalidate_recordset()
        self.assertEqual(self.account.kam_complaint_rating_avg, 4.0)
        self.assertEqual(self.account.kam_complaint_rating_count, 2)
        self.assertEqual(self.account_contact.kam_complaint_rating_avg, 4.0)
        # and in the satisfaction signal of the health score
        signal = self.env["res.partner"]._kam_signal_satisfaction(
            [self.account.id], self.dt(2026, 12, 1).date()
        )
        self.assertEqual(signal[self.account.id]["satisfaction"]["values"]["count"], 2)

    def test_partner_open_complaint_count(self):
        self._complaint(self.dt(2026, 3, 2, 9, 0))
        self._complaint(self.dt(2026, 3, 2, 9, 0), self.account_contact)
        done = self._complaint(self.dt(2026, 3, 2, 9, 0))
        done.action_cancel()
        self.assertEqual(self.account.kam_open_complaint_count, 2)
        self.assertEqual(self.account_contact.kam_open_complaint_count, 2)
        self.assertEqual(self.other_account.kam_open_complaint_count, 0)
        action = self.account_contact.action_kam_view_complaints()
        self.assertEqual(
            self.Complaint.search(action["domain"]),
            self.Complaint.search([("commercial_partner_id", "=", self.account.id)]),
        )
        # the health score reads the same columns
        signal = self.env["res.partner"]._kam_signal_complaints(
            [self.account.id], self.dt(2026, 12, 1).date()
        )
        self.assertEqual(signal[self.account.id]["complaints"]["values"]["open"], 2)

    def test_form_as_key_account_user(self):
        with Form(self.Complaint.with_user(self.kam_user)) as form:
            form.subject = "Wrong invoice address"
            form.partner_id = self.account_contact
            form.category_id = self.category
            self.assertEqual(form.user_id, self.kam_user2)
            form.user_id = self.kam_user
        complaint = form.record
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.tier_id, self.tier_strategic)
        self.assertTrue(complaint.first_response_deadline)
        # the partner's smart button opens the account's complaints
        action = self.account.with_user(self.kam_user).action_kam_view_complaints()
        self.assertIn(
            complaint,
            self.Complaint.with_user(self.kam_user).search(action["domain"]),
        )

    def test_partner_form_buttons(self):
        self._complaint(self.dt(2026, 3, 2, 9, 0))
        form = Form(self.account.with_user(self.kam_user))
        self.assertEqual(form.kam_open_complaint_count, 1)
        self.assertEqual(form.kam_complaint_rating_count, 0)
        # other users open partners without the key-account fields
        Form(self.account.with_user(self.contact_creator))
