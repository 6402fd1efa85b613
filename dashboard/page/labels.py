"""Interface text in English and Chinese (the 中文 switch), and the one place where counts
and place names are written out.

    >>> text("zh", "sources"), text("en", "sources"), text("zh", "no-such-key")
    ('来源', 'Sources', 'no-such-key')
    >>> plural(1, "passage"), plural(7, "passage"), count("zh", 7, "passages")
    ('1 passage', '7 passages', '7 个段落')

The names of place kinds are not here: they are in the place-kinds table (dashboard/places/kinds.py).
"""
from dashboard.base.words import plural

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
    "map_top": ("The map draws the {n} most named places; {left} more are in the place list.",
                "地图上显示被提及最多的 {n} 个地点；另外 {left} 个可在地点列表中选择。"),
    "matrix_top": ("The {sources} sources that say most about the {places} most named places, of {all_sources} and {all_places}.",
                   "列出 {all_sources} 个来源中说得最多的 {sources} 个，{all_places} 个地点中被提及最多的 {places} 个。"),
    "timeline_grouped": ("One point per source and {period}, sized by its passages (the 30 busiest sources each have a line).",
                         "每个点代表一个来源在一{period}内的段落，点越大段落越多（最活跃的 30 个来源各占一行）。"),
    "timeline_stance_grouped": ("One point per source, stance and {period}, sized by its passages (the 30 busiest sources each have a line).",
                                "每个点代表一个来源在一{period}内同一立场的段落，点越大段落越多（最活跃的 30 个来源各占一行）。"),
    "timeline_colour": ("Colour by", "着色依据"),
    "colour_source": ("source", "来源"),
    "colour_stance": ("stance", "立场"),
    "timeline_stance_note": ("A passage takes the colour of its strongest claim: a denial, a refusal or a doubt over a "
                             "confirmation, that over a hedge, a hedge over hearsay, hearsay over a plain assertion.",
                             "每个段落取其最强说法的颜色：否认、拒绝置评或未证实优先于证实，证实优先于可能或计划，"
                             "再优先于转述传闻，最后是断言。"),
    "stance_no claim": ("no claim", "无说法"),
    "period_day": ("day", "天"), "period_week": ("week", "周"), "period_month": ("month", "个月"),
    "period_quarter": ("quarter", "个季度"), "period_year": ("year", "年"),
    "overview_top": ("The {n} most named of {total} places; pick any place in the list above.",
                     "共 {total} 个地点，列出被提及最多的 {n} 个；其余地点可在上方列表中选择。"),
    "col_place": ("place", "地点"),
    "col_source": ("source", "来源"),
    "col_kind": ("kind", "类型"),
    "col_passages": ("passages", "段落数"),
    "more_views_next": ("The filters, the timeline, the source × place matrix and the downloads are drawn right after the map.",
                        "筛选、时间线、来源 × 地点矩阵和下载将在地图绘出后显示。"),
    "empty_story": ("**This story has no articles yet.** Add some with **Add articles** above (paste a text, or "
                    "upload .md, .txt or saved web pages), or from the command line: `{command}`, or save the "
                    "files into `{folder}`.",
                    "**这个故事还没有文章。**可以点上方的 **添加文章**（粘贴文本，或上传 .md、.txt 或保存的网页），"
                    "或在命令行运行 `{command}`，或把文件保存到 `{folder}`。"),
    "articles_new": ("{n} on the map", "{n}已上图"),
    "articles_gone": ("{n} removed from the folder", "{n}已从文件夹移除"),
    "corpus_line": ("{articles} · {passages} · {places} · {suggested} · {mode}",
                    "{articles} · {passages} · {places} · {suggested} · {mode}"),
    "notice_summary_one": ("1 new outlet, not yet in sources.yaml — show", "1 个新媒体，尚未收入 sources.yaml — 展开"),
    "notices_summary": ("{n} new outlets, not yet in sources.yaml — show", "{n} 个新媒体，尚未收入 sources.yaml — 展开"),
    "notice": ("notice", "提示"),
    "other_notice_one": ("1 notice about the data or the index — show", "1 条关于数据或索引的提示 — 展开"),
    "other_notices": ("{n} notices about the data or the index — show", "{n} 条关于数据或索引的提示 — 展开"),
    "timeline_focus": ("{start} – {end}, where most dates are; {before} earlier and {after} later dates at the edges (triangles).",
                       "{start} 至 {end}（大多数日期所在）；{before} 个更早、{after} 个更晚的日期画在边缘（三角形）。"),
    "accept_place": ("Add to places.yaml", "收入 places.yaml"),
    "accept_source": ("Add to sources.yaml", "收入 sources.yaml"),
    "accepted_source": ("{name} is in sources.yaml now, as '{id}'", "{name} 已收入 sources.yaml（id：{id}）"),
    "found_source_note": ("found in the text, not in sources.yaml", "从文本中找到，不在 sources.yaml 中"),
    "show_generic": ("Unnamed sources (officials, police, media…)", "未具名来源（官员、警方、媒体……）"),
    "with_affiliated": ("With who speaks for them", "连同其发言人"),
    "with_affiliated_help": ("Choosing a body also chooses the people the texts say speak for it, and choosing "
                             "a person also chooses the body they speak for.",
                             "选择一个机构时也选择文本中代表它发言的人；选择一个人时也选择其所代表的机构。"),
    "accepted": ("{name} is in places.yaml now, as '{id}'", "{name} 已收入 places.yaml（id：{id}）"),
    "geocode_name": ("Look up a place by name (Nominatim, needs the network)", "按名称查找地点（Nominatim，需要联网）"),
    "geocode_offline": ("Looking a place up with Nominatim needs the network: the app was started with --offline. "
                        "Use `python -m dashboard places geocode NAME` on a connected machine, or add the place to places.yaml.",
                        "用 Nominatim 查找地点需要联网：本应用以 --offline 启动。请在联网的机器上运行 "
                        "`python -m dashboard places geocode 名称`，或把地点写入 places.yaml。"),
    "geocode_go": ("Look up", "查找"),
    "geocode_none": ("Nominatim knows no place called '{name}'.", "Nominatim 没有名为“{name}”的地点。"),
    "geocode_add": ("Add", "添加"),
    "show_more": ("Show {n} more ({left} not shown)", "再显示 {n} 条（还有 {left} 条）"),
    "add_articles": ("Add articles", "添加文章"),
    "add_where": ("Saved into {folder}; an existing file is never overwritten.", "保存到 {folder}；不会覆盖已有文件。"),
    "add_files": ("Files (.md, .txt, saved web page .html)", "文件（.md、.txt、保存的网页 .html）"),
    "add_paste": ("Paste text", "粘贴文本"),
    "add_failed": ("{name}: could not be read ({error}) — save its text as a .txt file and add that; the server's "
                   "log has the details",
                   "{name}：无法读取（{error}）——请把正文另存为 .txt 文件再添加；详情见服务器日志"),
    "add_file_fields": ("**{name}** — check its details (taken from the file; dates such as 14 Dec 2016 are understood)",
                        "**{name}** — 请核对信息（取自文件；可写 2016年12月14日 或 14 Dec 2016 等日期）"),
    "passages_download": ("Passages (CSV)", "段落（CSV）"),
    "add_limits": ("At most {article:g} MB per article (.md, .txt) and {page:g} MB per saved web page (.html).",
                   "每篇文章（.md、.txt）最大 {article:g} MB，保存的网页（.html）最大 {page:g} MB。"),
    "add_outlet_default": ("Outlet, when the file gives none", "媒体（文件未注明时）"),
    "add_date_default": ("Published, when the file gives none", "发布日期（文件未注明时）"),
    "add_language": ("Language", "语言"),
    "add_title": ("Title", "标题"),
    "add_outlet": ("Outlet", "媒体"),
    "add_date": ("Published", "发布日期"),
    "add_url": ("Link to the original (optional)", "原文链接（可选）"),
    "add_text": ("Text (paragraphs separated by blank lines, or one paragraph a line)", "正文（段落之间空一行，或每行一段）"),
    "add_save": ("Check and add", "检查并添加"),
    "add_saving": ("Saving…", "正在保存…"),
    "add_analysing": ("Reading the corpus again…", "正在重新分析语料…"),
    "add_done": ("On the map.", "已上图。"),
    "add_saved": ("Added {name}", "已添加 {name}"),
    "add_already": ("{name} was already there", "{name} 已存在"),
    "edit_kept": ("A data file was changed and now has problems: the last good data stays on screen.",
                  "数据文件被修改后有问题：页面仍显示上一次的正确数据。"),
    "kind_suggested": ("suggested (GeoNames, not yet in places.yaml)", "建议地点（GeoNames，尚未收入 places.yaml）"),
    "suggested_badge": ("suggested", "建议"),
    "suggested_note": ("Found by the world gazetteer (GeoNames), not yet in places.yaml: check the position before you rely on it.",
                       "由世界地名库（GeoNames）找到，尚未收入 places.yaml：使用前请核对位置。"),
    "unknown_names": ("Not on the map yet: {n} place-like names no gazetteer knows; look a place up",
                      "尚未上图：{n} 个地名库中没有的疑似地名；查找地点"),
    "offline": ("offline", "离线"),
    "online": ("online tiles available", "可用在线底图"),
    "choose": ("Choose options", "请选择"),
    "kind_person": ("person", "个人"), "kind_organisation": ("organisation", "机构"),
    "kind_government": ("government", "政府"), "kind_outlet": ("outlet", "媒体"), "kind_generic": ("unnamed", "未具名"),
    "list_articles": ("List all {n:,} articles", "列出全部 {n:,} 篇文章"),
    "articles_on_ask": ("Switch the list on to choose", "打开列表后选择"),
    "legend": ("Legend", "图例"),
    "journeys": ("Journeys", "行程"),
    "status_rumoured": ("rumoured", "传闻"),
    "status_possible": ("possible", "可能"),
    "status_reported": ("reported", "报道"),
    "status_confirmed": ("confirmed", "证实"),
    "thick_record": ("thick = what happened", "粗线 = 实际行程"),
    "places_word": ("Places", "地点"),
    "places_lower": ("places", "个地点"),
    "fan_out": ("click to fan out", "点击展开"),
    "col_stance": ("stance", "立场"),
    "col_what": ("what happens", "事件"),
    "col_when": ("when", "时间"),
    "col_passage": ("passage", "段落"),
    "stance_asserts": ("asserts", "断言"),
    "stance_hearsay": ("reports what others say", "转述传闻"),
    "stance_hedged": ("possible or planned", "可能或计划"),
    "stance_denies": ("denies", "否认"),
    "stance_no-comment": ("declines to comment", "不予置评"),
    "stance_unconfirmed": ("not confirmed", "未证实"),
    "stance_confirms": ("confirms", "证实"),
    "record_says": ("the record: {place}, {when}", "公开记录：{place}，{when}"),
    "conflicts_with": ("conflicts with {source} ({stance})", "与{source}（{stance}）相矛盾"),
    "dated_otherwise": ("{source} dates it {when}", "{source}说是{when}"),
    "placed_otherwise": ("{source} puts it at {place}, {when}", "{source}说在{place}，{when}"),
    "claims_heading": ("Claims: who says what happens here ({n})", "说法：各来源对此地的说法（{n}）"),
    "claims_disputed": ("Disputed: sources disagree here (on whether, when or where), or the record differs",
                        "有争议：来源说法不一（是否发生、时间或地点），或与公开记录不符"),
    "disputed_badge": ("disputed", "有争议"),
    "disputed_only": ("Disputed places only", "只看有争议的地点"),
    "adjectival": ("Adjectives too (Turkish, 俄方)", "也看形容词（Turkish、俄方）"),
    "adjectival_help": ("A place's passages include those that only use its adjective or demonym: \"Turkish officials\", "
                        "\"Canadians\", 俄方. They are listed apart, below the passages that name it, and never move the map.",
                        "地点的段落也包括只用其形容词或国民称谓的段落（如 Turkish officials、俄方）。它们列在点名该地的段落之下，不影响地图范围。"),
    "adjectival_heading": ("Only by its adjective ({words}): {n} passages", "仅以形容词提及（{words}）：{n} 段"),
    "adjectival_more": ("and {n} more: narrow the dates or sources to read them", "还有 {n} 段：缩小日期或来源范围即可查看"),
    "disputed_only_help": ("Places where one source says something happens and another denies it or says it is "
                           "not confirmed, or where the public record differs", "一个来源说某事发生、另一个来源否认或称未证实的地点，或与公开记录不符的地点"),
    "disputed_legend": ("dashed red ring = disputed", "红色虚线圈 = 有争议"),
    "claims_download": ("Claims (CSV)", "说法（CSV）"),
    "no_disputed": ("No place is disputed under these filters.", "在当前筛选条件下没有有争议的地点。"),
    "list_out": ("click for their names", "点击列出地名"),
    "zoom_to_group": ("Zoom to these places", "放大到这些地点"),
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


