"""Each check of `booklet check`: a catalog that triggers it and one that does not."""

from __future__ import annotations

import subprocess
import unicodedata
from pathlib import Path

import pytest

from booklet.catalogs.reader import PoSyntaxError, read_catalog
from booklet.checks import glossary
from booklet.checks import run as checks
from booklet.checks.findings import Finding
from booklet.checks.preflight import preflight
from catalog_helpers import po_text, write_po

SRC = "As a result of this military intervention, 147 civilians were killed and 744 were seriously injured."
RU = "В результате этой военной интервенции 147 мирных жителей были убиты и 744 получили тяжёлые ранения."
AZ = "Bu hərbi müdaxilə nəticəsində 147 dinc sakin öldürülmüş, 744 nəfər ağır yaralanmışdır."

GLOSSARY = """id,en,az,ru,note
baku,Baku,Bakı,Баку,the capital
azerbaijan,Azerbaijan,Azərbaycan,Азербайджан,
alley,Alley of Martyrs,Şəhidlər Xiyabanı,Аллея шехидов,the memorial
"""


def run(tmp_path: Path, lang: str, pairs, glossary_text: str | None = None, **kw) -> list[Finding]:
    path = write_po(tmp_path, lang, pairs, **kw)
    terms = []
    if glossary_text is not None:
        (tmp_path / "glossary.csv").write_text(glossary_text, encoding="utf-8")
        terms = glossary.load(tmp_path / "glossary.csv")
    return checks.check_file(path, str(path), terms)


def ids(found: list[Finding], severity: str | None = None) -> set[str]:
    return {f.check for f in found if severity is None or f.severity == severity}


def test_a_clean_translation_has_no_finding(tmp_path):
    assert run(tmp_path, "ru", [(SRC, RU)], GLOSSARY) == []
    assert run(tmp_path, "az", [(SRC, AZ)], GLOSSARY) == []


# --- header ---------------------------------------------------------------------------------------


def test_header_placeholders_and_fuzzy_header(tmp_path):
    path = write_po(tmp_path, "ru", [(SRC, RU)], **{"Language-Team": "ru <LL@li.org>"})
    path.write_text("# FIRST AUTHOR <EMAIL@ADDRESS>, 2026.\n#, fuzzy\n" + path.read_text(encoding="utf-8"))
    found = checks.check_file(path, "x.po", [])
    messages = " ".join(f.message for f in found if f.check == "header")
    assert "LL@li.org" in messages and "FIRST AUTHOR" in messages and "fuzzy" in messages
    assert all(f.line == 3 for f in found)  # the header's msgid line


def test_plural_forms_must_be_the_languages(tmp_path):
    wrong = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : 1);"
    found = run(tmp_path, "az", [(SRC, AZ)], **{"Plural-Forms": wrong})
    assert [f.check for f in found] == ["header"]
    assert "nplurals=2; plural=(n != 1);" in found[0].message


def test_plural_forms_written_differently_but_equal_pass(tmp_path):
    assert run(tmp_path, "az", [(SRC, AZ)], **{"Plural-Forms": "nplurals=2; plural=n!=1;"}) == []
    found = run(tmp_path, "az", [(SRC, AZ)], **{"Plural-Forms": "nplurals=2; plural=n>1;"})
    assert [f.check for f in found] == ["header"]


def test_language_header_required_and_matches_folder(tmp_path):
    assert "header" in ids(run(tmp_path, "ru", [(SRC, RU)], Language=""), "error")
    path = write_po(tmp_path, "az", [(SRC, RU)])
    path.write_text(po_text("ru", [(SRC, RU)]), encoding="utf-8")  # a Russian catalog in the az folder
    assert any("folder" in f.message for f in checks.check_file(path, "x", []))


# --- state ----------------------------------------------------------------------------------------


def test_untranslated_and_fuzzy_are_errors(tmp_path):
    found = run(tmp_path, "ru", [(SRC, ""), ("Baku.", "Баку."), ("Again.", "Снова.")], fuzzy=(1,))
    assert [(f.check, f.severity) for f in found] == [("untranslated", "error"), ("fuzzy", "error")]


# --- numbers --------------------------------------------------------------------------------------


