"""Speakers found in the text (dashboard/text/speakers.py) and what the corpus, the index, the
exports and the `sources` commands make of them.

Every expected value below was written by hand from reading the sentence (the sentences are
written here, in the shapes news uses), never taken from the code's output."""
import json

import pytest

from dashboard.cli.main import main
from dashboard.corpus.analysis import load_corpus
from dashboard.corpus.filters import Filters, apply_filters
from dashboard.store.index import load_indexed_corpus
from dashboard.text.speakers import SpeakerMemory, find_speakers, found_id


def said(sentence, memory=None, **kwargs):
    """[(name, kind, role, mention as written)] of one sentence."""
    memory = memory if memory is not None else SpeakerMemory()
    return [(f.source.name, f.source.kind, f.role, sentence[f.start:f.end])
            for f in find_speakers(sentence, memory, **kwargs)]


@pytest.mark.parametrize("sentence,expected", [
    ("Interior Minister Suleyman Soylu said the gunman was 22.",
     [("Suleyman Soylu", "person", "speaker", "Interior Minister Suleyman Soylu")]),
    ("“We will not be intimidated,” said Geoff Chester, a spokesman for the Naval Observatory.",
     [("Geoff Chester", "person", "speaker", "Geoff Chester")]),
    ("“It was a good meeting,” Mahathir told reporters.",
     [("Mahathir", "person", "speaker", "Mahathir")]),
    ("The Foreign Office said it was aware of the reports.",
     [("Foreign Office", "government", "speaker", "Foreign Office")]),
    ("China's Commerce Ministry warned of countermeasures.",
     [("China's Commerce Ministry", "government", "speaker", "China's Commerce Ministry")]),
    ("The convoy was attacked, according to Interfax.",
     [("Interfax", "outlet", "cited", "Interfax")]),
    ("Kurdish militants say they carried out the attack.",
     [("Kurdish militants", "generic", "speaker", "Kurdish militants")]),
    ("The attack was condemned by the White House and the United Nations.",
     [("White House", "government", "speaker", "White House"),
      ("United Nations", "organisation", "speaker", "United Nations")]),
    ("The county's sheriff, Brindell B. Wilkins Jr., told the station that the couple had been at home.",
     [("Brindell B. Wilkins Jr.", "person", "speaker", "Brindell B. Wilkins Jr.")]),
    ("Officials in Ankara said the talks would continue.",
     [("Officials", "generic", "speaker", "Officials in Ankara")]),
    ("Rebels reportedly seized the town.",
     [("reportedly", "generic", "cited", "reportedly")]),
    # an adverb in -ly between the speaker and the verb
    ("The Foreign Office firmly denied the reports on Monday.",
     [("Foreign Office", "government", "speaker", "Foreign Office")]),
    # a possessive before a verb form is no speaker: "Kenya's widely criticized law" is a law
    ("The court struck down Kenya's widely criticized law.", []),
])
def test_english_shapes(sentence, expected):
    assert said(sentence) == expected


