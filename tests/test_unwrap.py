"""Hard-wrapped pages (wire copy, e-mail, save-as-text) are read as whole sentences."""

import textwrap

from aligner.boilerplate import is_boilerplate
from aligner.ingest.clean import clean_page
from aligner.ingest.dates import stamp_line
from aligner.ingest.unwrap import unwrap
from aligner.segment import split_sentences

STORY_EN = [
    "Foreign Minister Cho Tae-yul held phone talks with his U.S. and Japanese counterparts on Friday to "
    "discuss the treaty North Korea and Russia signed this week.",
    "The three ministers agreed that the treaty poses a serious threat to the security of the Korean "
    "Peninsula and beyond, the foreign ministry said.",
    "Cho said any cooperation that helps the North's military buildup violates UN Security Council "
    "resolutions, and explained Seoul's new sanctions on Coca-Cola-sized shipments of arms.",
]
STORY_KO = [
    "조태열 외교부 장관이 미국과 일본 외교장관과 잇따라 전화 통화를 하고 이번 주 북한과 러시아가 체결한 조약에 대한 대응 방안을 논의했습니다.",
    "세 장관은 이 조약이 한반도와 그 너머의 안보에 심각한 위협이 된다는 데 의견을 같이했다고 외교부는 밝혔습니다.",
    "조 장관은 북한의 군사력 증강을 돕는 어떤 협력도 유엔 안전보장이사회 결의 위반이라고 강조하고 우리 정부의 독자 제재를 설명했습니다.",
]


def _page(title: str, stamp: str, story: list[str], width: int, chrome: list[str]) -> list[str]:
    lines = [title, stamp, ""]
    for paragraph in story:
        lines += textwrap.wrap(paragraph, width) + [""]
    return lines + chrome


def test_a_wrapped_english_page_gives_whole_sentences():
    page = _page("FM Cho Discusses Treaty with US, Japan", "Written: 2024-06-22 14:57:31", STORY_EN, 60,
                 ["Photo : KBS News", "List", "Editor's Pick"])
    cleaned = clean_page(page)
    assert cleaned.title == "FM Cho Discusses Treaty with US, Japan"
    assert split_sentences("\n".join(cleaned.body), "en") == STORY_EN


def test_a_wrapped_korean_page_without_blank_lines_gives_whole_sentences():
    page = [line for line in _page("외교장관, 미·일 외교장관과 통화", "입력 2024.06.22 (14:57)", STORY_KO, 30,
                                   ["저작권자ⓒ KBS(www.kbs.co.kr) 무단 전재 및 재배포 금지"]) if line]
    assert split_sentences("\n".join(clean_page(page).body), "ko") == STORY_KO


def test_a_page_of_ordinary_lines_is_left_as_it_is():
    """Short sentences of like length, one per line, look like a column but end their lines."""
    lines = [f"The ministry said the plan number {k} would start next month as planned." for k in range(12)]
    lines += ["Officials said the talks would go on", "Seoul, Tokyo and Washington"]
    assert unwrap(lines, is_boilerplate) == lines
    assert unwrap(STORY_EN, is_boilerplate) == STORY_EN


def test_chrome_never_joins_a_wrapped_sentence():
    wrapped = textwrap.wrap(STORY_EN[0], 60)
    lines = wrapped[:-1] + ["Photo : KBS News"] + wrapped[-1:] + textwrap.wrap(STORY_EN[1], 60)
    out = unwrap(lines, is_boilerplate)
    assert "Photo : KBS News" in out


def test_a_wrapped_stamp_or_copyright_line_takes_its_tail_but_no_story():
    lines = textwrap.wrap(STORY_KO[0], 30) + ["입력 2024.07.03 (11:05) 수정 2024.07.03", "(11:42)"]
    lines += textwrap.wrap(STORY_KO[1], 30) + ["저작권자ⓒ KBS(www.kbs.co.kr) 무단 전재 및 재배포", "금지"]
    keeps_apart = lambda line: is_boilerplate(line) or stamp_line(line) is not None  # noqa: E731
    assert unwrap(lines, keeps_apart) == [STORY_KO[0], "입력 2024.07.03 (11:05) 수정 2024.07.03 (11:42)", STORY_KO[1],
                                          "저작권자ⓒ KBS(www.kbs.co.kr) 무단 전재 및 재배포 금지"]


def test_a_double_spaced_wrapped_page_gives_whole_sentences():
    """Some tools put a blank line after every line: then blank lines say nothing."""
    lines = [part for paragraph in STORY_EN for line in textwrap.wrap(paragraph, 60) for part in (line, "")]
    assert [line for line in unwrap(lines, is_boilerplate) if line] == STORY_EN


def test_a_wrapped_page_of_short_sentences_is_joined_too():
    """Most sentences fit in one line, so fewer than half the lines are full; the lines that are
    full and break inside a sentence still show the wrap."""
    story = ["She hopes you will accept these rabbits.", "Yet no one likes me.",
             "Then, while you are sleeping, your subconscious mind thinks about this information and you "
             "may have meaningful dreams.", "But if you dream about a cat, you'll be unlucky.",
             "Nancy and Lucy bought the presents last week and gave them to him at the party.",
             "They learned to talk there.", "First we must make all the money for the trip.",
             "However, many scientists are reporting that frogs are in danger of extinction.",
             "I hope that we will make a lot of money.", "Many people visit the park on weekends.",
             "So many people from the lower classes are rushing to the IT industry to escape from their poverty.",
             "His team found two major uses of sound."]
    page = _page("She Hopes You Will Accept These Rabbits", "Written: 2024-03-04 16:23:00", story, 72, ["List"])
    assert split_sentences("\n".join(clean_page(page).body), "en") == story


def test_a_short_wrapped_page_shows_its_width_in_its_wrapped_chrome_too():
    """Two short paragraphs fill too few lines to tell a wrap on their own; the cookie notice
    below them, cut at the same width, shows it (chrome sets no width: a notice on one long
    line would make every text line look short)."""
    story = ["Suits are standard business attire, and coworkers call each other by their family names.",
             "Workers must often get their superiors' approval for any decisions they make, and are expected "
             "to obey their superiors' instructions without question."]
    notice = 'By clicking "Accept", you consent to the storing of cookies on your device.'
    page = _page("Suits Are Standard", "Written: 2024-03-08 10:51:00", story, 70,
                 textwrap.wrap(notice, 70) + ["List", "This website uses cookies and other technology to enhance "
                                              "quality of service. Continuous usage of the website will be "
                                              "considered as giving consent to the application of such technology."])
    assert split_sentences("\n".join(clean_page(page).body), "en") == story
