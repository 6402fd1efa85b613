"""The world gazetteer and the toponym resolver: names, evidence, context, places.yaml first.

Expected places are given by hand with their approximate coordinates (or country), so that
the tests check where the engine puts a name, not what it happened to return."""
import textwrap

import pytest

from dashboard.corpus.analysis import load_corpus
from dashboard.places.gazetteer import load_gazetteer
from dashboard.text.matching import Name, NameMatcher
from dashboard.places.gazetteer_mentions import PlaceFinder
from dashboard.places.world import distance_km, world


@pytest.fixture(scope="module")
def finder():
    gazetteer, problems = load_gazetteer("data/places.yaml")
    assert problems == []
    return PlaceFinder(gazetteer, world=True)


def found(finder, text):
    """[(surface, id, lat, lon)] for places.yaml and suggested mentions, in text order."""
    [result] = finder.find_article([text])
    out = []
    for m in sorted(result.places + result.suggested, key=lambda m: m.start):
        place = finder.gazetteer.places.get(m.place) or finder.geoparser.world.get(m.place)
        out.append((m.surface, m.place, place.lat, place.lon))
    return out


def near(item, lat, lon, km=60):
    return distance_km(item[2], item[3], lat, lon) <= km


# --- the gazetteer ---------------------------------------------------------------------------

def test_vladivostok_by_its_geonames_id_and_names():
    place = world().get("gn:2013348")
    assert place.name == "Vladivostok" and place.country == "RU" and place.kind == "city"
    assert abs(place.lat - 43.1) < 0.1 and abs(place.lon - 131.9) < 0.1
    assert place.names["ru"] == "Владивосток" and place.names["ko"] == "블라디보스토크"
    assert [p.id for p in world().lookup("符拉迪沃斯托克")] == ["gn:2013348"]


def test_simplified_chinese_names_from_traditional_ones():
    # GeoNames holds 紐約 for New York City; the index adds 纽约
    [nyc] = world().lookup("纽约")
    assert distance_km(nyc.lat, nyc.lon, 40.71, -74.01) < 30


@pytest.mark.parametrize("name, iso", [("U.S.", "US"), ("DRC", "CD"), ("Britain", "GB"), ("美国", "US"),
                                       ("Южная Корея", "KR"), ("South Korea", "KR")])
def test_country_names_and_abbreviations(name, iso):
    assert any(p.kind == "country" and p.country == iso for p in world().lookup(name))


@pytest.mark.parametrize("name, lat, lon", [("Queensland", -22.0, 144.0), ("安徽", 31.8, 117.2),
                                            ("Primorsky Krai", 45.0, 134.5), ("Amur Oblast", 52.5, 128.0)])
def test_first_level_regions(name, lat, lon):
    regions = [p for p in world().lookup(name) if p.kind == "region"]
    assert regions and distance_km(regions[0].lat, regions[0].lon, lat, lon) < 500


# --- the automaton keeps NameMatcher's rules ------------------------------------------------

def test_many_names_one_pass_longest_first_on_word_boundaries():
    names = [Name(f"Town{i}", f"t{i}") for i in range(2000)]
    names += [Name("Guinea", "gn"), Name("Guinea-Bissau", "gw"), Name("Russia", "ru")]
    matcher = NameMatcher(names)
    text = "Guinea-Bissau and Guinea, Russian Town7 and Town1999; not Town19999 or xTown3"
    assert [(m.surface, m.target) for m in matcher.find(text)] == [
        ("Guinea-Bissau", "gw"), ("Guinea", "gn"), ("Town7", "t7"), ("Town1999", "t1999")]


# --- what is a place ---------------------------------------------------------------------------

def test_vladimir_putin_is_not_vladimir(finder):
    assert found(finder, "Vladimir Putin said the talks went well.") == []
    [(surface, _, *_), moscow] = found(finder, "The museum in Vladimir, a city east of Moscow, reopened.")
    assert surface == "Vladimir" and moscow[1] == "moscow"
    assert near(found(finder, "The museum in Vladimir, a city east of Moscow, reopened.")[0], 56.13, 40.41)


@pytest.mark.parametrize("text", ["Jackson said he would run again.", "President Jackson signed it.",
                                  "Jackson Lee met the mayor."])
def test_jackson_alone_is_a_person(finder, text):
    assert found(finder, text) == []


def test_jackson_with_its_state_is_the_city(finder):
    jackson, mississippi = found(finder, "The storm hit Jackson, Mississippi, on Monday.")
    assert jackson[0] == "Jackson" and near(jackson, 32.30, -90.18)
    assert mississippi[0] == "Mississippi" and near(mississippi, 32.7, -89.7, km=300)


