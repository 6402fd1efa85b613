"""The first page in a real browser: choose a place, read its passages; filter by source."""


def choose_place(page, name):
    box = page.get_by_role("combobox", name="Show passages for")
    box.click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")


def test_choosing_a_place_shows_exactly_its_passages(page):
    choose_place(page, "Khasan")
    page.get_by_text("Khasan: 1 passage · 3 sources").wait_for(timeout=15000)
    marks = page.locator("mark").all_inner_texts()
    assert marks == ["哈桑村"]
    assert page.get_by_text("Sources: RIA Novosti, Khasan administration, Far Eastern Railway").is_visible()


def test_source_filter_changes_the_panel(page):
    choose_place(page, "Vladivostok")
    page.get_by_text("Vladivostok: 5 passages").wait_for(timeout=15000)
    sources = page.get_by_role("combobox", name="Sources")
    sources.click()
    page.keyboard.type("Bloomberg")
    page.keyboard.press("Enter")
    page.get_by_text("Vladivostok: 1 passage · 1 source").wait_for(timeout=15000)
    assert page.locator("mark").all_inner_texts() == ["符拉迪沃斯托克"]