@pytest.mark.parametrize("sentence,expected", [
    # a passive speech verb: whoever is told, asked or called does not speak
    ("Firefighters were called to the warehouse just after midnight.", []),
    ("The minister was told the plan would cost more.", []),
    ("The minister was later told the plan would cost more.", []),  # an adverb between
    ("Two men were charged after they were asked to leave the bar.", []),
    # ... but a progressive is active
    ("Officials are saying the bridge will reopen on Monday.",
     [("Officials", "generic", "speaker", "Officials")]),
    # "quoted as saying by": the subject speaks and the outlet is cited
    ("The mayor of Izmir was quoted as saying by the Anadolu agency that nobody died.",
     [("mayor of Izmir", "generic", "speaker", "mayor of Izmir"),
      ("Anadolu agency", "outlet", "cited", "Anadolu agency")]),
    # evidence shows, nobody says
    ("Footage broadcast on local television showed smoke rising over the port.", []),
    # a capitalised verb form inside a name is no verb
    ("He flew back to the United States on Friday.", []),
    ("The drone was shot down near the border, the United States said.",
     [("United States", "government", "speaker", "United States")]),  # (the place finder gives its span)
    # speech verbs: echo, apologise
    ("The prime minister echoed those warnings in a speech.",
     [("prime minister", "generic", "speaker", "prime minister")]),
    ("United Airlines has apologised to the passengers.",
     [("United Airlines", "organisation", "speaker", "United Airlines")]),
    # an unnamed source with what it is close to
    ("Several people familiar with the negotiations told Reuters the deal was near.",
     [("people familiar with the negotiations", "generic", "speaker", "people familiar with the negotiations"),
      ("Reuters", "outlet", "cited", "Reuters")]),
    ("The bid will be raised, according to three sources close to the company.",
     [("sources close to the company", "generic", "cited", "sources close to the company")]),
    # a name apposed to a description that opens with a title
    ("The head of the fire brigade in Izmir, Ahmet Yilmaz, told local radio that two workers were hurt.",
     [("Ahmet Yilmaz", "person", "speaker", "Ahmet Yilmaz"), ("local radio", "outlet", "cited", "local radio")]),
    # a reporting clause between commas is no apposition: the place before it does not speak
    ("The blast was heard across Izmir, the state news agency reported, adding that windows broke.",
     [("state news agency", "outlet", "speaker", "state news agency")]),
    # a relative clause between the speaker and its verb
    ("A senior diplomat who spoke on condition of anonymity said the talks had stalled.",
     [("senior diplomat", "generic", "speaker", "senior diplomat")]),
    ("The health ministry, which runs the hospitals, said two nurses had died.",
     [("health ministry", "government", "speaker", "health ministry")]),
    ("Three officials who were not authorized to speak publicly told reporters the plan was dropped.",
     [("officials", "generic", "speaker", "officials")]),
    # a document speaks for whoever wrote it, when the text names a body before it
    ("A Reuters investigation revealed that the mine had been sold twice.",
     [("Reuters", "outlet", "speaker", "Reuters")]),
    ("The provincial government's own projections predict a deficit next year.",
     [("provincial government", "government", "speaker", "provincial government's")]),
    # ... a person's name before a report may be its subject: the report stays as written
    ("The Hutton report said the dossier was not sexed up.",
     [("Hutton report", "generic", "speaker", "Hutton report")]),
    # finding a thing is no statement; finding that something is so is one
    ("When paramedics arrived, police found a man with burns.", []),
    ("The study found that one in five children had no vaccine.", [("study", "generic", "speaker", "study")]),
    # a name apposed to a description whose title has a modifier, or that opens with titles itself
    ("The foreign minister of Chile, Ana Lopez, said the talks would resume.",
     [("Ana Lopez", "person", "speaker", "Ana Lopez")]),
    ("The head of the city's fraud unit, Detective Sergeant Mark Cole, said two men were charged.",
     [("Mark Cole", "person", "speaker", "Mark Cole")]),
    # a participle after a comma speaks for the sentence's subject
    ("On Friday, Judge Mary Stone jailed the driver for six years, describing the crash as reckless.",
     [("Mary Stone", "person", "speaker", "Judge Mary Stone")]),
    ("In Aleppo, the shelling continued, killing ten people.", []),  # no speech verb, no speaker
    # dotted initials end a name, not the sentence
    ("The U.N. said the convoy was hit.", [("U.N.", "organisation", "speaker", "U.N.")]),
    # coordinated subjects: each one is a source
    ("Senator John McCain and Senator Lindsey Graham said the strike was legal.",
     [("John McCain", "person", "speaker", "Senator John McCain"),
      ("Lindsey Graham", "person", "speaker", "Senator Lindsey Graham")]),
    ("Residents, activists and medical staff described chaos in the old city.",
     [("Residents", "generic", "speaker", "Residents"), ("activists", "generic", "speaker", "activists"),
      ("medical staff", "generic", "speaker", "medical staff")]),
    ("The Foreign Ministry and the Defence Ministry said the strike was legal.",
     [("Foreign Ministry", "government", "speaker", "Foreign Ministry"),
      ("Defence Ministry", "government", "speaker", "Defence Ministry")]),
    # ... but capitalised words joined by "and", with no title, no "the" and no one named before, are one name
    ("Procter and Gamble said the recall was voluntary.", [("Procter and Gamble", "organisation", "speaker",
                                                            "Procter and Gamble")]),
    ("The American Center for Law and Justice said the pastor was innocent.",
     [("American Center for Law and Justice", "organisation", "speaker", "American Center for Law and Justice")]),
    # a speech verb right after "who": the one before it says so; a later verb keeps its own subject
    ("Farmers who said the dam failed were moved, the ministry said.",
     [("Farmers", "generic", "speaker", "Farmers"), ("ministry", "government", "speaker", "ministry")]),
])
def test_english_shapes_of_passives_evidence_and_unnamed_sources(sentence, expected):
    at = sentence.find("United States")
    places = [(at, at + len("United States"))] if at >= 0 else []
    assert said(sentence, places=places) == expected