def test_numbers_missing_and_added(tmp_path):
    found = run(tmp_path, "ru", [(SRC, RU.replace("147", "12"))])
    assert {f.message for f in found} == {
        '"147" in the source is missing from the translation',
        '"12" in the translation is not in the source',
    }
    assert str(found[0]).startswith(f"{tmp_path}/locales/ru/LC_MESSAGES/index.po:")
    assert ": error: numbers: " in str(found[0])


def test_numbers_survive_reordering_and_separators(tmp_path):
    pairs = [("January 19-20, 1990: 1,000 people.", "19–20 января 1990 года: 1 000 человек.")]
    assert run(tmp_path, "ru", pairs) == []


# --- markup and injection -------------------------------------------------------------------------

MARKED = (
    "The **great** leader {term}`Heydar Aliyev <aliyev>` said, see [site](https://example.org), `make` [^1]."
)
MARKED_RU = (
    "**Великий** лидер {term}`Гейдар Алиев <aliyev>` сказал, см. [сайт](https://example.org), `make` [^1]."
)


def test_markup_kept_is_clean(tmp_path):
    assert ids(run(tmp_path, "ru", [(MARKED, MARKED_RU)])) & {"markup", "injection"} == set()


@pytest.mark.parametrize(
    "broken, expect",
    [
        (MARKED_RU.replace("**Великий**", "**Великий"), "unbalanced “**”"),
        (MARKED_RU.replace("`make`", "`make"), "unbalanced “`”"),
        (MARKED_RU.replace("[сайт](https://example.org)", "сайт"), "link to “https://example.org”"),
        (MARKED_RU.replace("<aliyev>", "<aliev>"), "role {term}`… <aliyev>`"),
        (MARKED_RU.replace(" [^1]", ""), "footnote reference “1”"),
        (MARKED_RU.replace("`make`", "`сделать`"), "code span “make”"),
        (MARKED_RU.replace("сказал,", "сказал (и"), "unbalanced brackets"),
    ],
)
def test_markup_broken_is_an_error(tmp_path, broken, expect):
    found = [f for f in run(tmp_path, "ru", [(MARKED, broken)]) if f.check == "markup"]
    assert any(expect in f.message for f in found), found
    assert all(f.severity == "error" for f in found)


@pytest.mark.parametrize(
    "added",
    [
        "<script>alert(1)</script>",
        '<a rel="attachment" href="file:///etc/passwd">x</a>',
        "[x](https://evil.example/track)",
        "![x](https://evil.example/pixel.png)",
        "{download}`/etc/passwd`",
        "\n\n```{raw} html\n<b>x</b>\n```",
    ],
)
def test_injected_html_directive_role_or_link_stops_the_build(tmp_path, added):
    path = write_po(tmp_path, "ru", [(SRC, RU + " " + added)])
    found = checks.check_file(path, "locales/ru/LC_MESSAGES/index.po", [])
    assert "injection" in ids(found, "error"), found


def test_a_changed_role_target_is_an_error_that_adds_a_target(tmp_path):
    found = run(tmp_path, "ru", [(MARKED, MARKED_RU.replace("<aliyev>", "<aliev>"))])
    assert {(f.check, f.severity) for f in found} == {("markup", "error"), ("injection", "error")}
    assert any("role {term}`… <aliev>`" in f.message for f in found if f.check == "injection")


def test_preflight_stops_on_every_error_and_counts_what_falls_back(tmp_path):
    from booklet.config import load

    (tmp_path / "pyproject.toml").write_text(
        '[tool.booklet]\nname = "t"\nsource-language = "en"\nlanguages = ["en", "ru", "az"]\n',
        encoding="utf-8",
    )
    write_po(tmp_path, "ru", [(SRC, RU + " <script>alert(1)</script>"), ("Untranslated.", "")])
    write_po(tmp_path, "az", [(SRC, AZ)])
    cfg = load(tmp_path)
    ru = preflight(cfg, "ru")
    # injection, and what the same text breaks besides: a figure not in the source, Latin in a Russian word
    assert {p.split(": ")[2] for p in ru.problems} == {"injection", "numbers", "script"}, ru.problems
    assert all(p.startswith("locales/ru/LC_MESSAGES/index.po:15: error: ") for p in ru.problems)
    # the untranslated message is work in progress: counted, not a problem
    assert [(r.catalog, r.total, r.translated, r.untranslated) for r in ru.progress] == [
        ("locales/ru/LC_MESSAGES/index.po", 2, 1, 1)
    ]
    assert ru.share == 0.5
    az = preflight(cfg, "az")
    assert az.ok and az.share == 1.0 and preflight(cfg, "en").ok


