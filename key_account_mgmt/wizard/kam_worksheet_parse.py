"""Parsing of the cells of a customer worksheet (客户管理工作表).

Pure helpers of the worksheet import: dated texts ("2023-01-01 电话联系"),
grades ("A", "A类", "a"), the channel of an interaction, the address cell and
the values of a row that would change a partner.
"""

import re
from datetime import date

from odoo import models
from odoo.exceptions import UserError

from ..models.kam_normalize import kam_email_key, kam_halfwidth, kam_phone_key

# "2023-01-01 电话联系", "2023/1/1：电话联系", "２０２３年１月１日 电话联系"
# (full-width digits and punctuation too).
_DATED_TEXT = re.compile(
    r"^\s*(?P<y>\d{4})\s*[-/.－／．年]\s*(?P<m>\d{1,2})\s*[-/.－／．月]\s*"
    r"(?P<d>\d{1,2})\s*日?(?:[ T]\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
    r"\s*[,;:，；：、]?\s*(?P<text>.*)$",
    re.DOTALL,
)
_GRADE_NOISE = re.compile(r"(类|類|级|級|等|客户|CLASS|GRADE|LEVEL|\s)", re.IGNORECASE)
# Words of an interaction that tell its channel.
_CHANNEL_WORDS = (
    ("wechat", ("微信", "wechat")),
    ("email", ("邮件", "邮箱", "e-mail", "email", "mail")),
    ("visit", ("拜访", "上门", "走访", "visit")),
    ("meeting", ("会议", "会谈", "见面", "开会", "meeting")),
    ("phone", ("电话", "致电", "来电", "通话", "phone", "call")),
)


def leading_date(text):
    """Date a text starts with, or None (never raises)."""
    match = _DATED_TEXT.match(text or "")
    if not match:
        return None
    try:
        return date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None


def parse_dated_text(env, value, column):
    """(date, text) of a "2023-01-01 电话联系" cell; (None, text) if undated.

    A cell that starts with digits that are not a date is refused.
    """
    text = (value or "").strip()
    if not text:
        return None, ""
    match = _DATED_TEXT.match(text)
    if not match:
        if re.match(r"^\s*\d", text):
            raise UserError(
                env._(
                    "%(column)s: bad date in “%(value)s” (write it as "
                    "2023-01-01 followed by the text).",
                    column=column,
                    value=text,
                )
            )
        return None, text
    day = leading_date(text)
    if not day:
        raise UserError(
            env._("%(column)s: bad date in “%(value)s”.", column=column, value=text)
        )
    return day, match["text"].strip()


def parse_grade(env, value):
    """ "A", "A类", "a", "Ａ" give "A"; anything else but A, B, C is refused."""
    text = _GRADE_NOISE.sub("", kam_halfwidth(value)).upper()
    if not text:
        return False
    if text not in ("A", "B", "C"):
        raise UserError(
            env._(
                "Unknown customer grade “%(grade)s”: use A, B or C (A类, B类, C类).",
                grade=value,
            )
        )
    return text


def guess_channel(text):
    """Channel of an interaction from its words (电话, 微信, 拜访...)."""
    lowered = (text or "").casefold()
    for channel, words in _CHANNEL_WORDS:
        if any(word in lowered for word in words):
            return channel
    return "other"


def address_vals(address):
    """A short text without digits is a city, anything else a street."""
    address = (address or "").strip()
    if not address:
        return {}
    if not re.search(r"\d", address) and len(address) <= 12:
        return {"city": address}
    return {"street": address}


def changed_values(record, vals):
    """The non-empty values of vals that differ from the record (phones and
    e-mails compared normalised)."""
    changed = {}
    for fname, value in vals.items():
        if value in (False, None, ""):
            continue
        current = record[fname]
        if isinstance(current, models.BaseModel):
            current = current.id
        if fname == "phone":
            if kam_phone_key(current) == kam_phone_key(value):
                continue
        elif fname == "email":
            if kam_email_key(current) == kam_email_key(value):
                continue
        elif (current or False) == value:
            continue
        changed[fname] = value
    return changed
