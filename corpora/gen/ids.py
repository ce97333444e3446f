"""Identifier check characters used by the demo corpus.

- 统一社会信用代码 (credit_code): GB 32100-2015, 18 characters. Position 1 登记管理部门码,
  2 机构类别码, 3-8 登记管理机关行政区划码, 9-17 主体标识码 (the GB 11714 组织机构代码:
  8 body characters + its own check digit), 18 the mod-31 check character.
- 组织机构代码 (embedded at positions 9-17): GB 11714-1997, weights 3 7 9 10 5 8 4 2, mod 11.
- 公民身份号码: GB 11643-1999, ISO 7064 MOD 11-2 (weights 2^(17-i) mod 11).
"""

from __future__ import annotations

import datetime as _dt

# GB 32100-2015 code alphabet: digits and capitals without I, O, Z, S, V (31 characters).
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Weights W_i = 3^(i-1) mod 31 for positions 1..17 (GB 32100-2015 附录 B).
CREDIT_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# GB 11714-1997: weights of the eight body characters.
ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2]
# GB 11643-1999: weights of the first 17 digits and the check character table.
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"


def _org_value(ch: str) -> int:
    """GB 11714 character value: 0-9 are themselves, A-Z are 10-35."""
    if ch.isdigit():
        return int(ch)
    return ord(ch) - ord("A") + 10


def org_code_check(body8: str) -> str:
    """Check digit of an 8-character 组织机构代码 body (GB 11714-1997): '0'-'9' or 'X'."""
    assert len(body8) == 8
    c = 11 - sum(_org_value(ch) * w for ch, w in zip(body8, ORG_WEIGHTS)) % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def credit_check(code17: str) -> str:
    """Check character of the first 17 characters of a credit_code (GB 32100-2015)."""
    assert len(code17) == 17
    s = sum(CREDIT_CHARSET.index(ch) * w for ch, w in zip(code17, CREDIT_WEIGHTS))
    return CREDIT_CHARSET[(31 - s % 31) % 31]


def make_credit_code(reg: str, kind: str, region6: str, body8: str) -> str:
    """A valid credit_code: registration authority + kind + region + org code (with its check) + check."""
    org = body8 + org_code_check(body8)
    assert all(ch in CREDIT_CHARSET for ch in org), org
    code17 = reg + kind + region6 + org
    return code17 + credit_check(code17)


def credit_code_valid(code: str) -> bool:
    """True when both the embedded GB 11714 check digit and the GB 32100 check character hold."""
    if len(code) != 18 or any(ch not in CREDIT_CHARSET for ch in code):
        return False
    return org_code_check(code[8:16]) == code[16] and credit_check(code[:17]) == code[17]


def corrupt_credit_code(code: str) -> str:
    """The same code with a wrong final check character (the next one in the alphabet)."""
    i = CREDIT_CHARSET.index(code[17])
    return code[:17] + CREDIT_CHARSET[(i + 1) % 31]


def id_check(id17: str) -> str:
    """Check character of the first 17 digits of a 公民身份号码 (GB 11643-1999 MOD 11-2)."""
    assert len(id17) == 17 and id17.isdigit()
    return ID_CHECK[sum(int(d) * w for d, w in zip(id17, ID_WEIGHTS)) % 11]


def make_id_number(region6: str, birth: _dt.date, seq3: str) -> str:
    """A valid 18-character 公民身份号码 for the given region, birth date and sequence code."""
    id17 = region6 + birth.strftime("%Y%m%d") + seq3
    return id17 + id_check(id17)


def id_number_valid(idn: str) -> bool:
    """True when the check character and the embedded birth date are valid."""
    if len(idn) != 18 or not idn[:17].isdigit():
        return False
    try:
        _dt.date(int(idn[6:10]), int(idn[10:12]), int(idn[12:14]))
    except ValueError:
        return False
    return id_check(idn[:17]) == idn[17]


def age_on(birth: _dt.date, day: _dt.date) -> int:
    """Full years of age on `day` (周岁)."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _self_test() -> None:
    # GB 11714-1997's own example: D2143569-X.
    assert org_code_check("D2143569") == "X"
    # GB 32100-2015's example code.
    assert credit_code_valid("91350100M000100Y43")
    # GB 11643-1999's example number.
    assert id_number_valid("11010519491231002X")


_self_test()