# The nouns counted in the header: English singular and plural, Chinese measure word and noun.
COUNTED = {
    "article": ("article", "articles", "篇文章"),
    "new_article": ("new article", "new articles", "篇新文章"),
    "passage": ("passage", "passages", "个段落"),
    "place": ("place", "places", "个地点"),
    "suggested": ("suggested", "suggested", "个建议地点"),
}


def counted(lang: str, n: int, noun: str) -> str:
    """A count with its noun as the language writes it, thousands grouped.

    >>> counted("en", 1, "article"), counted("en", 2, "article"), counted("en", 10000, "passage")
    ('1 article', '2 articles', '10,000 passages')
    >>> counted("zh", 1, "article"), counted("zh", 3, "suggested")
    ('1 篇文章', '3 个建议地点')
    """
    one, many, chinese = COUNTED[noun]
    if lang == "zh":
        return f"{n:,} {chinese}"
    return f"{n:,} {one if n == 1 else many}"


def count(lang: str, n: int, key: str) -> str:
    """'7 passages' / '7 个段落': `n` and the interface word `key` in `lang`."""
    word = text(lang, key)
    if lang == "zh":
        return f"{n} 个{word}"
    return plural(n, word)


def place_name(place, lang: str) -> str:
    """A place's English and Chinese names, the reader's language first: 'Khasan · 哈桑村' /
    '哈桑村 · Khasan' (one name when it has no Chinese one).

    >>> from types import SimpleNamespace as P
    >>> khasan = P(name="Khasan", names={"en": "Khasan", "zh": "哈桑村"})
    >>> place_name(khasan, "en"), place_name(khasan, "zh"), place_name(P(name="Artyom", names={}), "zh")
    ('Khasan · 哈桑村', '哈桑村 · Khasan', 'Artyom')
    """
    zh = place.names.get("zh", "")
    if not zh:
        return place.name
    return f"{zh} · {place.name}" if lang == "zh" else f"{place.name} · {zh}"


def short_name(place, lang: str) -> str:
    """One name of a place, in the reader's language when the place has one."""
    return (place.names.get("zh") or place.name) if lang == "zh" else place.name