# --- glossary -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, msgid, msgstr",
    [
        ("az", "The massacre of civilians in Baku.", "Bakıda dinc sakinlərin qırğını."),
        ("az", "The history of Azerbaijan.", "Azərbaycanın tarixi."),
        ("az", "The Alley of Martyrs is sacred.", "Şəhidlər Xiyabanı müqəddəsdir."),
        ("ru", "The massacre of civilians in Baku.", "Массовое убийство мирных жителей в Баку."),
        ("ru", "He came to the Alley of Martyrs.", "Он пришёл к Аллее шехидов."),
        ("ru", "The Alley of Martyrs is sacred.", "Аллея шехидов священна."),
        ("ru", "The history of Azerbaijan.", "История Азербайджана."),
    ],
)
def test_glossary_inflected_forms_pass(tmp_path, lang, msgid, msgstr):
    assert "glossary" not in ids(run(tmp_path, lang, [(msgid, msgstr)], GLOSSARY))


@pytest.mark.parametrize(
    "lang, msgid, msgstr, expect",
    [
        (
            "az",
            "The massacre of civilians in Baku.",
            "Baku şəhərində dinc sakinlərin qırğını.",
            "source spelling “Baku”",
        ),
        (
            "az",
            "The massacre of civilians in Baku.",
            "Paytaxtda dinc sakinlərin qırğını.",
            "“Baku” must be translated as “Bakı”",
        ),
        (
            "ru",
            "He came to the Alley of Martyrs.",
            "Он пришёл к мемориалу.",
            "must be translated as “Аллея шехидов”",
        ),
        ("ru", "The history of Azerbaijan.", "История страны.", "must be translated as “Азербайджан”"),
    ],
)
def test_glossary_missing_term_or_source_spelling(tmp_path, lang, msgid, msgstr, expect):
    found = [f for f in run(tmp_path, lang, [(msgid, msgstr)], GLOSSARY) if f.check == "glossary"]
    assert any(expect in f.message for f in found), found


NESTED = (
    GLOSSARY
    + "karabakh,Karabakh,Qarabağ,Карабах,\nvictory,Karabakh Victory,Qarabağ Zəfəri,Карабахская Победа,\n"
)


def test_a_term_inside_a_longer_term_follows_the_longer_one(tmp_path):
    # "Karabakh" inside "Karabakh Victory" is translated by the longer term (an adjective in Russian)...
    ok = [("The path reached the Karabakh Victory.", "Путь привёл к Карабахской Победе.")]
    assert "glossary" not in ids(run(tmp_path, "ru", ok, NESTED))
    # ...but on its own it must still be there, and the longer term is still checked.
    alone = [("Karabakh was liberated.", "Край был освобождён.")]
    assert any("Карабах" in f.message for f in run(tmp_path / "a", "ru", alone, NESTED))
    wrong = [("The path reached the Karabakh Victory.", "Путь привёл к победе.")]
    assert any("Карабахская Победа" in f.message for f in run(tmp_path / "b", "ru", wrong, NESTED))


def test_malformed_glossary_is_reported_at_its_line(tmp_path):
    path = tmp_path / "glossary.csv"
    path.write_text("id,en,az,ru,note\nbaku,Baku,Bakı\n", encoding="utf-8")
    with pytest.raises(glossary.GlossaryError) as err:
        glossary.load(path)
    assert err.value.line == 2


# --- script ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, msgstr, expect",
    [
        ("ru", RU.replace("мирных", "мирныx"), "LATIN SMALL LETTER X"),  # Latin x in a Russian word
        ("ru", RU.replace("тяжёлые", "тяжёлые (Qarabağ)"), "not in the ru alphabet"),
        ("az", AZ.replace("hərbi", "hәrbi"), "CYRILLIC SMALL LETTER SCHWA"),  # Cyrillic ә for ə
        ("az", AZ.replace("dinc", "dinc wow"), "not in the az alphabet"),
    ],
)
def test_script_mixed_or_outside_the_alphabet(tmp_path, lang, msgstr, expect):
    found = [f for f in run(tmp_path, lang, [(SRC, msgstr)]) if f.check == "script"]
    assert any(expect in f.message for f in found), found
    assert all(f.severity == "error" for f in found)