@pytest.mark.parametrize("text", ["Most people agreed.", "Nice weather helped.", "Mobile phones were banned.",
                                  "Date of the meeting is unknown.", "It was a nice split of the vote.",
                                  "Police said the road was closed."])
def test_common_words_need_evidence(finder, text):
    assert found(finder, text) == []


def test_common_words_with_evidence(finder):
    nice, france = found(finder, "Fans gathered in Nice, France.")
    assert nice[0] == "Nice" and near(nice, 43.70, 7.27)
    split, zagreb = found(finder, "Flights from Split to Zagreb resumed.")
    assert split[0] == "Split" and near(split, 43.51, 16.44)


@pytest.mark.parametrize("text, lat, lon", [
    ("Officials in Atlanta, Georgia, confirmed it.", 32.7, -83.4),  # the US state
    ("Tbilisi, Georgia, hosted the talks.", 42.0, 43.5),  # the country
])
def test_georgia_by_its_context(finder, text, lat, lon):
    georgia = [f for f in found(finder, text) if f[0] == "Georgia"]
    assert georgia and near(georgia[0], lat, lon, km=400)


def test_paris_texas_and_paris(finder):
    assert near(found(finder, "He was born in Paris, Texas.")[0], 33.66, -95.56)
    assert near(found(finder, "She moved to Paris last year.")[0], 48.86, 2.35)


def test_a_city_in_an_organisations_name_is_not_a_mention(finder):
    assert [f[0] for f in found(finder, "The Washington Post reported from Seoul.")] == ["Seoul"]


# --- places.yaml first -------------------------------------------------------------------------

def test_places_yaml_always_wins(finder):
    # Pier 33 stays the berth; Vladivostok is the hand place, not GeoNames' copy
    assert [(f[0], f[1]) for f in found(finder, "Ships waited at Pier 33 in Vladivostok.")] == [
        ("Pier 33", "pier-33"), ("Vladivostok", "vladivostok")]
    assert [f[1] for f in found(finder, "他们在东方经济论坛上会面。")] == []


def test_a_name_places_yaml_lacks_for_its_place_is_still_that_place(finder):
    # "US" is no name in places.yaml, but the world gazetteer's United States is its country
    assert [f[1] for f in found(finder, "The US and China talked.")] == ["united-states", "china"]


# --- not on the map yet -------------------------------------------------------------------------

def test_place_like_names_no_gazetteer_knows(finder):
    [result] = finder.find_article(["Boats crossed the Tumen River near Peter the Great Bay.",
                                    ])
    assert [u.surface for u in result.unknown] == ["Tumen River", "Peter the Great Bay"]
    [result] = finder.find_article(["代表团抵达阿穆尔州，沿图们江南下。"])
    assert [u.surface for u in result.unknown] == ["阿穆尔州", "图们江"]


# --- the corpus ---------------------------------------------------------------------------------

def test_corpus_exposes_suggested_places_like_hand_places(tmp_path):
    article = tmp_path / "2024-05-01-test.md"
    article.write_text(textwrap.dedent("""\
        ---
        title: Test
        outlet: Test Wire
        published: 2024-05-01
        language: en
        ---
        The delegation flew from Vladivostok to Seoul on Monday.

        In Seoul, officials met near the Han River.
        """), encoding="utf-8")
    corpus = load_corpus(articles=[article], world=True)
    seoul = corpus.place("gn:1835848")
    assert seoul.name == "Seoul" and seoul.status == "suggested" and seoul.kind == "city"
    assert seoul.coord_source == "GeoNames 1835848" and seoul.names["zh"] == "首尔"
    assert distance_km(seoul.lat, seoul.lon, 37.57, 126.98) < 20
    assert corpus.mention_counts()["gn:1835848"] == 2 and corpus.mention_counts()["vladivostok"] == 1
    assert [p.passage.number for p in corpus.passages_mentioning("gn:1835848")] == [1, 2]
    assert [p.id for p in corpus.places_mentioned()] == ["gn:1835848", "vladivostok"]
    assert corpus.is_suggested("gn:1835848") and not corpus.is_suggested("vladivostok")
    [han] = corpus.unknown_names()
    assert han.surface == "Han River" and [p.passage.number for p in han.passages] == [2]
    # the hand mentions of a passage are unchanged
    assert [m.place for m in corpus.passages[0].mentions] == ["vladivostok"]


def test_corpus_without_the_world_gazetteer_by_default():
    corpus = load_corpus()
    assert corpus.suggested == {} and corpus.unknown_names() == []
    assert all(not p.suggested for p in corpus.passages)