def test_an_unnamed_holder_of_a_role_keeps_the_role_and_the_body():
    [head] = find_speakers("The director of the World Food Programme said aid was late.", SpeakerMemory())
    assert (head.source.kind, head.source.title, head.source.affiliation) == (
        "generic", "director", "World Food Programme")


def test_title_and_affiliation_come_from_the_words_before_the_name_or_the_apposition():
    memory = SpeakerMemory()
    [zakharova] = find_speakers("Russian Foreign Ministry spokeswoman Maria Zakharova said the claims were false.",
                                memory)
    assert (zakharova.source.title, zakharova.source.affiliation) == ("spokeswoman", "Russian Foreign Ministry")
    [chester] = find_speakers("“No,” said Geoff Chester, a spokesman for the Naval Observatory.", memory)
    assert (chester.source.title, chester.source.affiliation) == ("spokesman", "Naval Observatory")


def test_one_person_under_a_full_name_a_short_name_and_a_pronoun():
    memory = SpeakerMemory()
    first = said("Russian President Vladimir Putin said the attack was a provocation.", memory)
    again = said("Putin added that the killers would be found.", memory)
    pronoun = said("He said Russia would send investigators.", memory)
    assert {s[0] for s in first + again + pronoun} == {"Vladimir Putin"}
    assert [s[3] for s in pronoun] == ["He"]


def test_she_goes_to_the_last_woman_named_not_the_last_person():
    memory = SpeakerMemory()
    said("Russian Foreign Ministry spokeswoman Maria Zakharova said the ambassador was a hero.", memory)
    said("Interior Minister Suleyman Soylu said the gunman was a police officer.", memory)
    assert said("She said Moscow would send investigators.", memory) == [
        ("Maria Zakharova", "person", "speaker", "She")]
    assert said("He said the investigation had begun.", memory) == [
        ("Suleyman Soylu", "person", "speaker", "He")]


def test_a_description_goes_to_the_last_source_with_that_title():
    memory = SpeakerMemory()
    said("U.N. Secretary-General Ban Ki-moon said he was shocked.", memory)
    assert said("The secretary-general added that there could be no justification.", memory)[0][0] == "Ban Ki-moon"


def test_the_articles_own_outlet_is_never_a_source_of_its_own_article():
    memory = SpeakerMemory(own_names=frozenset({"bbc"}))
    assert said("“Everyone rushed to the streets,” one resident told the BBC.", memory) == [
        ("resident", "generic", "speaker", "resident")]


def test_nothing_is_found_without_a_cue():
    assert said("The train left Pyongyang on Sunday and crossed the border at Khasan.") == []
    assert said("Police did not immediately respond to a request for comment.") == []


@pytest.mark.parametrize("sentence,expected", [
    ("国家互联网信息办公室发言人姜军表示，将依法处理。", [("姜军", "person", "speaker", "国家互联网信息办公室发言人姜军")]),
    ("据韩国媒体报道，金正恩乘坐专列。", [("韩国媒体", "generic", "cited", "韩国媒体")]),
    ("据悉，该列车已经抵达。", [("据悉", "generic", "cited", "据悉")]),
    ("据报导，代表团已经离开首尔。", [("据报导", "generic", "cited", "据报导")]),  # the variant spelling of 据报道
    ("張競說，外交部應當澄清。", [("張競", "person", "speaker", "張競")]),  # traditional characters, kept as written
    ("郭嘉昆：近期我们已经多次回应有关问题。", [("郭嘉昆", "person", "speaker", "郭嘉昆")]),
    ("俄罗斯和朝鲜当局均未宣布此次访问。", []),  # a negated statement
    ("消息人士称，会谈将推迟。", [("消息人士", "generic", "speaker", "消息人士")]),
    # a country that warns or promises speaks for its government
    ("最近几个星期，北韩一再警告韩国停止演习。", [("北韩", "government", "speaker", "北韩")]),
    ("根据协议，北韩承诺放弃核武器项目。", [("北韩", "government", "speaker", "北韩")]),
    ("伊朗坚称其核项目完全是用于和平目的。", [("伊朗", "government", "speaker", "伊朗")]),
    # a foreign name in transliteration, alone or after a title
    ("奥特加斯说，这是外交官的工作。", [("奥特加斯", "person", "speaker", "奥特加斯")]),
    ("美国国防部长帕内塔星期四说，官员们有些想法。", [("帕内塔", "person", "speaker", "美国国防部长帕内塔")]),
    ("鲍彤说，这是一件大事。", [("鲍彤", "person", "speaker", "鲍彤")]),
    # ... but a country's name is no person's
    ("巴西说，会谈将推迟。", [("巴西", "government", "speaker", "巴西")]),
    # a long body's name (18 characters), a weekday and 发表声明 before its verb
    ("中国外交部驻澳门特别行政区特派员公署星期一发表声明称，坚决反对干涉。",
     [("中国外交部驻澳门特别行政区特派员公署", "government", "speaker", "中国外交部驻澳门特别行政区特派员公署")]),
    # a country that demands, or accuses "for this", speaks; a body that forecasts speaks
    ("墨西哥要求美国立即道歉。", [("墨西哥", "government", "speaker", "墨西哥")]),
    ("巴西为此指责美国干涉内政。", [("巴西", "government", "speaker", "巴西")]),
    ("世界银行预测明年的增长率会降低。", [("世界银行", "organisation", "speaker", "世界银行")]),
])
def test_chinese_shapes(sentence, expected):
    assert said(sentence) == expected