def test_script_names_kept_from_the_source_and_unknown_languages_pass(tmp_path):
    pairs = [("Built with Sphinx 9.", "Собрано с помощью Sphinx 9."), ("In the century.", "В XX веке.")]
    assert run(tmp_path, "ru", pairs) == []
    # an editor that saves decomposed letters (S + combining cedilla) is still read right
    decomposed = unicodedata.normalize("NFD", "Şəhidlər Xiyabanı müqəddəsdir.")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    assert run(tmp_path, "az", [("The Alley of Martyrs is sacred.", decomposed)], GLOSSARY) == []
    # German is not in the alphabet table: no alphabet errors, mixed scripts still caught
    assert run(tmp_path, "de", [("The street.", "Die Straße.")]) == []
    assert "script" in ids(run(tmp_path, "de", [("The street.", "Die Straßе.")]))  # Cyrillic е


# --- sentences, punctuation, quotes, whitespace (warnings) ----------------------------------------


def test_sentence_count_differs_is_a_warning(tmp_path):
    msgid = "His Excellency Mr. Ilham Aliyev spoke. This must never be forgotten."
    assert (
        run(
            tmp_path,
            "ru",
            [(msgid, "Его Превосходительство господин Ильхам Алиев сказал. Это нельзя забыть.")],
        )
        == []
    )
    found = run(
        tmp_path,
        "ru",
        [(msgid, "Его Превосходительство господин Ильхам Алиев сказал, что это нельзя забыть.")],
    )
    assert [(f.check, f.severity) for f in found] == [("sentences", "warning")]


def test_quotes_per_language(tmp_path):
    msgid = "Views on the events of “Bloody January” grow."
    assert run(tmp_path, "ru", [(msgid, "Взгляды на события «Кровавого января» растут.")]) == []
    assert run(tmp_path, "az", [(msgid, "«Qanlı Yanvar» hadisələrinə baxışlar artır.")]) == []
    found = run(tmp_path, "ru", [(msgid, "Взгляды на события “Кровавого января” растут.")])
    assert [(f.check, f.severity) for f in found] == [("quotes", "warning")]
    assert "«…» (inner „…“)" in found[0].message


@pytest.mark.parametrize(
    "msgid, msgstr",
    [
        ("Preparing search...", "Поиск готовится…"),  # three dots and the ellipsis character are one stop
        ("Version {{ v }}, built on {{ d }}.", "Версия {{ v }} от {{ d }}"),  # the date brings its own "г."
    ],
)
def test_equivalent_ends_are_not_punctuation_warnings(tmp_path, msgid, msgstr):
    assert "punctuation" not in ids(run(tmp_path, "ru", [(msgid, msgstr)]))


def test_a_missing_stop_is_still_a_punctuation_warning(tmp_path):
    assert "punctuation" in ids(run(tmp_path, "ru", [("Version {{ v }} is out.", "Версия {{ v }} вышла")]))


def test_whitespace_and_punctuation_warnings(tmp_path):
    found = run(
        tmp_path, "ru", [(SRC, " " + RU.replace("были убиты", "были  убиты") + " "), ("Hundreds.", "Сотни ,")]
    )
    got = {(f.check, f.severity) for f in found}
    assert got == {("whitespace", "warning"), ("punctuation", "warning")}
    assert len([f for f in found if f.check == "whitespace"]) == 3


# --- syntax and broken files ----------------------------------------------------------------------

HEADER_LINES = 12  # po_text's header entry and the blank line after it
BROKEN = {
    "unterminated": ('msgid "a\nmsgstr "b"\n', 1, "end-of-line within string"),
    "bad escape": ('msgid "a\\q"\nmsgstr "b"\n', 1, "escape"),
    "duplicate": ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 4, "duplicate"),
    "no msgstr": ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 1, "missing 'msgstr'"),
    "stray text": ('msgid "a"\nmsgstr "b"\nhello\n', 3, "keyword 'hello' unknown"),
    "newline mismatch": ('msgid "a\\n"\nmsgstr "b"\n', 2, "trailing newline"),
    "plural count": ('msgid "a"\nmsgid_plural "as"\nmsgstr[0] "b"\nmsgstr[1] "bs"\n', 1, "nplurals=3"),
}