def test_seed_article_with_the_world_gazetteer_keeps_its_gold_places():
    """The seed article names two places places.yaml lacks: the Pacific (俄罗斯太平洋沿岸城市) and the
    United Kingdom (英国《卫报》); nothing else (not 《纽约时报》, 佩斯科夫, 联合军演, 朝鲜国防省)."""
    plain, world_on = load_corpus(), load_corpus(world=True)
    assert [p.mentions for p in plain.passages] == [p.mentions for p in world_on.passages]
    assert [(p.name, p.names["zh"]) for p in world_on.suggested.values()] == [
        ("Pacific Ocean", "太平洋"), ("United Kingdom", "英国")]
    assert world_on.mention_counts() - plain.mention_counts() == {"wr:pacific-ocean": 1, "gn:2635167": 1}
    assert world_on.unknown_names() == []


# --- places in any news (issue 24): abbreviations, demonyms, datelines, a place's own bodies --------

def adjectival(finder, text):
    """[(surface, country or place name)] of the demonyms the text holds."""
    [result] = finder.find_article([text])
    out = []
    for m in result.adjectival:
        place = finder.gazetteer.places.get(m.place) or finder.geoparser.world.get(m.place)
        out.append((m.surface, place.name))
    return out


@pytest.mark.parametrize("text, lat, lon", [
    ("The fire started in Paris, Tenn. on Sunday.", 36.30, -88.33),     # not Paris, France
    ("A student from Athens, Ga., was named.", 33.96, -83.38),         # not Athens, Greece
    ("The plant in Paris, TN closed.", 36.30, -88.33),                 # the postal code after a town
])
def test_town_comma_state_abbreviation(finder, text, lat, lon):
    assert near(found(finder, text)[0], lat, lon, km=30)


def test_a_state_abbreviation_is_a_word_elsewhere(finder):
    # "Miss." and "IN" name Mississippi and Indiana only after a town and a comma
    assert found(finder, "Miss. Lopez said IN THE END it was fine.") == []


@pytest.mark.parametrize("text, expected", [
    ("A Turkish policeman shot the ambassador.", [("Turkish", "Turkey")]),
    ("Canadians voted on Monday.", [("Canadians", "Canada")]),
    ("Former Turkish Prime Minister Ahmet Davutoglu spoke.", [("Turkish", "Turkey")]),
    ("俄方目前没有收到任何消息。", [("俄方", "Russia")]),
    ("South Korean officials met North Korean envoys.", [("South Korean", "South Korea"), ("North Korean", "North Korea")]),
    ("Latin American leaders met in Lima.", []),
])
def test_demonyms_are_adjectival_mentions_of_their_country(finder, text, expected):
    assert adjectival(finder, text) == expected


def test_demonyms_are_not_counted_as_names(finder):
    # the country is not named, so it is no (name) mention: the page lists it apart
    assert found(finder, "Russian officials said the talks went well.") == []


@pytest.mark.parametrize("text", ["Relations damaged Russia-Turkey ties again.", "Russia-Turkey ties are strained."])
def test_two_places_joined_by_a_hyphen(finder, text):
    assert [f[0] for f in found(finder, text)] == ["Russia", "Turkey"]


@pytest.mark.parametrize("text", ["WASHINGTON — The Senate voted on Tuesday.", "Washington (CNN) The Senate voted.",
                                  "WASHINGTON Barack Obama pardoned his last turkey on Wednesday."])
def test_a_dateline_is_where_the_story_was_filed(finder, text):
    [place] = found(finder, text)
    assert near(place, 38.90, -77.04, km=30)


@pytest.mark.parametrize("text, name, lat, lon, km", [
    ('"It is wrong," Quebec Health Minister Gaetan Barrette said.', "Quebec", 52.0, -72.0, 700),
    ("Calgary MLA Sandra Jansen drew a standing ovation.", "Calgary", 51.05, -114.07, 30),
])
def test_a_places_own_office_still_names_the_place(finder, text, name, lat, lon, km):
    [place] = found(finder, text)
    assert place[0] == name and near(place, lat, lon, km=km)


def test_a_state_before_its_namesakes(finder):
    [florida] = found(finder, "On Sunday, Sen. Marco Rubio of Florida said he would vote no.")
    assert near(florida, 28.0, -82.0, km=400)  # the US state, not Florida, Puerto Rico or Florida, Colombia


@pytest.mark.parametrize("text", ["这样可以方便旅客出行。", "在立法方面仍有分歧。", "交通越来越方便了。", "六方会谈参加方的代表。"])
def test_chinese_side_forms_inside_other_words_are_no_demonyms(finder, text):
    assert adjectival(finder, text) == []


def test_chinese_side_forms_after_a_verb_of_asking(finder):
    assert adjectival(finder, "外交部敦促美方停止干涉。") == [("美方", "United States")]


# --- people before places ---------------------------------------------------------------------

def names_found(finder, texts):
    results = finder.find_article(texts)
    return [[m.surface for m in sorted(r.places + r.suggested, key=lambda m: m.start)] for r in results]


