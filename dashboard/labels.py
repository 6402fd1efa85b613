"""Interface text in English and Chinese (the 中文 switch).

    >>> text("zh", "sources"), text("en", "sources"), text("zh", "no-such-key")
    ('来源', 'Sources', 'no-such-key')
"""
LABELS = {
    "title": ("News-claims map", "新闻说法地图"),
    "filters": ("Filters", "筛选"),
    "language": ("Language", "语言"),
    "date_kind": ("Date kind", "日期类型"),
    "reported": ("reported", "报道日期"),
    "event": ("event", "事件日期"),
    "any": ("any", "任意"),
    "date_range": ("Date range", "日期范围"),
    "since": ("Since", "起"),
    "until": ("Until", "止"),
    "sources": ("Sources", "来源"),
    "kinds": ("Place kinds", "地点类型"),
    "articles": ("Articles", "文章"),
    "routes": ("Routes", "路线"),
    "reset": ("Reset everything", "全部重置"),
    "place": ("Place", "地点"),
    "overview": ("Overview: places ranked by passages", "概览：按段落数排列的地点"),
    "col_place": ("place", "地点"),
    "col_kind": ("kind", "类型"),
    "col_passages": ("passages", "段落数"),
    "more_views_next": ("The filters, the timeline, the source × place matrix and the downloads are drawn right after the map.",
                        "筛选、时间线、来源 × 地点矩阵和下载将在地图绘出后显示。"),
    "corpus_line": ("{articles} article(s) · {passages} passages · {places} places · {suggested} suggested · {mode}",
                    "{articles} 篇文章 · {passages} 个段落 · {places} 个地点 · {suggested} 个建议地点 · {mode}"),
    "kind_suggested": ("suggested (GeoNames, not yet in places.yaml)", "建议地点（GeoNames，尚未收入 places.yaml）"),
    "suggested_badge": ("suggested", "建议"),
    "suggested_note": ("Found by the world gazetteer (GeoNames), not yet in places.yaml: check the position before you rely on it.",
                       "由世界地名库（GeoNames）找到，尚未收入 places.yaml：使用前请核对位置。"),
    "unknown_names": ("Not on the map yet: {n} place-like names no gazetteer knows", "尚未上图：{n} 个地名库中没有的疑似地名"),
    "offline": ("offline", "离线"),
    "online": ("online tiles available", "可用在线底图"),
    "choose": ("Choose options", "请选择"),
    "legend": ("Legend", "图例"),
    "journeys": ("Journeys", "行程"),
    "status_rumoured": ("rumoured", "传闻"),
    "status_possible": ("possible", "可能"),
    "status_reported": ("reported", "报道"),
    "status_confirmed": ("confirmed", "证实"),
    "thick_record": ("thick = what happened", "粗线 = 实际行程"),
    "places_word": ("Places", "地点"),
    "kind_city": ("city / town", "城市 / 城镇"),
    "kind_berth": ("port / berth", "港口 / 码头"),
    "kind_cosmodrome": ("cosmodrome", "航天发射场"),
    "kind_village": ("village / station", "村庄 / 车站"),
    "kind_campus": ("campus", "校园"),
    "kind_airfield": ("airfield", "机场"),
    "kind_country": ("region / country", "地区 / 国家"),
    "places_lower": ("places", "个地点"),
    "fan_out": ("click to fan out", "点击展开"),
    "bundled_tiles": ("OpenStreetMap (bundled, offline)", "OpenStreetMap（内置，离线）"),
    "problems_summary": ("{n} data problems — show", "{n} 个数据问题 — 展开"),
    "problem_summary_one": ("1 data problem — show", "1 个数据问题 — 展开"),
    "link_problems_summary": ("The link had {n} problems — show", "链接有 {n} 个问题 — 展开"),
    "link_problem_summary_one": ("The link had 1 problem — show", "链接有 1 个问题 — 展开"),
    "size_note": ("size = passages; faded = none under the filters; a dark circle groups close places (click it)",
                  "大小 = 段落数；淡色 = 筛选后没有段落；深色圆圈 = 相邻地点（点击展开）"),
    "clear": ("Clear selection", "取消选择"),
    "select_hint": ("Click a marker, or pick a place here", "点击地图标记，或在此选择地点"),
    "also_named": ("Also named here:", "段落中还提到："),
    "passages": ("passage", "段落"),
    "source_word": ("source", "来源"),
    "said_by": ("Said by", "说法来源"),
    "reported_on": ("Reported", "报道日期"),
    "events_on": ("Events", "事件日期"),
    "original": ("original", "原文"),
    "timeline": ("Timeline of passages by date", "按日期的段落时间线"),
    "matrix": ("Sources × places (passages)", "来源 × 地点（段落数）"),
    "downloads": ("Download this view", "下载当前视图"),
    "leg": ("Route leg", "路段"),
    "claim": ("The passage that makes this claim", "提出此说法的段落"),
    "record": ("From the public record", "来自公开记录"),
    "no_passages": ("No passage mentions this place under the current filters.", "在当前筛选条件下，没有段落提到此地点。"),
    "data_problem": ("Data problem", "数据问题"),
    "link_problem": ("This link could not be fully restored", "此链接无法完全还原"),
}


def text(lang: str, key: str) -> str:
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "zh" else pair[0]


def count(lang: str, n: int, key: str) -> str:
    """'7 passages' / '7 个段落'."""
    word = text(lang, key)
    if lang == "zh":
        return f"{n} 个{word}"
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