@pytest.mark.parametrize("name", BROKEN)
def test_syntax_errors_at_their_line_and_msgfmt_agrees(tmp_path, name):
    body, line, expect = BROKEN[name]
    path = tmp_path / "x.po"
    path.write_text(po_text("ru", [])[:-1] + "\n" + body, encoding="utf-8")
    found = [f for f in checks.check_file(path, "x.po", []) if f.check == "syntax"]
    assert found and found[0].line == HEADER_LINES + line and expect in found[0].message, found
    proc = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    assert proc.returncode != 0, f"msgfmt accepts what the checker rejects: {name}"


def broken_file(tmp_path: Path, kind: str) -> tuple[Path, int, str]:
    """A catalog broken as `kind`, the line of its one finding and a word of the message. A file over
    the size limit is refused before it is read (a `file` finding); the others are `syntax` findings."""
    path = tmp_path / f"{kind}.po"
    good = po_text("ru", [(SRC, RU)]).encode()
    data = {
        "bom": (b"\xef\xbb\xbf" + good, 1, "byte order mark"),
        "latin-1": (good.replace("тяжёлые".encode(), "tr\xe8s".encode("latin-1")), 15, "not valid UTF-8"),
        "empty": (b"", 1, "empty"),
        "huge": (good + b"#" * (10 * 1024 * 1024) + b"\n", 1, "MB"),
        "nul": (good + b"\x00", 17, "NUL"),
    }[kind]
    path.write_bytes(data[0])
    return path, data[1], data[2]


@pytest.mark.parametrize("kind", ["bom", "latin-1", "empty", "huge", "nul"])
def test_broken_files_give_one_clear_finding(tmp_path, kind):
    path, line, expect = broken_file(tmp_path, kind)
    with pytest.raises(PoSyntaxError) as info:
        read_catalog(path, "x.po")
    assert info.value.line == line
    assert expect in info.value.message
    found = checks.check_file(path, "x.po", [])
    check = "file" if kind == "huge" else "syntax"
    assert [(f.line, f.check, f.severity) for f in found] == [(line, check, "error")]


def test_plural_entry_with_previous_msgid_is_read(tmp_path):
    path = tmp_path / "locales/ru/LC_MESSAGES/index.po"
    path.parent.mkdir(parents=True)
    entry = (
        '#, fuzzy\n#| msgctxt "c"\n#| msgid "one day"\n#| msgid_plural ""\n#| "days"\nmsgid "one year"\n'
        'msgid_plural "years"\nmsgstr[0] "год"\nmsgstr[1] "года"\nmsgstr[2] "лет"\n'
    )
    path.write_text(po_text("ru", []) + entry, encoding="utf-8")
    catalog = read_catalog(path)
    assert catalog.entries[0].previous_msgid == "one day" and catalog.entries[0].plurals[2] == "лет"
    assert [f.check for f in checks.check_file(path, "x", [])] == ["fuzzy"]


def test_crlf_line_ends_are_accepted(tmp_path):
    path = tmp_path / "crlf.po"
    path.write_bytes(po_text("ru", [(SRC, RU)]).replace("\n", "\r\n").encode())
    catalog = read_catalog(path)
    assert catalog.entries[0].msgstr == RU


# --- no false alarms on a faithful translation of a real paragraph ---------------------------------

