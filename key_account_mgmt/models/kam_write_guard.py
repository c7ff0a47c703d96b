"""Who may write what: one declarative table per model, checked in one place.

Every model that carries key-account facts (res.partner, kam.complaint,
kam.interaction, kam.points.line, and what the bridges add to them) inherits
``kam.write.guard`` and declares its table in ``_kam_write_rules()`` (extended
with ``super()`` by the addons that add fields, like
``res.users.SELF_WRITEABLE_FIELDS``). The table maps a field to its writer:

* ``KAM_ENGINE``: only the engine (jobs, workflows, SQL). In-process code marks
  its writes with ``_kam_as_engine()`` (an object in the context, which no
  client can send) or runs as superuser;
* ``KAM_MANAGER``: key-account managers (and the engine);
* ``KAM_ACCOUNT``: the manager or backup manager of the account the record
  belongs to, or a key-account manager (and the engine).

The table is enforced for ``create`` *after* the context's ``default_*``
values are applied (``_add_missing_default_values``), for ``write``, and for
the stored related and computed fields the key-account addons define (the
ORM computes them; nobody writes them). ``readonly=True`` on a field is a UI
hint, not a protection: the table is.
"""

import math
from datetime import date, datetime

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

KAM_ENGINE = "engine"
KAM_MANAGER = "manager"
KAM_ACCOUNT = "account"

# Marks writes made by the engine. An object, not a flag: a context sent by a
# client (JSON-RPC) cannot carry it.
_KAM_ENGINE_MARK = object()
# Marks the writes of a partner merge: the engine fields copied from the
# merged partners are dropped (the engine recomputes them afterwards).
_KAM_MERGE_MARK = object()

KAM_GUARD_MODULE_PREFIX = "key_account_mgmt"
# What a PostgreSQL integer column holds.
KAM_INT_MIN = -(2**31)
KAM_INT_MAX = 2**31 - 1

# The range of every date users enter (and of the dates computed from them,
# which add at most a few years): far from the year 10000 Python cannot read.
KAM_DATE_MIN = date(1900, 1, 1)
KAM_DATE_MAX = date(2199, 12, 31)


