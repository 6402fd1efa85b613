"""The stance reader (data/stances.yaml through dashboard/text/stances.py) on sentences whose
stance a person decided by reading them; each case names what it checks."""
import pytest

from dashboard.text.stances import StanceGrammar, bundled_stances

CASES = [
    # (sentence, place as written, language, stance, predicate or None when not checked)
    ("The Kremlin denied that Kim Jong Un would travel to Vladivostok.", "Vladivostok", "en", "denies", "travel"),
    ("The Kremlin did not deny that Kim Jong Un would travel to Vladivostok.", "Vladivostok", "en", "hedged", "travel"),
    ("Officials never denied the convoy passed through Khasan.", "Khasan", "en", "asserts", "pass through"),
    ("A spokesman declined to comment on reports of a summit in Vladivostok.", "Vladivostok", "en", "no-comment", None),
    ("Police could not confirm that the attack in Ankara was planned.", "Ankara", "en", "unconfirmed", "attack"),
    ("The ministry has not confirmed the visit to Damascus.", "Damascus", "en", "unconfirmed", "visit"),
    ("The ministry confirmed the visit to Damascus.", "Damascus", "en", "confirms", "visit"),
    ("Kim reportedly arrived in Khasan on Tuesday.", "Khasan", "en", "hearsay", "arrive"),
    ("Kim may meet Putin in Vladivostok next week.", "Vladivostok", "en", "hedged", "meet"),
    ("Kim met Putin at the Vostochny cosmodrome on Wednesday.", "Vostochny", "en", "asserts", "meet"),
    # a contrast word ends the scope of the cues before it
    ("Moscow denied the troops entered Aleppo, but said they may enter Idlib.", "Aleppo", "en", "denies", None),
    ("Moscow denied the troops entered Aleppo, but said they may enter Idlib.", "Idlib", "en", "hedged", None),
    # a cue after the place governs it in its own clause only: not in a subordinate clause or a
    # second predicate
    ("An alert was issued in Perth after the boys were allegedly taken to Darwin.", "Perth", "en", "asserts", None),
    ("An alert was issued in Perth after the boys were allegedly taken to Darwin.", "Darwin", "en", "hearsay", None),
    ("The troops entered Aleppo and may enter Idlib next.", "Aleppo", "en", "asserts", None),
    ("They evacuated civilians from Aleppo and also discussed the prospect of talks in Astana.", "Aleppo", "en", "asserts", "evacuate"),
    # a clause that only sets the scene is read with the next one
    ("In the port city of Odesa, several warehouses reportedly burned.", "Odesa", "en", "hearsay", None),
    ("After leaving Beijing, the premier may travel to Tianjin.", "Beijing", "en", "hedged", None),
    ("On the outskirts of Mosul, militants reportedly shelled a school.", "Mosul", "en", "hearsay", "attack"),
    ("报道称，总理离开北京后，可能前往天津。", "北京", "zh", "hedged", None),
    ("总理离开北京，随后可能前往天津。", "北京", "zh", "asserts", None),
    # a short last clause that says who tells it and how governs the whole sentence
    ("Power lines in the city of Kherson have been cut, reports say.", "Kherson", "en", "hearsay", None),
    ("Troops crossed into Belgorod overnight, the ministry denied.", "Belgorod", "en", "denies", None),
    ("Troops crossed into Belgorod overnight, and may push on to Kursk.", "Belgorod", "en", "asserts", None),
    ("Troops crossed into Belgorod overnight, but the ministry denied any losses.", "Belgorod", "en", "asserts", None),
    ("Troops crossed into Belgorod overnight, the ministry confirmed on Monday.", "Belgorod", "en", "confirms", None),
    ("Flu spread to Nairobi this week, the first confirmed case in the country.", "Nairobi", "en", "asserts", None),
    ("哈桑村的官员说，朝鲜代表团已经到过图们江，“目前一切正常”。", "图们江", "zh", "asserts", None),
    # words right before the place that put the event elsewhere make it a denial
    ("She wound up on a plane to Denver instead of Boston.", "Boston", "en", "denies", None),
    ("She wound up on a plane to Denver instead of Boston.", "Denver", "en", "asserts", None),
    ("The virus is endemic in parts of Asia, but not in Singapore.", "Singapore", "en", "denies", None),
    ("The summit will be held in Geneva rather than in Vienna.", "Vienna", "en", "denies", "hold"),
    ("会谈将在日内瓦举行，而不是维也纳。", "维也纳", "zh", "denies", None),
    # a negated event whose clause names the place is a denial, whatever the verb (CONVENTIONS.md)
    ("The ministers did not meet in Oslo.", "Oslo", "en", "denies", "meet"),
    ("The ministers didn't meet in Oslo.", "Oslo", "en", "denies", "meet"),
    ("There is no cholera outbreak in Mindanao, the health secretary said.", "Mindanao", "en", "denies", None),
    ("No related illness has occurred in Ontario.", "Ontario", "en", "denies", None),
    ("So far Samoa has no cases of the virus.", "Samoa", "en", "denies", None),
    ("The minister said there have never been foreign troops in Moldova.", "Moldova", "en", "denies", None),
    ("I can simply confirm that no troops were sent to Niger.", "Niger", "en", "denies", None),  # confirm + negated content
    ("哈桑村的官员说，朝鲜代表团没有到过图们江，“目前一切正常”。", "图们江", "zh", "denies", None),
    ("卫生部门表示，海南省并无霍乱疫情。", "海南省", "zh", "denies", None),
    ("今年以来，吉林省没有发生禽流感疫情。", "吉林省", "zh", "denies", None),
    ("他说，宪法不允许外国军队进驻老挝。", "老挝", "zh", "denies", None),
    ("他说，金兰湾基地既不是给外国军队使用的，也不是军事基地。", "金兰湾基地", "zh", "denies", None),
    # a negation of something other than the event leaves the claim alone
    ("There was no immediate claim of responsibility for the bombing in Quetta.", "Quetta", "en", "asserts", "attack"),
    ("The pilot, whose name has not been released, flew the plane to Lisbon.", "Lisbon", "en", "asserts", None),
    ("The attack in Karak was not claimed by any group.", "Karak", "en", "asserts", "attack"),
    ("No one was hurt when the bomb exploded in Quetta.", "Quetta", "en", "asserts", None),
    ("The storm hit not only Lima but also Cusco.", "Lima", "en", "asserts", None),
    ("It is unclear whether or not troops entered Kherson.", "Kherson", "en", "unconfirmed", None),
    ("Kyiv has not seen fighting like that in Mariupol.", "Mariupol", "en", "asserts", None),
    ("Kabul has not seen violence as severe as in Kandahar.", "Kandahar", "en", "asserts", None),
    ("Cholera is not unknown in Haiti.", "Haiti", "en", "asserts", None),
    ("The situation in Angola is not under control.", "Angola", "en", "asserts", None),  # Angola is no subject
    ("Singapore urged its residents not to travel to Victoria.", "Victoria", "en", "denies", "travel"),
    ("金正日在没有事先宣布的情况下抵达北京。", "北京", "zh", "asserts", "arrive"),
    ("但俄罗斯在朝鲜外交政策中还没有像中国那样的地位。", "中国", "zh", "asserts", None),
    ("无人机袭击了基辅。", "基辅", "zh", "asserts", "attack"),
    ("一艘货轮沉没在舟山附近海域。", "舟山", "zh", "asserts", None),
    # a hedge right before the negation leaves a possibility
    ("The summit may not be held in Vienna after all.", "Vienna", "en", "hedged", "hold"),
    ("普京可能不会访问喀山。", "喀山", "zh", "hedged", "visit"),
    # a negation that belongs to a cue is the cue's: no denial of the event
    ("The ministry has not confirmed that troops entered Kherson.", "Kherson", "en", "unconfirmed", None),
    ("Officials did not deny that no troops were sent to Niger.", "Niger", "en", "denies", None),
    ("外交部没有证实代表团抵达平壤。", "平壤", "zh", "unconfirmed", "arrive"),
    # a contrast word inside a cue is none
    ("The coroner has yet to confirm how many deaths in Surrey were caused by the drug.", "Surrey", "en", "unconfirmed", None),
    # the strongest stance wins: a denial of something hedged is a denial
    ("The White House dismissed reports that the president might visit Kabul.", "Kabul", "en", "denies", "visit"),
    ("佩斯科夫否认普京将在符拉迪沃斯托克与金正恩会面。", "符拉迪沃斯托克", "zh", "denies", "meet"),
    ("佩斯科夫没有否认普京可能在符拉迪沃斯托克与金正恩会面。", "符拉迪沃斯托克", "zh", "hedged", "meet"),
    # 将 / "will" stated plainly is asserts (CONVENTIONS.md), also when the source does not deny it
    ("佩斯科夫没有否认普京将在符拉迪沃斯托克与金正恩会面。", "符拉迪沃斯托克", "zh", "asserts", "meet"),
    ("相关官员称，两国领导人将于下周在哈巴罗夫斯克举行会谈。", "哈巴罗夫斯克", "zh", "asserts", "meet"),
    ("Officials said the two leaders will meet in Khabarovsk next week.", "Khabarovsk", "en", "asserts", "meet"),
    ("外长料将于周五抵达河内。", "河内", "zh", "hedged", "arrive"),
    ("对于金正恩是否会前往莫斯科，发言人表示无可奉告。", "莫斯科", "zh", "no-comment", "travel"),
    ("该消息尚未证实，金正恩的专列是否已抵达哈桑仍不清楚。", "哈桑", "zh", "unconfirmed", "arrive"),
    ("据报道，金正恩的专列12日抵达哈桑。", "哈桑", "zh", "hearsay", "arrive"),
    ("金正恩可能前往东方航天发射场。", "东方航天发射场", "zh", "hedged", "travel"),
    ("俄方证实，两国领导人在东方航天发射场举行会谈。", "东方航天发射场", "zh", "confirms", "meet"),
    ("两国领导人13日在东方航天发射场举行会谈。", "东方航天发射场", "zh", "asserts", "meet"),
    # plans, schedules, forecasts, proposals and invitations are hedged
    ("The talks are to be held in Geneva on Monday.", "Geneva", "en", "hedged", "hold"),
    ("The detainees were to be flown to Madrid for questioning.", "Madrid", "en", "hedged", None),
    ("Heavy snow is forecast to hit Hokkaido this weekend.", "Hokkaido", "en", "hedged", None),
    ("The ministers discussed the prospect of new talks in Doha.", "Doha", "en", "hedged", "meet"),
    ("Seoul invited the Japanese premier to visit Busan.", "Busan", "en", "hedged", "visit"),
    ("普京邀请莫迪访问喀山。", "喀山", "zh", "hedged", "visit"),
    ("俄方建议两国领导人在明斯克会晤。", "明斯克", "zh", "hedged", "meet"),
    # a belief is hedged, not hearsay (CONVENTIONS.md); what is said or understood is hearsay
    ("The gunman is believed to have fled to Marseille.", "Marseille", "en", "hedged", None),
    ("The gunman is thought to be hiding in Lyon.", "Lyon", "en", "hedged", None),
    ("The envoy is said to be staying in Muscat.", "Muscat", "en", "hearsay", "stay"),
    ("It is understood that the envoy travelled to Muscat on Sunday.", "Muscat", "en", "hearsay", "travel"),
    ("The convoy is reported to have crossed into Rafah.", "Rafah", "en", "hearsay", None),
    ("据报导，代表团已经抵达平壤。", "平壤", "zh", "hearsay", "arrive"),
    ("外交界的消息来源表示，代表团已经抵达平壤。", "平壤", "zh", "hearsay", "arrive"),
    ("此前有媒体报道说，代表团将在东京过境。", "东京", "zh", "hearsay", "pass through"),
    ("网上传出视频，显示坦克进入顿涅茨克。", "顿涅茨克", "zh", "hearsay", None),
    # a named source quoted by a report asserts: a report is no hearsay cue by itself
    ("一则媒体报道引述旅游代理商的话说，边境城市丹东已经停止接待游客。", "丹东", "zh", "asserts", None),
    # denials, doubts and decisions not yet made
    ("The ministry refuted claims that troops had entered Kherson.", "Kherson", "en", "denies", None),
    ("The White House said there were no plans to hold talks in Taipei.", "Taipei", "en", "denies", "meet"),
    ("外交部发言人辟谣称，总理访问莫斯科的消息不属实。", "莫斯科", "zh", "denies", "visit"),
    ("A spokesman said he was not aware of any troop movements near Kharkiv.", "Kharkiv", "en", "unconfirmed", None),
    ("发言人说，他没有听说部队在哈尔科夫附近调动。", "哈尔科夫", "zh", "unconfirmed", None),
    ("国务院表示，总统是否过境檀香山还没有最后定案。", "檀香山", "zh", "unconfirmed", "pass through"),
    ("A stopover in Honolulu has not been finalized, the department said.", "Honolulu", "en", "unconfirmed", None),
    # cues in parts: a few words or characters between them
    ("The Kremlin dismissed the reports of a summit in Minsk as speculation.", "Minsk", "en", "denies", "meet"),
    ("The White House said there are no plans for the president to visit Taipei.", "Taipei", "en", "denies", "visit"),
    ("Sources close to the investigation said the suspects were arrested in Lille.", "Lille", "en", "hearsay", None),
    ("“目前国务卿没有与中国外长会晤的安排，”发言人在回答国务卿参加慕尼黑安全会议期间是否会见王毅的问题时说。", "慕尼黑", "zh", "denies", None),
    ("大使馆了解到有可信的报道，即军方正在云朗海军基地进行建设。", "云朗海军基地", "zh", "hearsay", None),
    # a denial of a part in an event is a denial of the event there
    ("His lawyer insisted the general had no role in the shelling of Kharkiv.", "Kharkiv", "en", "denies", "attack"),
    ("The company said it was not involved in the spill off Cornwall.", "Cornwall", "en", "denies", None),
    # a relative clause describes its noun as background, out of a preceding cue's reach ...
    ("Tests ruled out the strain that has killed poultry in Vietnam.", "Vietnam", "en", "asserts", None),
    ("Officials denied the rumour that was spreading in Jakarta.", "Jakarta", "en", "asserts", None),
    # ... but a cue inside the relative clause governs it, and a reported clause is no relative
    ("They met the envoy who was reportedly detained in Kabul.", "Kabul", "en", "hearsay", None),
    ("Officials denied that the convoy was stopped in Jakarta.", "Jakarta", "en", "denies", None),
    # a negation that opens a reported clause negates its event however far the place
    ("The minister told reporters that no soldiers from any foreign army had ever been stationed in Moldova.", "Moldova", "en", "denies", None),
    # a place in apposition to a noun of place is read where the noun is
    ("There were no new cases in the flood-hit capital, Dhaka.", "Dhaka", "en", "denies", None),
    ("The floods reached the capital, Dhaka, reports say.", "Dhaka", "en", "hearsay", None),
    # names in a list are one clause: a cue after the list governs its first name too
    ("Doctors are testing samples from Lyon, Nantes and Lille to determine whether the strain spread.", "Lyon", "en", "unconfirmed", None),
    ("Doctors are testing samples from Lyon, then they will decide whether the strain spread.", "Lyon", "en", "asserts", None),
    # a test that finds nothing is a denial; "confirmed cases" is an adjective; a belief is hedged
    ("Blood samples from two farmers in Gansu tested negative for the virus.", "Gansu", "en", "denies", None),
    ("The region borders Hubei, where there have been 40 confirmed cases.", "Hubei", "en", "asserts", None),
    ("Doctors believe that the patient caught the virus on a trip to Peru.", "Peru", "en", "hedged", "travel"),
    # a place said to be untouched is a denial; a test or an inquiry not yet answered is a doubt
    ("Officials said Yunnan remains free of the disease.", "Yunnan", "en", "denies", None),
    ("Samples from a farm near Poznan are being tested for the virus.", "Poznan", "en", "unconfirmed", None),
    ("The cause of the blaze in Porto remains under investigation.", "Porto", "en", "unconfirmed", None),
    # a place that never had it, or reported none, is a denial; a suspicion denied too
    ("Iceland has never had a case of the disease.", "Iceland", "en", "denies", None),
    ("Mongolia has reported no deaths from the outbreak.", "Mongolia", "en", "denies", None),
    ("Police do not suspect that drugs played a role in the crash in Leeds.", "Leeds", "en", "denies", None),
    # a report called untrue; a question too early to answer; details withheld
    ("The Kremlin called the reports of a meeting in Minsk \"pure fiction\".", "Minsk", "en", "denies", "meet"),
    ("Health officials said it was too early to say whether the virus had reached Lagos.", "Lagos", "en", "unconfirmed", None),
    ("Authorities are still trying to establish whether the explosion in Beirut was deliberate.", "Beirut", "en", "unconfirmed", None),
    ("There was no immediate confirmation of the attack in Kabul.", "Kabul", "en", "unconfirmed", "attack"),
    ("Officials gave no details about the raid in Mosul.", "Mosul", "en", "no-comment", "attack"),
    ("The town lies 30 km south of Aleppo, on the road to Damascus.", "Aleppo", "en", "asserts", None),
    # 没有信息 to confirm is a doubt; a claim called 错误的 is denied; 不会…发表评论 declines
    ("发言人说，国防部没有信息证实有部队进入赫尔松。", "赫尔松", "zh", "unconfirmed", None),
    ("“任何声称军队进入赫尔松的说法都是错误的。”发言人说。", "赫尔松", "zh", "denies", None),
    ("外交部表示不会对部队是否进入赫尔松发表评论。", "赫尔松", "zh", "no-comment", None),
    # a place that has not recorded or seen it; a question not yet answered; a possibility kept open
    ("Mexico has not recorded any cases of the new strain.", "Mexico", "en", "denies", None),
    ("Kenya has so far reported no cases.", "Kenya", "en", "denies", None),
    ("It was not immediately clear whether the strike hit Gaza City.", "Gaza City", "en", "unconfirmed", "attack"),
    ("Officials could not say whether the fire in Porto was set deliberately.", "Porto", "en", "unconfirmed", None),
    ("Investigators have not ruled out an attack in Marseille.", "Marseille", "en", "hedged", "attack"),
    # a negative subject negates its clause's cue however far
    ("No deaths from the new strain have so far been confirmed in Peru.", "Peru", "en", "unconfirmed", None),
    ("No one has denied that the ship docked in Tartus.", "Tartus", "en", "asserts", None),
    # "no" (quoted in the YAML, which reads a bare no as false) negates the cue after it
    ("Officials said there were no confirmed cases in Lima.", "Lima", "en", "unconfirmed", None),
    # "confirmed" as an adjective is no speech act; a claim of responsibility asserts
    ("It is the first confirmed case of measles in Fiji this year.", "Fiji", "en", "asserts", None),
    ("The group claimed responsibility for the bombing in Quetta.", "Quetta", "en", "asserts", "attack"),
    # an inquiry or a condition: not confirmed yet
    ("If confirmed, it would be the first case of the disease in Chile.", "Chile", "en", "unconfirmed", None),
    ("Two more deaths in Lagos are being investigated.", "Lagos", "en", "unconfirmed", None),
    ("Vets are checking whether the horses in Auckland carry the virus.", "Auckland", "en", "unconfirmed", None),
    ("Vets are checking all the horses in Auckland.", "Auckland", "en", "asserts", None),
    # a spokesman or ministry of the place that refuses, denies or doubts speaks of its ground
    ("A Fort Detrick spokesperson declined to specify what the samples contained.", "Fort Detrick", "en", "no-comment", None),
    ("美国国务院表示，台湾官员过境的事宜还没有最后定案。", "美国", "zh", "unconfirmed", None),
    # traditional characters read with the same (simplified) word list
    ("國防部證實，軍艦曾進入南海爭議水域。", "南海爭議水域", "zh", "confirms", None),
    ("據報導，金正日正在訪問中國。", "中國", "zh", "hearsay", "visit"),
    # a relative pronoun opens background: the test's result is not about where the man died
    ("Tests proved negative for anthrax on the body of a worker who died in Leeds last week.", "Leeds", "en",
     "asserts", None),
    ("Tests proved negative for anthrax in Leeds.", "Leeds", "en", "denies", None),
    # evidence said to be missing for a claim denies it
    ("He said Washington did not present evidence that the virus originated in Guatemala.", "Guatemala", "en",
     "denies", None),
    ("The drug has not been shown to work in patients treated in Lagos.", "Lagos", "en", "denies", None),
    # information held back is no comment; a confirmation to come is none yet
    ("The ministry withheld key information about the outbreak in Yunnan.", "Yunnan", "en", "no-comment", None),
    ("The ban on exports from Wales is to be confirmed on Monday.", "Wales", "en", "unconfirmed", None),
    ("Its first case in Peru is expected to be confirmed on Friday.", "Peru", "en", "unconfirmed", None),
    # a typographic apostrophe is an apostrophe: "didn’t" negates, and "didn’t deny" is no denial
    ("The storm didn’t reach Okinawa.", "Okinawa", "en", "denies", None),
    ("Officials didn’t deny that the convoy passed through Khasan.", "Khasan", "en", "asserts", "pass through"),
    # a negative subject that opens the clause negates its event however far the place, unless what
    # it negates is a knowing or saying; a cue's own first word is not its negation
    ("No one was killed in the fire at the warehouse in Lagos, police said.", "Lagos", "en", "denies", None),
    ("Nothing was found in the search of the house in Leeds.", "Leeds", "en", "denies", None),
    ("No one knows whether the fire at the warehouse in Lagos was set deliberately.", "Lagos", "en", "asserts", None),
    ("No date has been set for the talks in Geneva.", "Geneva", "en", "unconfirmed", "meet"),
    # "while" before a verb in -ing sets a time, no contrast; "yet" after a negation or "has" is "so far"
    ("Doctors believe she caught the virus while travelling in Peru.", "Peru", "en", "hedged", None),
    ("Doctors believe she caught the virus, while her brother stayed in Peru.", "Peru", "en", "asserts", "stay"),
    ("The virus has not yet spread to Fiji.", "Fiji", "en", "denies", None),
    ("The disease has yet to reach Fiji.", "Fiji", "en", "denies", "arrive"),
    ("The talks in Geneva have yet to produce a deal.", "Geneva", "en", "asserts", None),
    ("Officials denied the virus had spread, yet new cases appeared in Fiji.", "Fiji", "en", "asserts", None),
    # a refusal to confirm is no comment; an inability to confirm or verify is a doubt
    ("Police would not confirm whether the suspect was arrested in Leeds.", "Leeds", "en", "no-comment", None),
    ("Police could not confirm whether the suspect was arrested in Leeds.", "Leeds", "en", "unconfirmed", None),
    ("The agency was unable to independently verify the account of shelling in Sirte.", "Sirte", "en", "unconfirmed", "attack"),
    ("No reason was given for the closure of the embassy in Minsk.", "Minsk", "en", "no-comment", None),
    # reports relayed and sources not named are hearsay; a report denied or absent is a denial
    ("Police responded to reports of a shooting in Leeds.", "Leeds", "en", "hearsay", "attack"),
    ("The ministry denied reports of a shooting in Leeds.", "Leeds", "en", "denies", "attack"),
    ("There were no reports of damage in Leeds.", "Leeds", "en", "denies", None),
    ("A senior officer, speaking on condition of anonymity, said troops had entered Hanoi.", "Hanoi", "en", "hearsay", None),
    # a hospital admission is no confession
    ("Two men were admitted to hospital in Goa with burns.", "Goa", "en", "asserts", None),
    ("The ministry admitted that troops had entered Goa.", "Goa", "en", "confirms", None),
    # speculation, suggestions and claims turned down or called groundless
    ("The Kremlin dismissed media speculation that the two leaders would meet in Minsk.", "Minsk", "en", "denies", "meet"),
    ("The ministry rejected suggestions that the virus had reached Goa.", "Goa", "en", "denies", None),
    ("Officials said claims that the virus had reached Goa were unfounded.", "Goa", "en", "denies", None),
    ("The ministry called reports of a strike in Idlib absurd.", "Idlib", "en", "denies", "attack"),
    # a schedule is hedged; "due to" as a cause is not
    ("The minister is due to arrive in Hanoi on Monday.", "Hanoi", "en", "hedged", "arrive"),
    ("The delay in Hanoi was due to the weather.", "Hanoi", "en", "asserts", None),
    # a distance is no negation; a correction is
    ("The plane landed in a field not far from Boston.", "Boston", "en", "asserts", None),
    ("The plane landed in Denver, not Boston.", "Boston", "en", "denies", None),
    # a place that does not have it
    ("Fiji does not have any cases of the disease.", "Fiji", "en", "denies", None),
]