def test_a_person_is_no_place_even_for_a_places_yaml_alias(finder):
    # "Hasan" is a places.yaml alias of Khasan: here it is Aleppo's mayor
    assert names_found(finder, ["Since meeting Aleppo Mayor Brita Hagi Hasan in Paris, she has helped."]) == [
        ["Aleppo", "Paris"]]
    assert names_found(finder, ["Hasan, the mayor of eastern Aleppo, asked for help."]) == [["Aleppo"]]


def test_the_village_stays_a_village(finder):
    assert [(f[0], f[1]) for f in found(finder, "The train crossed the border at Hasan on Tuesday.")] == [
        ("Hasan", "khasan")]


def test_a_surname_that_names_a_country_stays_the_country(finder):
    texts = ["Senator Michael Jordan said so.", "Jordan closed its border with Syria."]
    assert names_found(finder, texts)[1] == ["Jordan", "Syria"]


def test_a_hyphenated_given_name_is_no_place(finder):
    assert found(finder, "Kerry-Ann Jones said she would stay.") == []


def test_a_surname_alone_later_in_the_article_is_the_person(finder):
    texts = ["Police said the gunman was Mevlut Mert Altintas, a 22-year-old officer from Ankara.",
             "Altintas, who was born in 1994, had served in the riot police."]
    assert names_found(finder, texts) == [["Ankara"], []]


# --- the outlet's home --------------------------------------------------------------------------

def test_a_local_papers_town_before_its_namesakes(finder):
    text = ["Police closed Richmond Street in London after a water main broke on Tuesday."]
    [abroad] = finder.find_article(text)
    [home] = finder.find_article(text, outlet="London Free Press", country="CA")  # sources.yaml: country CA
    assert [m.surface for m in abroad.suggested] == ["London"]  # "Richmond Street" is a street, not Street, England
    place = lambda found: finder.geoparser.world.get(found.suggested[0].place)  # noqa: E731
    assert distance_km(place(abroad).lat, place(abroad).lon, 51.51, -0.13) < 30   # London, England
    assert distance_km(place(home).lat, place(home).lon, 42.98, -81.25) < 30      # London, Ontario


def test_the_country_domain_of_the_outlets_address(finder):
    home = finder.geoparser.home("CBC News", "https://www.cbc.ca/news/canada/manitoba/story")
    assert home.country == "CA" and home.cities == ()
    home = finder.geoparser.home("Winnipeg Free Press", "https://www.winnipegfreepress.com/")
    assert home.country == "CA" and [finder.geoparser.world.place(i).name for i in home.cities] == ["Winnipeg"]


# --- US counties ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, lat, lon", [
    ("The crash closed I-75 in Laurel County, Kentucky, on Friday.", 37.11, -84.12),   # London, Ky., is its seat
    ("Deputies in Granville County said the fire started in a barn.", 36.30, -78.65),  # North Carolina
])
def test_a_us_county_is_a_place(finder, text, lat, lon):
    [county] = [f for f in found(finder, text) if f[0].endswith("County")]
    assert near(county, lat, lon, km=40)


def test_a_county_in_the_state_the_article_names(finder):
    # sixteen US states have a Monroe County: the one in Michigan here
    texts = ["Dead swans were found near Lake Erie in Michigan.", "The birds came from a game area in Monroe County."]
    county = [m for r in finder.find_article(texts) for m in r.suggested if m.surface == "Monroe County"]
    place = finder.geoparser.world.get(county[0].place)
    assert distance_km(place.lat, place.lon, 41.93, -83.50) < 40


@pytest.mark.parametrize("text", [
    "The White House condemned the attack.",               # the president's office, not White House, Tennessee
    "U.N. Secretary-General Ban Ki-moon condemned it.",     # a person, not Ban Ki, Thailand
    "Messi's goal was not enough for Real Madrid.",          # a football club
])
def test_offices_people_and_clubs_named_like_places(finder, text):
    assert found(finder, text) == []


def test_a_countrys_name_is_the_country_not_a_town_of_that_name(finder):
    # Greece, New York has 96,000 people, and the article names the US: still the country
    texts = ["US health officials met in Washington.", "The actress arrived today in Athens, Greece, for the campaign."]
    greece = [m for r in finder.find_article(texts) for m in r.suggested if m.surface == "Greece"]
    assert finder.geoparser.world.get(greece[0].place).kind == "country"
    assert [(f[0]) for f in found(finder, "He grew up in Greece, N.Y., near Rochester.")][:1] == ["Greece"]
    [town] = [f for f in found(finder, "He grew up in Greece, N.Y., near Rochester.") if f[0] == "Greece"]
    assert near(town, 43.21, -77.69, km=30)