def test_a_chinese_pronoun_goes_to_the_last_person():
    memory = SpeakerMemory()
    said("世界自然基金会全球总干事马尔科·兰贝蒂尼表示，生态挑战严峻。", memory)
    assert said("他指出，各国应当合作。", memory) == [("马尔科·兰贝蒂尼", "person", "speaker", "他")]


def test_found_ids_are_the_name_as_a_slug():
    assert found_id("Maria Zakharova") == "found:maria-zakharova"


# ---- a story: the corpus, the index, the exports, the commands ---------------------------------
FIRST = """---
title: Ministers meet in Moscow
outlet: Harbour Wire
published: 2016-12-20
language: en
---
Russian President Vladimir Putin said in Moscow that the killing was a provocation.

Officials in Ankara said the talks would continue.
"""
SECOND = """---
title: Investigators arrive in Ankara
outlet: Northern Ledger
published: 2016-12-21
language: en
---
Putin told his ministers that investigators would fly to Ankara.

Russian Foreign Ministry spokeswoman Maria Zakharova said no decision had been taken.

The Russian Foreign Ministry said later that monitors would need the consent of Damascus.
"""


@pytest.fixture
def story(tmp_path):
    folder = tmp_path / "story"
    assert main(["new", str(folder)]) == 0
    (folder / "articles" / "first.md").write_text(FIRST, encoding="utf-8")
    (folder / "articles" / "second.md").write_text(SECOND, encoding="utf-8")
    return folder


def story_corpus(folder, **kwargs):
    return load_corpus(folder / "places.yaml", folder / "sources.yaml", [folder / "articles"], **kwargs)


def test_one_speaker_across_articles_is_one_source_in_the_filter_and_the_counts(story):
    corpus = story_corpus(story)
    counts = corpus.lookup.source_counts(Filters())
    # "Putin" alone in the second article is Vladimir Putin of the first
    assert counts["found:vladimir-putin"] == 2 and "found:putin" not in counts
    assert corpus.source_name("found:putin") == "Vladimir Putin"
    from dashboard.corpus.filters import resolve_sources
    ids, unknown = resolve_sources(["Vladimir Putin"], corpus.registry)
    assert unknown == [] and len(apply_filters(corpus.passages, Filters(sources=ids))) == 2


def test_a_body_and_who_speaks_for_it_are_chosen_together(story):
    corpus = story_corpus(story)
    zakharova, ministry, putin = "found:maria-zakharova", "found:russian-foreign-ministry", "found:vladimir-putin"
    assert corpus.registry.sources[zakharova].affiliation == "Russian Foreign Ministry"
    assert corpus.registry.sources[ministry].kind == "government"
    assert set(corpus.with_affiliated((ministry,))) == {ministry, zakharova}  # the body brings its spokeswoman
    assert set(corpus.with_affiliated((zakharova,))) == {zakharova, ministry}  # and she brings her body
    assert corpus.with_affiliated((putin,)) == (putin,)  # the text names no body he speaks for