class KamWriteGuard(models.AbstractModel):
    _name = "kam.write.guard"
    _description = "Key-Account Write Protection"

    # ------------------------------------------------------------------
    # The table
    # ------------------------------------------------------------------
    @api.model
    def _kam_write_rules(self):
        """{field name: KAM_ENGINE | KAM_MANAGER | KAM_ACCOUNT} of the model.

        Fields not in the table are left to the access rights and record
        rules. Extend it with ``super()``.
        """
        return {}

    @api.model
    def _kam_guarded_fields(self):
        """The table, plus the stored related and computed fields of the
        key-account addons (engine only: the ORM computes them)."""
        rules = dict(self._kam_write_rules())
        for name, field in self._fields.items():
            if (
                name not in rules
                and field.store
                and field.compute
                and field.readonly
                and (field._module or "").startswith(KAM_GUARD_MODULE_PREFIX)
            ):
                rules[name] = KAM_ENGINE
        return rules

    # ------------------------------------------------------------------
    # Who is writing
    # ------------------------------------------------------------------
    def _kam_as_engine(self):
        """These records as the engine writes them (in-process code only)."""
        return self.with_context(kam_write_guard=_KAM_ENGINE_MARK)

    def _kam_is_engine(self):
        return (
            self.env.su or self.env.context.get("kam_write_guard") is _KAM_ENGINE_MARK
        )

    def _kam_is_merging(self):
        return self.env.context.get("kam_write_guard_merge") is _KAM_MERGE_MARK

    @api.model
    def _kam_guard_strip_engine(self, vals):
        """vals without the engine's fields (partner merge)."""
        rules = self._kam_guarded_fields()
        return {
            fname: value
            for fname, value in vals.items()
            if rules.get(fname) != KAM_ENGINE
        }

    def _kam_is_kam_manager(self):
        return self.env.user.has_group("key_account_mgmt.group_kam_manager")

    def _kam_guard_may_write_account(self, user, vals=None):
        """May ``user`` write the KAM_ACCOUNT fields of these records?

        On create, ``self`` is empty and ``vals`` are the new record's values.
        Default: no record has an account manager (key-account managers
        only). Models override it.
        """
        return False

    def _kam_guard_unchanged(self, vals, fnames):
        """The names of ``fnames`` whose value in vals is no change for self.

        A value a record already has is no change (Odoo writes unchanged
        values, for instance when it syncs the commercial fields to the
        contacts of a company).
        """
        return set()

    # ------------------------------------------------------------------
    # Bounds of the values users enter
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self._kam_check_value_bounds(*vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._kam_check_value_bounds(vals)
        return super().write(vals)

    @api.model
    def _kam_check_value_bounds(self, *vals_list):
        """Refuse, with a translated error instead of a database error, the
        numbers the columns cannot hold (NaN, infinity, integers beyond 32
        bits, floats beyond their digits) and references to records of the
        key-account addons' fields that do not exist (one query per comodel
        for the whole batch; the engine's own references are trusted)."""
        missing = {}
        items = [item for vals in vals_list for item in vals.items()]
        for fname, value in items:
            field = self._fields.get(fname)
            if field is None or value is None or value is False:
                continue
            if field.type == "integer":
                if isinstance(value, float) and not math.isfinite(value):
                    self._kam_refuse_number(field, value)
                if (
                    isinstance(value, int | float)
                    and not KAM_INT_MIN <= value <= KAM_INT_MAX
                ):
                    self._kam_refuse_number(field, value)
            elif field.type in ("date", "datetime") and (
                field._module or ""
            ).startswith(KAM_GUARD_MODULE_PREFIX):
                try:
                    day = field.convert_to_cache(value, self)
                except (TypeError, ValueError):
                    day = None
                if not day:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: %(value)s is not a date.",
                            field=field._description_string(self.env),
                            value=repr(value)[:30],
                        )
                    )
                self._kam_check_date_bounds(day, field._description_string(self.env))
            elif field.type in ("float", "monetary") and isinstance(value, int | float):
                digits = field.get_digits(self.env) if field.type == "float" else None
                limit = 10 ** (digits[0] - digits[1]) if digits else 1e15
                if not math.isfinite(value) or abs(value) >= limit:
                    self._kam_refuse_number(field, value)
            elif (
                field.type == "many2one"
                and not self.env.su
                and isinstance(value, int)
                and not isinstance(value, bool)
                and (field._module or "").startswith(KAM_GUARD_MODULE_PREFIX)
                and field.store
            ):
                missing.setdefault(field.comodel_name, []).append((field, value))
        for comodel, refs in missing.items():
            existing = set(
                self.env[comodel].sudo().browse([ref for _l, ref in refs]).exists().ids
            )
            for field, ref in refs:
                if ref not in existing:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: the record %(id)s does not exist (it may "
                            "have been deleted).",
                            field=field._description_string(self.env),
                            id=ref,
                        )
                    )

    def _kam_check_user_company(self):
        """The records' company is one of the current user's companies.

        Run by constraints (which Odoo runs as superuser, for the user who
        writes): only the superuser's own jobs are exempt.
        """
        if self.env.user._is_superuser():
            return
        companies = self.env.user.company_ids
        for record in self:
            if record.company_id and record.company_id not in companies:
                raise ValidationError(
                    self.env._(
                        "You do not belong to the company %(company)s: records "
                        "cannot be moved to it or created in it.",
                        company=record.company_id.sudo().name,
                    )
                )

    def _kam_refuse_number(self, field, value):
        label = field._description_string(self.env)
        raise ValidationError(
            self.env._(
                "%(field)s: %(value)s is not a number this field can hold.",
                field=label,
                value=repr(value)[:30],
            )
        )

    @api.model
    def _kam_check_date_bounds(self, value, label, min_date=None, max_date=None):
        """Refuse a date (or datetime) outside [min_date, max_date], by default
        the sane range KAM_DATE_MIN..KAM_DATE_MAX, with a translated error."""
        if not value:
            return
        if isinstance(value, str):
            value = (
                fields.Datetime.to_datetime(value)
                if len(value) > 10
                else (fields.Date.to_date(value))
            )
        day = value.date() if isinstance(value, datetime) else value
        low = max(min_date or KAM_DATE_MIN, KAM_DATE_MIN)
        high = min(max_date or KAM_DATE_MAX, KAM_DATE_MAX)
        if not low <= day <= high:
            raise ValidationError(
                self.env._(
                    "The %(label)s %(date)s is out of range: it must be between "
                    "%(min)s and %(max)s.",
                    label=label,
                    date=day,
                    min=low,
                    max=high,
                )
            )

    # ------------------------------------------------------------------
    # The check, in one place
    # ------------------------------------------------------------------
    def _kam_guard_check(self, vals, creating=False, only=None, rules=None):
        """Refuse the guarded fields of vals the current user may not write.

        ``self``: the records written; on create, the empty recordset.
        ``rules``: ``_kam_guarded_fields()``, when the caller has it already.
        """
        if self._kam_is_engine():
            return
        rules = rules or self._kam_guarded_fields()
        fnames = [fname for fname in (only or vals) if fname in rules]
        if not fnames:
            return
        if creating:
            # Empty values are what a new record has anyway.
            fnames = [fname for fname in fnames if vals[fname]]
        unchanged = self._kam_guard_unchanged(vals, fnames)
        fnames = [fname for fname in fnames if fname not in unchanged]
        if not fnames:
            return
        is_manager = self._kam_is_kam_manager()
        refused = []
        for fname in fnames:
            writer = rules[fname]
            if writer == KAM_ENGINE:
                refused.append(fname)
            elif writer == KAM_MANAGER and not is_manager:
                refused.append(fname)
            elif (
                writer == KAM_ACCOUNT
                and not is_manager
                and not self._kam_guard_may_write_account(
                    self.env.user, vals if creating else None
                )
            ):
                refused.append(fname)
        if refused:
            self._kam_guard_refuse(refused, rules)

    def _kam_guard_refuse(self, fnames, rules):
        labels = ", ".join(
            sorted(
                self._fields[fname]._description_string(self.env) for fname in fnames
            )
        )
        writers = {rules[fname] for fname in fnames}
        if KAM_ENGINE in writers:
            message = self.env._(
                "%(fields)s of %(model)s are computed by the key-account engine "
                "and cannot be set by hand.",
                fields=labels,
                model=self.env["ir.model"]._get(self._name).name,
            )
        elif KAM_MANAGER in writers:
            message = self.env._(
                "Only key-account managers can set %(fields)s of %(model)s.",
                fields=labels,
                model=self.env["ir.model"]._get(self._name).name,
            )
        else:
            message = self.env._(
                "Only the account manager, the backup manager or a key-account "
                "manager can set %(fields)s of %(model)s.",
                fields=labels,
                model=self.env["ir.model"]._get(self._name).name,
            )
        raise AccessError(message)

    def _add_missing_default_values(self, values):
        # The defaults a client sends as default_* context keys are checked
        # like the values it gives: after they are applied.
        result = super()._add_missing_default_values(values)
        if not any(key.startswith("default_") for key in self.env.context):
            return result
        defaulted = {
            fname: value
            for fname, value in result.items()
            if fname not in values and f"default_{fname}" in self.env.context and value
        }
        if defaulted and not self._kam_is_engine():
            self.browse()._kam_guard_check(
                dict(result, **defaulted), creating=True, only=defaulted
            )
        return result

    @api.model
    def _kam_guard_check_create(self, vals_list):
        """Check the values given to create (the defaults come later)."""
        if self._kam_is_engine():
            return
        rules = self._kam_guarded_fields()
        for vals in vals_list:
            self.browse()._kam_guard_check(vals, creating=True, rules=rules)