PARAGRAPH = (
    "During the night of January 19-20, 1990, the Soviet Army, supported by contingents of internal "
    "troops and special forces, launched a military assault on Azerbaijan with the aim of forcibly "
    "suppressing the national independence movement. This aggression resulted in the massacre of "
    "civilians in Baku, Sumgayit, Lankaran, and Neftchala, claiming the lives of women, children, "
    "and the elderly. As a result of this military intervention, 147 civilians were killed and 744 "
    "were seriously injured. On January 21, 1990, immediately after the tragedy, at the Permanent "
    "Mission of Azerbaijan in Moscow, National leader of the Azerbaijani people Heydar Aliyev was "
    "able to break through the Soviet regime’s information blockade, revealing this heinous crime "
    "against the Azerbaijani people and conveying the truth about the massacres to the world "
    "community."
)
PARAGRAPH_RU = (
    "В ночь с 19 на 20 января 1990 года Советская армия при поддержке контингентов внутренних войск "
    "и спецподразделений предприняла военное нападение на Азербайджан с целью насильственного "
    "подавления национально-освободительного движения. Эта агрессия привела к массовому убийству "
    "мирных жителей в Баку, Сумгайыте, Ленкорани и Нефтчале, унеся жизни женщин, детей и стариков. В "
    "результате этой военной интервенции 147 мирных жителей были убиты и 744 получили тяжёлые "
    "ранения. 21 января 1990 года, сразу после трагедии, в Постоянном представительстве Азербайджана "
    "в Москве общенациональный лидер азербайджанского народа Гейдар Алиев смог прорвать "
    "информационную блокаду советского режима, разоблачив это чудовищное преступление против "
    "азербайджанского народа и донеся правду о массовых убийствах до мировой общественности."
)
PARAGRAPH_AZ = (
    "1990-cı il yanvarın 19-dan 20-nə keçən gecə daxili qoşunların və xüsusi təyinatlı dəstələrin "
    "kontingentləri ilə dəstəklənən Sovet Ordusu milli istiqlal hərəkatını zorla yatırmaq məqsədilə "
    "Azərbaycana hərbi hücum etdi. Bu təcavüz nəticəsində Bakıda, Sumqayıtda, Lənkəranda və "
    "Neftçalada dinc əhali qətlə yetirildi, qadınların, uşaqların və yaşlıların həyatına son "
    "qoyuldu. Bu hərbi müdaxilə nəticəsində 147 dinc sakin öldürüldü, 744 nəfər ağır yaralandı. "
    "1990-cı il yanvarın 21-də, faciədən dərhal sonra, Azərbaycanın Moskvadakı Daimi "
    "Nümayəndəliyində Azərbaycan xalqının Ümummilli lideri Heydər Əliyev Sovet rejiminin informasiya "
    "blokadasını yararaq Azərbaycan xalqına qarşı törədilmiş bu dəhşətli cinayəti ifşa etdi və "
    "qırğınlar haqqında həqiqəti dünya ictimaiyyətinə çatdırdı."
)
REAL_GLOSSARY = GLOSSARY + (
    "aliyev,Heydar Aliyev,Heydər Əliyev,Гейдар Алиев,\n"
    "sumgayit,Sumgayit,Sumqayıt,Сумгайыт,\n"
    "people,Azerbaijani people,Azərbaycan xalqı,азербайджанский народ,\n"
)


@pytest.mark.parametrize("lang, text", [("ru", PARAGRAPH_RU), ("az", PARAGRAPH_AZ)])
def test_a_faithful_translation_of_a_real_paragraph_passes(tmp_path, lang, text):
    assert run(tmp_path, lang, [(PARAGRAPH, text)], REAL_GLOSSARY, **{"Language-Team": "x"}) == []
    dropped = text[: text.index("147") - 30] + text[text.index("744") + 40 :]  # a sentence cut out
    found = run(tmp_path, lang, [(PARAGRAPH, dropped)], REAL_GLOSSARY)
    assert {f.check for f in found} >= {"numbers", "sentences"}


@pytest.mark.parametrize("kind", ["bom", "latin-1", "empty", "huge", "nul"])
def test_preflight_stops_a_broken_catalog_with_file_and_line(tmp_path, kind):
    from booklet.config import load

    (tmp_path / "pyproject.toml").write_text(
        '[tool.booklet]\nname = "t"\nsource-language = "en"\nlanguages = ["en", "ru"]\n', encoding="utf-8"
    )
    broken, line, expect = broken_file(tmp_path, kind)
    target = tmp_path / "locales/ru/LC_MESSAGES/index.po"
    target.parent.mkdir(parents=True)
    broken.replace(target)
    problems = preflight(load(tmp_path), "ru").problems
    assert len(problems) == 1
    check = "file" if kind == "huge" else "syntax"
    assert problems[0].startswith(f"locales/ru/LC_MESSAGES/index.po:{line}: error: {check}: ")
    assert expect in problems[0]
