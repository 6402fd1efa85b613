"""Temporal expressions in Chinese and English, resolved against a reference date.

    >>> ref = dt.date(2023, 9, 6)
    >>> [(d.text, d.first.isoformat(), d.last.isoformat()) for d in find_dates("佩斯科夫5日称，8月下旬", ref)]
    [('5日', '2023-09-05', '2023-09-05'), ('8月下旬', '2023-08-21', '2023-08-31')]

The reference is the article's publication date.  Rules, all relative to it:
* a bare day (5日, "on the 5th") is in the reference month, unless that puts it more than
  15 days after the reference, then it is in the month before;
* a month without a year (7月, "in July") is the one nearest the reference;
* 上旬 / early = days 1–10, 中旬 / mid = 11–20, 下旬 / late = 21–end; 月初 = 1–10,
  月底 / 月末 / "end of" = 21–end; 年初 = Jan–Feb, 年底 / 年末 = Nov–Dec;
* 上周 / "last week" = the Monday–Sunday week before the reference's week;
* 当天 / 当日 / 同日 / "that day" = the last day-precise date before it in the passage
  (or the reference when there is none); 次日 / "the next day" = the day after that.
Whether a date is *reported* (when a source spoke) or an *event* date is decided by
`dashboard.attribution`, which knows who speaks.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "days", "week", "part-of-month", "month", "part-of-year", "year")


@dataclass(frozen=True)
class DateMention:
    text: str
    start: int  # offsets in the searched text
    end: int
    first: dt.date
    last: dt.date
    precision: str
    kind: str = "event"  # event | reported; set by attribution

    def overlaps(self, since: dt.date | None, until: dt.date | None) -> bool:
        return (since is None or self.last >= since) and (until is None or self.first <= until)

    def with_kind(self, kind: str) -> "DateMention":
        return DateMention(self.text, self.start, self.end, self.first, self.last, self.precision, kind)

    def shifted(self, offset: int) -> "DateMention":
        return DateMention(self.text, self.start + offset, self.end + offset, self.first, self.last,
                           self.precision, self.kind)


# ---- numbers ---------------------------------------------------------------------------
_ZH_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_N = r"(?:[0-9０-９]{1,2}|[一二三四五六七八九十]{1,3})"


def _num(text: str) -> int:
    text = text.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_ZH_DIGITS.get(tens, 1) if tens else 1) * 10 + (_ZH_DIGITS.get(ones, 0) if ones else 0)
    return _ZH_DIGITS[text]


# ---- calendar helpers --------------------------------------------------------------------
def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _nearest_year(month: int, ref: dt.date) -> int:
    if month - ref.month > 6:
        return ref.year - 1
    if ref.month - month > 6:
        return ref.year + 1
    return ref.year


def _bare_day(day: int, ref: dt.date) -> dt.date | None:
    year, month = ref.year, ref.month
    if day - ref.day > 15:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_part(year: int, month: int, part: str) -> tuple[dt.date, dt.date]:
    end = _month_end(year, month)
    if part in ("上旬", "初", "月初", "early", "beginning"):
        return dt.date(year, month, 1), dt.date(year, month, 10)
    if part in ("中旬", "中", "月中", "mid"):
        return dt.date(year, month, 11), dt.date(year, month, 20)
    return dt.date(year, month, 21), end  # 下旬 底 末 late end


def _year_part(year: int, part: str) -> tuple[dt.date, dt.date, str]:
    if part in ("初", "年初", "early", "beginning", "start"):
        return dt.date(year, 1, 1), dt.date(year, 2, _month_end(year, 2).day), "part-of-year"
    if part in ("底", "末", "年底", "年末", "late", "end"):
        return dt.date(year, 11, 1), dt.date(year, 12, 31), "part-of-year"
    if part in ("上半年", "first half"):
        return dt.date(year, 1, 1), dt.date(year, 6, 30), "part-of-year"
    if part in ("下半年", "second half"):
        return dt.date(year, 7, 1), dt.date(year, 12, 31), "part-of-year"
    if part in ("中", "年中", "mid"):
        return dt.date(year, 5, 1), dt.date(year, 8, 31), "part-of-year"
    return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"


def _week(ref: dt.date, weeks: int) -> tuple[dt.date, dt.date]:
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=weeks)
    return monday, monday + dt.timedelta(days=6)


def _month_offset(ref: dt.date, months: int) -> tuple[dt.date, dt.date]:
    index = ref.year * 12 + ref.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, 1), _month_end(year, month + 1)


# ---- Chinese -------------------------------------------------------------------------------
_ZH_REL_YEAR = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1}
_ZH_TOD = r"(?:凌晨|早上|早间|上午|中午|下午|傍晚|晚间|晚上|深夜|早|晚|夜)"
_ZH_RANGE = r"(?:至|到|－|-|—|~|～)"
_ZH_REL = {
    "上周": ("week", -1), "上星期": ("week", -1), "上个星期": ("week", -1), "本周": ("week", 0), "这周": ("week", 0),
    "下周": ("week", 1), "下星期": ("week", 1), "下个星期": ("week", 1),
    "上个月": ("month", -1), "上月": ("month", -1), "本月": ("month", 0), "这个月": ("month", 0),
    "下个月": ("month", 1), "下月": ("month", 1),
    "昨天": ("day", -1), "昨日": ("day", -1), "今天": ("day", 0), "今日": ("day", 0), "明天": ("day", 1),
    "明日": ("day", 1), "前天": ("day", -2), "后天": ("day", 2),
    "当天": ("same", 0), "当日": ("same", 0), "同日": ("same", 0), "次日": ("same", 1), "第二天": ("same", 1),
}


def _alternation(phrases) -> str:
    """One regex alternation of `phrases`, longest first (so 上个月 wins over 上月).

    Built from the phrase tables so that a phrase the pattern matches always has a rule:
    the pattern and the table cannot drift apart (they once did: "earlier this week" matched
    and then raised KeyError).
    """
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(phrases, key=len, reverse=True))


_ZH = re.compile(
    rf"(?P<prefix>截至|截止到|截止)?(?:"
    rf"(?:(?P<y>(?:1[89]|20)\d\d)年|(?P<ry>今年|本年|去年|前年|明年))?"
    rf"(?P<m>{_N})月份?"
    rf"(?:(?P<d>{_N})[日号](?:{_ZH_RANGE}(?:(?P<m2>{_N})月)?(?P<d2>{_N})[日号])?{_ZH_TOD}?"
    rf"|(?P<mpart>上旬|中旬|下旬|初|中|底|末))?"
    rf"|(?:(?P<yo>(?:1[89]|20)\d\d)年|(?P<ryo>今年|去年|前年|明年))(?P<ypart>上半年|下半年|初|底|末|中)?"
    rf"|(?<![0-9０-９一二三四五六七八九十月])(?P<do>{_N})[日号](?:{_ZH_RANGE}(?P<do2>{_N})[日号])?{_ZH_TOD}?"
    rf"|(?P<rel>{_alternation(_ZH_REL)})"
    rf")"
)


def _resolve_zh(m: re.Match, ref: dt.date | None, last_day: dt.date | None):
    g = m.groupdict()
    if g["m"]:
        month = _num(g["m"])
        if not 1 <= month <= 12:
            return None
        if g["y"]:
            year = int(g["y"])
        elif g["ry"]:
            if ref is None:
                return None
            year = ref.year + _ZH_REL_YEAR[g["ry"]]
        elif ref is not None:
            year = _nearest_year(month, ref)
        else:
            return None
        if g["d"]:
            first = dt.date(year, month, _num(g["d"]))
            if g["d2"]:
                month2 = _num(g["m2"]) if g["m2"] else month
                return first, dt.date(year, month2, _num(g["d2"])), "days"
            return first, first, "day"
        if g["mpart"]:
            first, last = _month_part(year, month, g["mpart"])
            return first, last, "part-of-month"
        return dt.date(year, month, 1), _month_end(year, month), "month"
    if g["yo"] or g["ryo"]:
        if g["yo"]:
            year = int(g["yo"])
        elif ref is None:
            return None
        else:
            year = ref.year + _ZH_REL_YEAR[g["ryo"]]
        return _year_part(year, g["ypart"] or "")
    if g["do"]:
        if ref is None:
            return None
        first = _bare_day(_num(g["do"]), ref)
        if first is None:
            return None
        if g["do2"]:
            last = _bare_day(_num(g["do2"]), ref) or first
            return first, max(first, last), "days"
        return first, first, "day"
    rule = _ZH_REL.get(g["rel"] or "")
    return None if rule is None else _relative(rule, ref, last_day)


def _relative(rule, ref, last_day):
    unit, offset = rule
    if unit == "same":
        base = last_day or ref
        if base is None:
            return None
        day = base + dt.timedelta(days=offset)
        return day, day, "day"
    if ref is None:
        return None
    if unit == "week":
        return (*_week(ref, offset), "week")
    if unit == "month":
        return (*_month_offset(ref, offset), "month")
    if unit == "year":
        return dt.date(ref.year + offset, 1, 1), dt.date(ref.year + offset, 12, 31), "year"
    day = ref + dt.timedelta(days=offset)
    return day, day, "day"


# ---- English -------------------------------------------------------------------------------
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MON = r"(?P<{0}>January|February|March|April|May|June|July|August|September|October|November|December|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_DAY = r"(?P<{0}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{0}>(?:1[89]|20)\d\d)"
_PART = r"(?P<{0}>early|mid|late|the end of|end of|the beginning of|beginning of|the start of|start of)[\s-]"
_EN_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_EN_REL = {
    "last week": ("week", -1), "this week": ("week", 0), "earlier this week": ("week", 0),
    "later this week": ("week", 0), "next week": ("week", 1),
    "last month": ("month", -1), "this month": ("month", 0), "earlier this month": ("month", 0),
    "later this month": ("month", 0), "next month": ("month", 1),
    "last year": ("year", -1), "this year": ("year", 0), "earlier this year": ("year", 0),
    "later this year": ("year", 0), "next year": ("year", 1),
    "yesterday": ("day", -1), "today": ("day", 0), "tomorrow": ("day", 1),
    "the same day": ("same", 0), "that day": ("same", 0), "the next day": ("same", 1),
    "the following day": ("same", 1), "the day before": ("same", -1),
}
_EN = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    # 13 September 2023 / 10-13 September / 10 to 13 September
    + _DAY.format("d") + r"(?:\s*(?:-|–|to)\s*" + _DAY.format("d2") + r")?\s+(?:of\s+)?" + _MON.format("m")
    + r"(?:,?\s+" + _YEAR.format("y") + r")?"
    # September 13, 2023 / September 10-13
    + r"|" + _MON.format("m3") + r"\s+" + _DAY.format("d3") + r"(?:\s*(?:-|–|to)\s*" + _DAY.format("d4") + r")?"
    + r"(?:,?\s+" + _YEAR.format("y3") + r")?(?![0-9])"
    # late August 2023 / end of August
    + r"|" + _PART.format("part") + _MON.format("m5") + r"(?:\s+" + _YEAR.format("y5") + r")?"
    # April 2019 / in July
    + r"|" + _MON.format("m6") + r"(?:\s+" + _YEAR.format("y6") + r")?"
    # late 2022 / 2019
    + r"|(?:" + _PART.format("ypart") + r")?" + _YEAR.format("yo")
    + r"|(?P<rel>" + _alternation(_EN_REL) + r")"
    + r"|(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    + r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)
# "May" is also a verb; only take it with a day or a year.
_AMBIGUOUS_MONTHS = {"may", "mar", "jan", "jun", "jul", "aug", "oct", "nov", "dec", "sep", "feb", "apr"}


def _month_year(month_text, year_text, ref):
    month = _MONTHS[month_text.lower().rstrip(".")]
    if year_text:
        return int(year_text), month
    if ref is None:
        return None, month
    return _nearest_year(month, ref), month


def _resolve_en(m: re.Match, ref, last_day):
    g = m.groupdict()
    try:
        if g["m"] or g["m3"]:
            month_text, year_text = (g["m"], g["y"]) if g["m"] else (g["m3"], g["y3"])
            d1, d2 = (g["d"], g["d2"]) if g["m"] else (g["d3"], g["d4"])
            year, month = _month_year(month_text, year_text, ref)
            if year is None:
                return None
            first = dt.date(year, month, int(d1))
            if d2:
                return first, dt.date(year, month, int(d2)), "days"
            return first, first, "day"
        if g["m5"]:
            year, month = _month_year(g["m5"], g["y5"], ref)
            if year is None:
                return None
            part = g["part"].lower().replace("the ", "")
            first, last = _month_part(year, month, part.replace(" of", ""))
            return first, last, "part-of-month"
        if g["m6"]:
            if g["m6"].lower().rstrip(".") in _AMBIGUOUS_MONTHS and not g["y6"]:
                return None
            year, month = _month_year(g["m6"], g["y6"], ref)
            if year is None:
                return None
            return dt.date(year, month, 1), _month_end(year, month), "month"
        if g["yo"]:
            part = (g["ypart"] or "").lower().replace("the ", "").replace(" of", "")
            return _year_part(int(g["yo"]), part)
        if g["rel"]:
            rule = _EN_REL.get(re.sub(r"\s+", " ", g["rel"].lower()))
            return None if rule is None else _relative(rule, ref, last_day)
        if g["wd"]:
            if ref is None:
                return None
            back = (ref.weekday() - _EN_WEEKDAYS[g["wd"].lower()]) % 7
            day = ref - dt.timedelta(days=back)
            return day, day, "day"
    except ValueError:  # 31 February and the like: not a date
        return None
    return None


def find_dates(text: str, reference: dt.date | None, last_day: dt.date | None = None) -> list[DateMention]:
    """Every temporal expression in `text` that resolves to dates.

    `last_day` is the latest day-precise date before `text` in the same passage, for
    anaphora such as 当天 or "that day".
    """
    found: list[DateMention] = []
    for pattern, resolve in ((_ZH, _resolve_zh), (_EN, _resolve_en)):
        for m in pattern.finditer(text):
            if not m.group(0).strip():
                continue
            try:
                resolved = resolve(m, reference, last_day)
            except ValueError:  # 2月30日 and the like: not a date
                resolved = None
            if resolved is None:
                continue
            first, last, precision = resolved
            found.append(DateMention(m.group(0), m.start(), m.end(), first, last, precision))
    # The two grammars can both see a date (2019 inside 2019年4月): the longest wins.
    kept: list[DateMention] = []
    for date in sorted(found, key=lambda d: (d.start - d.end, d.start)):
        if all(date.end <= k.start or date.start >= k.end for k in kept):
            kept.append(date)
    kept.sort(key=lambda d: d.start)
    # Anaphora (当天, "that day") point at the nearest day-precise date before them.
    resolved = []
    for date in kept:
        anaphor = re.sub(r"\s+", " ", date.text.lower())
        if anaphor in _ANAPHORA:
            base = last_day or reference
            if base is None:
                continue
            day = base + dt.timedelta(days=_ANAPHORA[anaphor])
            date = DateMention(date.text, date.start, date.end, day, day, "day")
        if date.precision == "day":
            last_day = date.last
        resolved.append(date)
    return resolved


_ANAPHORA = {text: offset for table in (_ZH_REL, _EN_REL) for text, (unit, offset) in table.items() if unit == "same"}
