"""Normalisation of names, phones, e-mail domains and registry numbers.

Pure functions shared by the duplicate check (查重) and the worksheet import:
the same keys are stored on res.partner (indexed) and computed for the values
typed in a form or read from a worksheet.
"""

import re
import unicodedata

# Legal forms dropped from the end of a company name (after case folding,
# full-width to half-width and punctuation removal), longest first.
KAM_CJK_LEGAL_SUFFIXES = sorted(
    [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "股份公司",
        "集团公司",
        "责任公司",
        "公司",
        "有限公司分公司",
        "分公司",
    ],
    key=len,
    reverse=True,
)
KAM_LATIN_LEGAL_SUFFIXES = {
    "co",
    "company",
    "corp",
    "corporation",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "llc",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sarl",
    "bv",
    "nv",
    "srl",
    "spa",
    "kg",
}
# Mail providers whose domain says nothing about the company.
KAM_PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "qq.com",
        "vip.qq.com",
        "foxmail.com",
        "163.com",
        "vip.163.com",
        "126.com",
        "yeah.net",
        "188.com",
        "sina.com",
        "sina.cn",
        "vip.sina.com",
        "sohu.com",
        "aliyun.com",
        "139.com",
        "189.cn",
        "wo.cn",
        "tom.com",
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "msn.com",
        "yahoo.com",
        "icloud.com",
        "me.com",
        "proton.me",
        "protonmail.com",
        "gmx.de",
        "web.de",
    }
)
_PUNCTUATION = re.compile(r"[\W_]+", re.UNICODE)


def kam_halfwidth(text):
    """Full-width letters, digits and punctuation as half-width (NFKC)."""
    if not text:
        return ""
    return unicodedata.normalize("NFKC", str(text)).strip()


def kam_name_key(name):
    """Company name without case, spaces, punctuation and legal form.

    "上海某某科技有限公司", "上海某某科技 有限公司" and "上海某某科技（有限公司）"
    give the same key; so do "Acme Co., Ltd." and "ACME LIMITED".
    """
    text = _PUNCTUATION.sub(" ", kam_halfwidth(name).casefold()).strip()
    while text:
        compact = text.replace(" ", "")
        suffix = next(
            (
                s
                for s in KAM_CJK_LEGAL_SUFFIXES
                if compact.endswith(s) and len(compact) > len(s)
            ),
            None,
        )
        if suffix:
            # drop the suffix, whatever spaces it was written with
            kept = len(compact) - len(suffix)
            count = 0
            for index, char in enumerate(text):
                if char != " ":
                    count += 1
                if count == kept:
                    text = text[: index + 1].strip()
                    break
            continue
        words = text.split()
        if len(words) > 1 and words[-1] in KAM_LATIN_LEGAL_SUFFIXES:
            text = " ".join(words[:-1])
            continue
        break
    return text.replace(" ", "") or False


def kam_phone_key(phone):
    """Digits of a phone number, without the Chinese country code.

    "+86 138 0013 8000", "0086-138-0013-8000" and "13800138000" give
    "13800138000"; "+86 21 6888 8888" gives "02168888888" like "021-68888888".
    """
    text = kam_halfwidth(phone)
    digits = re.sub(r"\D", "", text)
    international = text.startswith("+") or digits.startswith("00")
    if digits.startswith("00"):
        digits = digits[2:]
    if digits.startswith("86") and (international or len(digits) == 13):
        digits = digits[2:]
        if digits and not digits.startswith(("1", "0")):
            digits = "0" + digits
    return digits if len(digits) >= 6 else False


def kam_email_domain(email):
    """Domain of an e-mail address, unless it is a public mail provider."""
    text = kam_halfwidth(email).casefold()
    if "@" not in text:
        return False
    domain = text.rsplit("@", 1)[1].strip(" >.;,")
    if not domain or "." not in domain or domain in KAM_PUBLIC_MAIL_DOMAINS:
        return False
    return domain


def kam_code_key(code):
    """Registry number or VAT without spaces, dashes, case or country prefix."""
    text = re.sub(r"[^0-9A-Z]", "", kam_halfwidth(code).upper())
    if text.startswith("CN") and len(text) == 20:
        text = text[2:]
    return text if len(text) >= 5 else False


def kam_email_key(email):
    """An e-mail address, case folded and half-width."""
    text = kam_halfwidth(email).casefold()
    return text if "@" in text else False