def test_the_index_keeps_found_sources_and_where_they_are_named(story, tmp_path):
    plain = story_corpus(story)
    indexed, _ = load_indexed_corpus(story / "places.yaml", story / "sources.yaml", [story / "articles"],
                                     index=tmp_path / "index")
    again, stats = load_indexed_corpus(story / "places.yaml", story / "sources.yaml", [story / "articles"],
                                       index=tmp_path / "index")
    assert stats.analysed == 0  # read from the index
    for corpus in (indexed, again):
        found = {sid: (s.name, s.kind, s.title, s.affiliation) for sid, s in corpus.registry.sources.items()
                 if s.status == "found"}
        assert found == {sid: (s.name, s.kind, s.title, s.affiliation) for sid, s in plain.registry.sources.items()
                         if s.status == "found"}
        assert [s.spans for p in corpus.passages for s in p.sentences] == \
               [s.spans for p in plain.passages for s in p.sentences]
    first = again.passages[0]
    start, end, source = first.sentences[0].spans[0]
    assert (first.text[start:end], source) == ("Russian President Vladimir Putin", "found:vladimir-putin")


def test_export_passages_says_which_sources_were_found(story, capsys):
    assert main(["export", "passages", "--format", "jsonl", "--places", str(story / "places.yaml"),
                 "--sources", str(story / "sources.yaml"), "--articles", str(story / "articles")]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    zakharova = next(s for r in rows for s in r["sources"] if s["name"] == "Maria Zakharova")
    assert zakharova == {"name": "Maria Zakharova", "kind": "person", "role": "speaker", "status": "found"}


def test_sources_found_lists_them_and_sources_accept_writes_one_keeping_the_file(story, capsys):
    data = ["--places", str(story / "places.yaml"), "--sources", str(story / "sources.yaml"),
            "--articles", str(story / "articles")]
    assert main(["sources", "found", *data]) == 0
    listed = capsys.readouterr().out
    assert "Vladimir Putin — person" in listed and "Maria Zakharova — person" in listed
    before = (story / "sources.yaml").read_bytes()
    assert main(["sources", "accept", "maria zakharova", *data]) == 0
    assert "added 'maria-zakharova'" in capsys.readouterr().out
    after = (story / "sources.yaml").read_bytes()
    assert len(after) > len(before) and b"id: maria-zakharova" in after
    kept = iter(after.decode().splitlines())
    assert all(any(line == other for other in kept) for line in before.decode().splitlines())
    # now registered: found no more, and the same name cannot be accepted twice
    corpus = story_corpus(story)
    assert corpus.registry.sources["maria-zakharova"].status == "registered"
    assert "found:maria-zakharova" not in corpus.registry.sources
    assert main(["sources", "accept", "Maria Zakharova", *data]) == 2
    assert "in sources.yaml already" in capsys.readouterr().err


def test_sources_accept_of_an_unknown_name_says_what_is_there(story, capsys):
    assert main(["sources", "accept", "Nobody At All", "--places", str(story / "places.yaml"),
                 "--sources", str(story / "sources.yaml"), "--articles", str(story / "articles")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: no source found in the texts is called 'Nobody At All' — use one of:")


def test_a_registered_name_that_opens_a_sentence_another_source_tells_does_not_speak(tmp_path):
    """"Putin will meet Kim …, Interfax reported": Interfax (found in the text) tells it; Putin,
    whom sources.yaml lists, is what it is about.  With no other speaker, the opening source speaks."""
    (tmp_path / "a.md").write_text(
        "---\ntitle: t\noutlet: Example Wire\npublished: 2023-09-12\nlanguage: en\n---\n"
        "Putin will meet Kim Jong Un in Moscow on 13 September, Interfax reported.\n\n"
        "Putin, in a long speech on Tuesday, said the talks would be held in Moscow.\n", encoding="utf-8")
    corpus = load_corpus(articles=[tmp_path])
    first, second = corpus.passages
    assert [(a.source, a.role) for s in first.sentences for a in s.attributions] == [("found:interfax", "speaker")]
    assert ("vladimir-putin", "speaker") in [(a.source, a.role) for s in second.sentences for a in s.attributions]


# ---- Chinese: what stands between a speaker and its verb -----------------------------------------
@pytest.mark.parametrize("sentence,expected", [
    # a weekday, a date in brackets, a recipient between the body and its verb
    ("英国外交部星期三（3月6日）表示，将召见俄罗斯大使。", [("英国外交部", "government", "speaker", "英国外交部")]),
    ("法国国防部星期五对记者表示，演习按计划进行。", [("法国国防部", "government", "speaker", "法国国防部")]),
    ("英國外交部發言人星期二通過電郵對本台表示，倫敦不會評論。",
     [("英國外交部發言人", "generic", "speaker", "英國外交部發言人")]),  # traditional characters
    # a long adverbial: where, when, in answer to what
    ("印度外交部发言人巴格奇在周四的例行记者会上回答有关问题时说，两国会继续谈判。",
     [("巴格奇", "person", "speaker", "印度外交部发言人巴格奇")]),
    ("德国总理默茨上星期在柏林接受电视台采访时强调，德国不会派兵。",
     [("默茨", "person", "speaker", "德国总理默茨"), ("电视台", "generic", "cited", "电视台")]),  # it heard him
    # a rank after the name; the title that ends last is the one before the name
    ("北约发言人约翰·史密斯（John Smith）准将告诉记者，部队已经撤离。",
     [("约翰·史密斯", "person", "speaker", "北约发言人约翰·史密斯（John Smith）准将")]),
    ("韩国统一部长官金炼铁表示，南北对话的大门敞开。", [("金炼铁", "person", "speaker", "韩国统一部长官金炼铁")]),
    ("美国国务院副发言人马克.托纳说，美方没有改变立场。", [("马克.托纳", "person", "speaker", "美国国务院副发言人马克.托纳")]),
    # a noun that holds a speech verb is no verb (指挥官 is not 指)
    ("前线指挥官李明说，部队已经就位。", [("李明", "person", "speaker", "前线指挥官李明")]),
    # a state that speaks with a saying verb stands for its government; with a stance verb it is narration
    ("韩国星期一表示，将与北韩恢复对话。", [("韩国", "government", "speaker", "韩国")]),
    ("韩国预计明年出口将会放缓。", []),
    # 对外 is part of a name, not the start of an adverbial
    ("美国对外关系委员会主席哈斯说，这是一个错误。", [("哈斯", "person", "speaker", "美国对外关系委员会主席哈斯")]),
])
def test_chinese_speaker_before_an_adverbial(sentence, expected):
    assert said(sentence) == expected


@pytest.mark.parametrize("sentence", [
    "对此，首尔官员无法证实。",  # a statement withheld: no speaker, and no speaker named "官员无法"
    "白宫官员星期二拒绝证实这一消息。",
    "这次会谈在星期二结束时宣布了新的安排。",  # before the adverbial stands no speaker's phrase
    "台湾行政院长卓荣泰也预计在5月访问巴拉圭。",  # a plan, not an estimate
])
def test_chinese_no_speaker(sentence):
    assert said(sentence) == []


def test_a_word_inside_a_chinese_quotation_is_never_a_speaker():
    sentence = "“任何声称我们参与其中的说法都是错误的，”印度外交部发言人说。"
    assert said(sentence) == [("印度外交部发言人", "generic", "speaker", "印度外交部发言人")]


def test_a_chinese_pronoun_goes_to_the_nearer_person_whose_gender_was_only_guessed():
    memory = SpeakerMemory()
    said("韩国外交部长官朴振说，北韩没有履行协议。", memory)
    said("他说，韩国对此表示遗憾。", memory)  # 他: 朴振, the only man so far
    said("韩国统一部发言人具炳杉说，平壤暂停了电话线。", memory)
    assert said("他说，北韩封锁了板门店的电话线路。", memory) == [("具炳杉", "person", "speaker", "他")]


def test_he_goes_to_the_nearer_man_when_the_earlier_ones_gender_was_only_guessed_from_a_pronoun():
    memory = SpeakerMemory()
    said("Interior Minister Suleyman Soylu said the gunman acted alone.", memory)
    said("He added that more arrests were likely.", memory)
    said("Ankara chief prosecutor Yuksel Kocaman said the investigation had begun.", memory)
    assert said("He said the suspect's family had been detained.", memory) == [
        ("Yuksel Kocaman", "person", "speaker", "He")]
    # a gender the words gave (spokeswoman) still outranks a nearer person of unknown gender
    said("Foreign Ministry spokeswoman Maria Zakharova said Moscow was shocked.", memory)
    said("Ambassador Andrei Karlov said the talks would go on.", memory)
    assert said("She said the embassy would stay open.", memory)[0][0] == "Maria Zakharova"


def test_a_chinese_short_name_and_a_pronoun_are_the_person_named_before_in_full():
    memory = SpeakerMemory()
    said("联合国秘书长发言人斯特凡·杜雅里克（Stephane Dujarric）星期三对记者说，援助车队已经出发。", memory)
    assert said("杜雅里克补充说，车队受到了炮击。", memory) == [
        ("斯特凡·杜雅里克", "person", "speaker", "杜雅里克")]
    assert said("他补充道：“我们需要安全通道。”", memory) == [("斯特凡·杜雅里克", "person", "speaker", "他")]
    # a name without a dot is met again as a whole
    said("泰国政府发言人阿努查表示，边境口岸将关闭。", memory)
    assert said("阿努查说，关闭是暂时的。", memory) == [("阿努查", "person", "speaker", "阿努查")]


def test_a_chinese_short_name_is_no_one_when_nobody_was_named_so_before():
    assert said("杜雅里克补充说，车队受到了炮击。") == []  # no earlier 斯特凡·杜雅里克: no shape of a name


def test_a_plural_group_of_chinese_sources_is_the_group():
    assert said("知情人士们说，谈判已经破裂。") == [("知情人士", "generic", "speaker", "知情人士们")]


def test_the_report_is_the_last_media_or_outlet_that_spoke():
    memory = SpeakerMemory()
    said("日本媒体星期二报道说，首相将推迟访问。", memory)
    assert said("该报道称，访问可能改在下个月。", memory) == [("日本媒体", "generic", "speaker", "该报道")]
    assert said("该报道称，访问可能改在下个月。") == []  # no media spoke before: no one


def test_a_statement_that_speaks_is_the_body_that_issued_it():
    memory = SpeakerMemory()
    said("韩国国防部发表声明称，演习将按计划进行。", memory)
    assert said("声明还呼吁北韩保持克制。", memory) == [("韩国国防部", "government", "speaker", "声明")]
    assert said("该声明说，演习是防御性的。", memory) == [("韩国国防部", "government", "speaker", "该声明")]
    assert said("声明还呼吁北韩保持克制。") == []  # no body spoke before: no one


@pytest.mark.parametrize("sentence,expected", [
    # whoever gives an interview speaks, with or without a speech verb; a medium that heard it is cited
    ("菲律宾总统小马科斯首次接受日本媒体的专访。",
     [("小马科斯", "person", "speaker", "菲律宾总统小马科斯"), ("日本媒体", "generic", "cited", "日本媒体")]),
    ("王毅接受路透社采访时表示，中方反对任何单边制裁。",
     [("王毅", "person", "speaker", "王毅"), ("路透社", "outlet", "cited", "路透社")]),
    # a reporter who asks is no medium: not cited
    ("李强接受记者采访时说，经济正在恢复。", [("李强", "person", "speaker", "李强")]),
])
def test_chinese_interviews(sentence, expected):
    assert said(sentence) == expected


def test_a_chinese_pronoun_may_mean_a_person_named_at_the_head_of_a_sentence_without_a_cue():
    memory = SpeakerMemory()
    said("外交部长王毅说，会谈取得了进展。", memory)
    assert said("前总理温家宝的秘书张伟是这份文件的起草人之一。", memory) == []
    assert said("他认为，这份文件很重要。", memory) == [("张伟", "person", "speaker", "他")]
    # a sentence whose head is no person leaves the last person as it was
    memory = SpeakerMemory()
    said("外交部长王毅说，会谈取得了进展。", memory)
    said("这份文件是在去年起草的。", memory)
    assert said("他认为，这份文件很重要。", memory) == [("王毅", "person", "speaker", "他")]


# ---- Chinese: chains, lists, reports and documents ------------------------------------------------
@pytest.mark.parametrize("sentence,expected", [
    # an outlet citing a source: both are sources, the outlet speaks, the source is cited
    ("路透社星期五援引两名知情人士的话报道说，谈判已经破裂。",
     [("路透社", "outlet", "speaker", "路透社"), ("两名知情人士", "generic", "cited", "两名知情人士")]),
    ("纽约时报援引一位不愿透露姓名的美国国防部官员的话说，部队将会撤出。",
     [("纽约时报", "outlet", "speaker", "纽约时报"),
      ("一位不愿透露姓名的美国国防部官员", "generic", "cited", "一位不愿透露姓名的美国国防部官员")]),
    # coordinated speakers each speak
    ("美联社和法新社星期一分别援引目击者的话报道说，爆炸发生在清晨。",
     [("美联社", "outlet", "speaker", "美联社"), ("法新社", "outlet", "speaker", "法新社"),
      ("目击者", "generic", "cited", "目击者")]),
    ("台湾驻美代表萧美琴以及驻洛杉矶办事处处长黄正杰都表示对此不知情。",
     [("萧美琴", "person", "speaker", "台湾驻美代表萧美琴"), ("黄正杰", "person", "speaker", "驻洛杉矶办事处处长黄正杰")]),
    # ... but a state before a group modifies the group: one source
    ("美国和盟国官员说，会谈没有取得进展。", [("美国和盟国官员", "generic", "speaker", "美国和盟国官员")]),
    # the class after 等 is not one more source
    ("共同社、时事社等日本媒体星期二报道说，首相将访问北京。",
     [("共同社", "outlet", "speaker", "共同社"), ("时事社", "outlet", "speaker", "时事社")]),
    # according to X's report; according to an assessment
    ("根据韩联社的报导，两国将在下个月举行会谈。", [("韩联社", "outlet", "cited", "韩联社")]),
    ("根据美国情报评估，导弹试射可能在本月进行。", [("美国情报评估", "generic", "cited", "美国情报评估")]),
    # a body's report shows: the body speaks (a relative clause before it is not its name)
    ("总部位于伦敦的国际战略研究所3月5日的报告显示，亚洲军费继续增长。",
     [("国际战略研究所", "organisation", "speaker", "国际战略研究所")]),
    ("美国智库兰德公司星期三发布的研究显示，冲突的代价很高。",
     [("美国智库兰德公司", "organisation", "speaker", "美国智库兰德公司")]),
])
def test_chinese_chains_lists_and_reports(sentence, expected):
    assert said(sentence) == expected


def test_a_chinese_report_cites_a_source_after_its_media_spoke():
    memory = SpeakerMemory()
    said("日本媒体报道说，首相将推迟访问。", memory)
    assert said("报道援引日本政府官员的话说，访问可能改在下个月。", memory) == [
        ("日本媒体", "generic", "speaker", "报道"), ("日本政府官员", "generic", "cited", "日本政府官员")]


@pytest.mark.parametrize("sentence", [
    "埃及外交部表示，将召回大使。",  # 及 inside a name does not join two speakers
    "中华人民共和国外交部表示，反对任何形式的制裁。",  # nor 和
])
def test_a_name_holding_a_coordinator_is_one_speaker(sentence):
    [(name, kind, role, _)] = said(sentence)
    assert (name, kind, role) == (sentence[:sentence.index("表示")], "government", "speaker")


def test_a_world_place_that_speaks_stands_for_its_government():
    from dashboard.text.attribution import attribute_passage
    from dashboard.text.sources import load_sources
    registry, _ = load_sources("data/sources.yaml")
    text = "Turkey has said it will retaliate."

    def kinds(**kwargs):
        memory = SpeakerMemory()
        attribute_passage(text, registry, None, None, speakers=memory, **kwargs)
        return [(s.name, s.kind) for s in memory.found()]

    # the world gazetteer's country (a span the analysis passes on): its government speaks
    assert kinds(speaking_places=[(0, len("Turkey"))]) == [("Turkey", "government")]
    # without it a lone capitalised word before a speech verb is read as a person
    assert kinds() == [("Turkey", "person")]


def test_the_analysis_passes_the_world_gazetteers_countries_regions_and_capitals_only():
    from dashboard.corpus.analysis import _speaking_places
    from dashboard.places.gazetteer_mentions import PlaceMention
    from dashboard.places.world import WorldPlace

    def place(pid, kind, subtype=""):
        return WorldPlace(pid, pid, kind, 0.0, 0.0, 0, "", "", {}, "", 0.0, subtype)

    world = {p.id: p for p in (place("gn:1", "country"), place("gn:2", "region", "province"),
                               place("gn:3", "city", "capital"), place("gn:4", "city"))}

    class Finder:
        geoparser = type("G", (), {"world": world})()

    mentions = [PlaceMention(pid, "x", n * 10, n * 10 + 5) for n, pid in enumerate(world)]
    assert _speaking_places(mentions, Finder()) == [(0, 5), (10, 15), (20, 25)]  # not the town
