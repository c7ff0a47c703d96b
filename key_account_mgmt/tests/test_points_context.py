from freezegun import freeze_time

from .common import KamCommon


class TestPointsContext(KamCommon):
    """No context key decides what is booked: a ledger line takes its values
    from the entry point's arguments, never from ``default_*`` keys (which
    any client sends with a call)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reward = cls.env["kam.reward"].create({"name": "Mug", "points_cost": 10})
        cls.first = cls.account.kam_earn_points(100, "FIRST")

    def _forged_context(self):
        return {
            "default_note": "FROM THE CONTEXT",
            "default_reward_id": self.reward.id,
            "default_is_qualifying": False,
            "default_user_id": self.kam_user2.id,
            "default_source_line_id": self.first.id,
            "default_corrected_line_id": self.first.id,
            "default_expiry_date": "2099-12-31",
        }

    def _callers(self):
        """The account as a user calls it, and as code already in superuser
        mode that passes on the context it was given (Odoo drops default_*
        keys only when a call turns superuser)."""
        account = self.account.with_user(self.kam_user)
        return (
            account.with_context(**self._forged_context()),
            account.sudo().with_context(**self._forged_context()),
        )

    def _assert_nothing_from_the_context(self, line):
        self.assertNotEqual(line.note, "FROM THE CONTEXT")
        self.assertFalse(line.source_line_id)
        self.assertFalse(line.corrected_line_id)
        self.assertEqual(line.user_id, self.kam_user)

    def test_earn(self):
        for account in self._callers():
            line = account.kam_earn_points(5, "EARN", expiry_date=False)
            self._assert_nothing_from_the_context(line)
            self.assertFalse(line.reward_id)
            self.assertTrue(line.is_qualifying)
            self.assertFalse(line.expiry_date)

    def test_redeem_and_the_expiry_it_books(self):
        Line = self.env["kam.points.line"]
        for account in self._callers():
            with freeze_time("2020-01-01"):
                self.account.kam_earn_points(5, "OLD", expiry_date="2020-06-30")
            line = account.kam_redeem_points(20, "REDEEM")
            self._assert_nothing_from_the_context(line)
            self.assertFalse(line.reward_id)
            expiry = Line.search(
                [("partner_id", "=", self.account.id), ("kind", "=", "expire")],
                limit=1,
            )
            self.assertEqual(expiry.origin, "Expiry of OLD")
            self.assertNotEqual(expiry.note, "FROM THE CONTEXT")
            self.assertFalse(expiry.reward_id)
            self.assertFalse(expiry.corrected_line_id)
