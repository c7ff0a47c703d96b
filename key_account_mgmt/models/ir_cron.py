from odoo import api, models


class IrCron(models.Model):
    _inherit = "ir.cron"

    @api.model
    def _kam_commit_progress(self, processed, remaining=None):
        """Report a batch of a key-account job: ``_commit_progress`` in a cron
        run (commits the batch, returns the seconds left of the run), nothing
        outside one (a method called by code or a test: no commit, no limit).

        Every job of the key-account addons works in batches, calls this after
        each one and stops when it returns 0; the next run (Odoo's runner
        calls the job again while ``remaining`` is not 0) goes on with what is
        left, because each job only picks what is still to do.
        """
        if not self.env.context.get("cron_id"):
            return float("inf")
        return self._commit_progress(processed, remaining=remaining)