@pytest.mark.parametrize("sentence, place, lang, stance, predicate", CASES)
def test_the_stance_and_predicate_a_reader_gives(sentence, place, lang, stance, predicate):
    start = sentence.index(place)
    reading = bundled_stances().read(sentence, start, start + len(place), lang)
    assert reading.stance == stance
    if predicate is not None:
        assert reading.predicate == predicate
    assert reading.scene


@pytest.mark.parametrize("sentence, place, lang", [
    ("俄罗斯总统普京将出席论坛。", "俄罗斯", "zh"),
    ("Russia's president will attend the forum.", "Russia", "en"),
    ("The Turkish president spoke.", "Turkish", "en"),
    ("A Kremlin spokesman said Putin will attend the forum.", "Kremlin", "en"),  # says nothing of its ground
])
def test_a_place_that_only_says_whose_person_is_not_the_scene(sentence, place, lang):
    start = sentence.index(place)
    reading = bundled_stances().read(sentence, start, start + len(place), lang)
    assert not reading.scene


def test_a_body_of_the_place_that_doubts_speaks_of_its_ground():
    s = "滨海边疆区政府目前尚未收到有关朝鲜领导人可能访问该地区的官方信息。"
    reading = bundled_stances().read(s, 0, 5, "zh")
    assert (reading.stance, reading.cue, reading.scene) == ("unconfirmed", "尚未收到", True)
    s = "滨海边疆区政府宣布了新的预算。"  # the government of the place says something else: no claim about it
    assert not bundled_stances().read(s, 0, 5, "zh").scene


def test_the_words_come_from_the_data_file(tmp_path):
    """A cue added to the data is read: no word lives in the code."""
    grammar = StanceGrammar({"stances": ["denies", "asserts"], "en": {"cues": {"denies": ["pooh-poohed"]}}})
    s = "The ministry pooh-poohed talk of a summit in Oslo."
    assert grammar.read(s, s.index("Oslo"), s.index("Oslo") + 4, "en").stance == "denies"
    assert StanceGrammar({}).read(s, s.index("Oslo"), s.index("Oslo") + 4, "en").stance == "asserts"


@pytest.mark.parametrize("sentence,place,other,stances", [
    # a second predicate of the same happening says something else of it: two readings
    ("A blast at a market in Peshawar killed 12 people and may have been caused by a faulty gas cylinder.",
     "Peshawar", None, ["asserts", "hedged"]),
    # ... but one that names another place is that place's
    ("The troops entered Aleppo and may enter Idlib next.", "Aleppo", "Idlib", ["asserts"]),
    # ... and one that says nothing new adds nothing
    ("The troops entered Aleppo and were greeted by crowds.", "Aleppo", None, ["asserts"]),
])
def test_a_second_predicate_of_the_place_s_clause_is_one_more_reading(sentence, place, other, stances):
    start = sentence.index(place)
    elsewhere = [(sentence.index(other), sentence.index(other) + len(other))] if other else []
    readings = bundled_stances().read_all(sentence, start, start + len(place), "en", elsewhere=elsewhere)
    assert [r.stance for r in readings] == stances


def test_a_contrast_word_that_sets_a_time_comes_from_the_data_file():
    """"while" before a verb in -ing is no contrast only when the data says so."""
    s = "Doctors believe she caught the virus while travelling in Peru."
    data = {"stances": ["hedged", "asserts"], "en": {"cues": {"hedged": ["believe"]}, "contrast": ["while"]}}
    at = s.index("Peru")
    assert StanceGrammar(data).read(s, at, at + 4, "en").stance == "asserts"
    data["en"]["contrast_as_time"] = {"while": {"before": ["-ing"]}}
    assert StanceGrammar(data).read(s, at, at + 4, "en").stance == "hedged"
