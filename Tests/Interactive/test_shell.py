"""The interactive shell driven through a pseudo-terminal as a person types, the screen read
back through a terminal emulator (pyte), so that what is checked is what a person sees."""
import os
import re
import shutil
import tempfile
import time
import unicodedata

import pexpect
import pyte
import pytest
from conftest import database

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("JIEDUI_BIN") or os.path.join(ROOT, ".build", "debug", "jiedui")

UP, DOWN, LEFT, RIGHT = "\x1b[A", "\x1b[B", "\x1b[D", "\x1b[C"
CTRL_C, CTRL_D, CTRL_R, TAB = "\x03", "\x04", "\x12", "\t"


def width(text):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Terminal:
    """jiedui on a pseudo-terminal of 120x30 cells."""

    def __init__(self, folder, db, lang="zh_CN.UTF-8", extra_env=None, args=()):
        self.folder = folder
        env = dict(os.environ)
        env.update({
            "LANG": lang, "TERM": "xterm", "NO_COLOR": "1", "JIEDUI_TODAY": "2024-12-31",
            "JIEDUI_HISTORY": os.path.join(folder, "history"), "HOME": folder,
        })
        env.pop("LC_ALL", None)
        env.update(extra_env or {})
        self.child = pexpect.spawn(BINARY, ["--db", db, *args], env=env,
                                   dimensions=(30, 120), timeout=5)
        self.screen = pyte.Screen(120, 30)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = b""  # everything the program wrote, for what flashes by between screens

    def pump(self, wait=0.05):
        try:
            while True:
                data = self.child.read_nonblocking(65536, timeout=wait)
                self.raw += data
                self.stream.feed(data)
        except (pexpect.TIMEOUT, pexpect.EOF):
            pass

    def text(self):
        return "\n".join(line.rstrip() for line in self.screen.display)

    def cursor_line(self):
        return self.screen.display[self.screen.cursor.y].rstrip()

    def wait_for(self, pattern, timeout=5.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.pump()
            if re.search(pattern, self.text()):
                return
        raise AssertionError(f"screen never showed {pattern!r}:\n{self.text()}")

    def wait_prompt(self, town="未命名镇", star="", timeout=5.0):
        self.wait_cursor_line(f"jiedui({town}){star}>", timeout)

    def wait_cursor_line(self, text, timeout=5.0):
        """Waits until the cursor's line is exactly `text` (an empty prompt waiting for input)."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            self.pump()
            if self.cursor_line() == text:
                return
        raise AssertionError(f"cursor line never became {text!r}:\n{self.text()}")

    def send(self, keys):
        for key in keys if isinstance(keys, list) else [keys]:
            self.child.send(key.encode("utf-8"))
            time.sleep(0.05)
        self.pump()

    def run(self, command, town="未命名镇", star=""):
        self.send(command + "\r")
        self.wait_prompt(town, star)

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)


@pytest.fixture
def folder():
    path = tempfile.mkdtemp(prefix="jiedui-pty-")
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def db(store, folder):
    """The town every terminal of a test opens: a file, or a town on the server."""
    return database(store, folder)


@pytest.fixture
def term(folder, db):
    t = Terminal(folder, db)
    t.wait_prompt()
    t.run("set town 金宝镇", town="金宝镇")
    yield t
    t.close()


def count(term, noun):
    term.send(f"{noun} count\r")
    term.wait_prompt("金宝镇")
    lines = [l for l in term.text().split("\n") if l.strip()]
    return int(lines[-2].strip())


def villages_after_leaving(term, folder, db):
    """Waits for the shell to leave with status 0, then counts the villages in a new one."""
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 0
    again = Terminal(folder, db)
    again.wait_prompt("金宝镇")
    villages = count(again, "village")
    again.close()
    return villages


def test_chinese_is_edited_by_character_and_the_cursor_lands_where_the_text_is(term):
    term.send("village add name=金宝村")
    term.send([LEFT, LEFT])
    prompt = "jiedui(金宝镇)> "
    assert term.screen.cursor.x == width(prompt + "village add name=金")
    term.send("大")
    term.send("\x7f")  # Backspace deletes one character, not one byte
    term.send("石")
    term.send("\r")
    term.wait_prompt("金宝镇")
    term.run("village list", town="金宝镇")
    assert "金石宝村" in term.text()


def test_long_lines_wrap_and_stay_editable(term):
    name = "很长的村名" * 12          # 120 cells: the line wraps on a 120-column terminal
    term.send(f"village add name={name}")
    rows = [l for l in term.text().split("\n") if "很长" in l]
    assert len(rows) >= 2, term.text()
    term.send("\x01")                # Ctrl-A: back to the start, across the wrap
    term.send([RIGHT] * len("village add name="))
    term.send("新")
    term.send("\r")
    term.wait_prompt("金宝镇")
    term.run("village list show name", town="金宝镇")
    assert "新很长的村名很长" in term.text().replace("\n", "")


def test_tab_completes_nouns_keys_and_villages(term):
    term.run("village add name=金宝村", town="金宝镇")
    term.run("village add name=金宝社区 kind=社区", town="金宝镇")
    term.send("villa" + TAB)
    assert term.cursor_line().endswith("village")
    term.send(["\x15"])  # Ctrl-U clears the line
    term.send("child add 姓" + TAB)
    assert term.cursor_line().endswith("姓名=")
    term.send(["\x15"])
    term.send("family add vil" + TAB)
    assert term.cursor_line().endswith("village=")
    term.send("金" + TAB)
    assert term.cursor_line().endswith("village=金宝")   # the part both names share
    term.send(TAB)
    term.wait_for("金宝社区")                              # several: listed
    term.send("村" + TAB)
    term.send("\r")
    term.wait_prompt("金宝镇")
    assert "F0001" in term.text()


def test_tab_completes_the_survey_forms_fields_and_values(term):
    term.send("family set F0001 father_w" + TAB)
    assert term.cursor_line().endswith("father_workplace=")
    term.send(["\x15"])
    term.send("child set C0001 民" + TAB)
    assert term.cursor_line().endswith("民族=")
    term.send("mong" + TAB)
    assert term.cursor_line().endswith("民族=mongol")
    term.send(" risk=re" + TAB)
    assert term.cursor_line().endswith("risk=red")
    term.send(" schooling=junior" + TAB)
    assert term.cursor_line().endswith("schooling=junior-high")
    term.send(["\x15"])
    term.send("visit add kind=联系" + TAB)
    assert term.cursor_line().endswith("kind=联系父母")


def test_ctrl_c_clears_the_line_and_changes_nothing(term):
    term.send("village add name=不要的村")
    term.send(CTRL_C)
    term.wait_prompt("金宝镇")
    assert count(term, "village") == 0


def test_continuation_lines(term):
    term.send("village add \\\r")
    term.wait_cursor_line("...>")
    term.send("name=续行村\r")
    term.wait_prompt("金宝镇")
    term.send('village set 续行村 director="王\r')
    term.wait_cursor_line("...>")
    term.send('主任"\r')
    term.wait_prompt("金宝镇")
    term.run("village show 续行村", town="金宝镇")
    assert "续行村" in term.text()


def test_begin_rollback_and_the_transaction_prompt(term):
    term.run("begin", town="金宝镇", star="*")
    term.run("village add name=临时村", town="金宝镇", star="*")
    term.run("rollback", town="金宝镇")
    assert count(term, "village") == 0
    term.run("begin", town="金宝镇", star="*")
    term.run("village add name=保留村", town="金宝镇", star="*")
    term.run("commit", town="金宝镇")
    assert count(term, "village") == 1


def test_a_reveal_inside_a_rolled_back_transaction_stays_in_the_log(term):
    """Numbers shown in full were shown: rolling the transaction back keeps the reveal entry."""
    term.run("village add name=甲村", town="金宝镇")
    term.run("family add village=甲村 guardian=甲 guardian_phone=13800004321", town="金宝镇")
    term.run("begin", town="金宝镇", star="*")
    term.run("set mask off", town="金宝镇", star="*")
    term.run("family show F0001", town="金宝镇", star="*")
    assert "13800004321" in term.text()
    term.run("village add name=临时村", town="金宝镇", star="*")
    term.run("rollback", town="金宝镇")
    term.send("log limit 1\r")
    term.wait_prompt("金宝镇")
    last = last_output(term)
    assert "family show F0001" in last and "reveal" in last, term.text()
    assert count(term, "village") == 1


def last_output(term):
    lines = [l for l in term.text().split("\n") if l.strip()]
    return lines[-2].strip()


def test_ids_after_a_rollback_and_check_inside_a_transaction(term):
    # Ids are counted in memory inside a transaction: a rolled-back one gives its ids back,
    # and check sees the transaction's own changes.
    term.run("village add name=甲村", town="金宝镇")
    term.run("begin", town="金宝镇", star="*")
    term.run("family add village=甲村 guardian=甲", town="金宝镇", star="*")
    assert last_output(term) == "F0001"
    term.run("rollback", town="金宝镇")
    term.run("begin", town="金宝镇", star="*")
    term.run("family add village=甲村 guardian=乙", town="金宝镇", star="*")
    assert last_output(term) == "F0001"
    term.run("child add name=童童 idno=511304201405010121 family=F0001 category=孤儿", town="金宝镇", star="*")
    term.run("check", town="金宝镇", star="*")
    assert "童童" in term.text() and "uncovered" in term.text()
    term.run("commit", town="金宝镇")
    term.run("family add village=甲村 guardian=丙", town="金宝镇")
    assert last_output(term) == "F0002"


def test_up_down_and_ctrl_r_with_chinese(term):
    term.run("village add name=北山村", town="金宝镇")
    term.run("village add name=南河村", town="金宝镇")
    term.send(UP)
    assert term.cursor_line().endswith("village add name=南河村")
    term.send(UP)
    assert term.cursor_line().endswith("village add name=北山村")
    term.send(DOWN)
    assert term.cursor_line().endswith("village add name=南河村")
    term.send(["\x15"])
    term.run("village show 南河村", town="金宝镇")
    term.send(CTRL_R + "北")
    term.wait_for("历史搜索.*北.*village add name=北山村")
    term.send(CTRL_R)   # no older match: stays on it
    term.send("\x1b")   # give up: back to the prompt
    term.wait_prompt("金宝镇")
    term.send(CTRL_R + "北山")
    term.send("\r")     # Enter runs the match
    term.wait_prompt("金宝镇")
    assert "already exists" in term.text() or "已存在" in term.text()


def test_an_arrow_key_in_a_search_keeps_the_match_to_edit(term):
    """docs/language.md: during Ctrl-R, Esc gives up and any other key keeps the match to edit;
    an arrow key is such a key, and moves the cursor, instead of typing its sequence."""
    term.run("village add name=北山村", town="金宝镇")
    term.run("village count", town="金宝镇")
    term.send(CTRL_R + "北山")
    term.wait_for("北山.*village add name=北山村")
    term.send(LEFT)
    term.wait_cursor_line("jiedui(金宝镇)> village add name=北山村")
    assert "[D" not in term.text()
    term.send(["\x15"])
    term.run("set lang en", town="金宝镇")
    term.send(CTRL_R + "vil")
    term.wait_for("reverse-i-search")
    term.send("\x1b")
    term.wait_prompt("金宝镇")


def test_history_survives_a_restart_and_masks_numbers(folder, db):
    t = Terminal(folder, db)
    t.wait_prompt()
    t.run("village add name=金宝村")
    t.run("family add village=金宝村 guardian_phone=13800001111")
    t.send(CTRL_D)
    t.child.expect(pexpect.EOF)
    saved = open(os.path.join(folder, "history"), encoding="utf-8").read()
    assert "13800001111" not in saved
    assert "138****1111" in saved
    assert oct(os.stat(os.path.join(folder, "history")).st_mode & 0o777) == "0o600"
    again = Terminal(folder, db)
    again.wait_prompt()
    again.send(UP)
    assert again.cursor_line().endswith("guardian_phone=138****1111")
    again.close()


def test_ctrl_d_leaves_and_asks_first_inside_a_transaction(term):
    term.run("begin", town="金宝镇", star="*")
    term.run("village add name=半路村", town="金宝镇", star="*")
    term.send(CTRL_D)
    term.wait_for(r"\[y/N\]")
    term.send("n\r")
    term.wait_prompt("金宝镇", star="*")
    term.send(CTRL_D)
    term.wait_for(r"\[y/N\]")
    term.send("y\r")
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 0


@pytest.mark.parametrize("word", ["quit", "exit"])
def test_quit_inside_a_transaction_asks_first(term, folder, db, word):
    before = count(term, "village")
    # The first answer keeps the shell and its transaction, which is then committed; the
    # second lets the next transaction go.
    for asked, (village, answer) in enumerate([("半路村", "n"), ("又一村", "y")]):
        term.run("begin", town="金宝镇", star="*")
        term.run(f"village add name={village}", town="金宝镇", star="*")
        term.send(word + "\r")
        term.wait_for(r"(?s)" + r"\[y/N\].*" * (asked + 1))
        term.send(answer + "\r")
        if answer == "n":
            term.wait_prompt("金宝镇", star="*")
            term.run("commit", town="金宝镇")
    assert villages_after_leaving(term, folder, db) == before + 1      # the committed village stays, the other went


def test_errors_point_with_a_caret_under_the_word(term):
    term.send("chidl list\r")
    term.wait_prompt("金宝镇")
    lines = term.text().split("\n")
    index = max(i for i, l in enumerate(lines) if "chidl list" in l)
    caret = lines[index + 1]
    assert caret.strip() == "^~~~~"
    assert caret.index("^") == width("jiedui(金宝镇)> ")
    assert "child" in term.text()


def test_a_caret_for_an_earlier_line_of_a_continued_command_stands_under_it(term):
    # The error is on the first of two lines: that line is shown again and the caret under it.
    term.send("village add kind=社区社区 \\\r")
    term.wait_cursor_line("...>")
    term.send("name=甲\r")
    term.wait_prompt("金宝镇")
    lines = term.text().split("\n")
    index = min(i for i, l in enumerate(lines) if l.startswith("jiedui(金宝镇)> village add kind=社区社区"))
    assert lines[index + 1].startswith("...> name=甲")
    shown, caret = lines[index + 2], lines[index + 3]
    assert shown.rstrip() == "jiedui(金宝镇)> village add kind=社区社区 \\"
    assert caret.strip() == "^~~~~~~~"
    assert caret.index("^") == width("jiedui(金宝镇)> village add kind=")


def test_help_lists_commands_and_a_nouns_keys(term):
    term.run("help pair add", town="金宝镇")
    assert "结对帮扶人" in term.text() and "helper" in term.text() and "override" in term.text()
    term.run("help", town="金宝镇")
    assert "training" in term.text() and "sql" in term.text()


def test_ctrl_c_stops_a_running_command(term):
    term.send("sql WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) SELECT count(*) FROM r\r")
    time.sleep(0.5)
    term.send(CTRL_C)
    term.wait_prompt("金宝镇")
    assert "中断" in term.text()


def test_ctrl_c_inside_a_transaction_stops_the_command_and_keeps_the_rest(term, folder):
    """language.md: Ctrl-C stops the running command, which then changes nothing; inside
    `begin` the earlier work stays, the transaction stays open, and `commit` keeps it."""
    # An import long enough to be stopped in the middle of its writes.
    sheet = os.path.join(folder, "families.csv")
    with open(sheet, "w", encoding="utf-8") as f:
        f.write("村（社区）,监护人,监护人电话\n")
        for i in range(300000):
            f.write(f"大村,户主{i},138{i:08d}\n")
    script = os.path.join(folder, "big.jd")
    with open(script, "w", encoding="utf-8") as f:
        f.write(f"village add name=大村\nimport family {sheet}\n")
    term.run("begin", town="金宝镇", star="*")
    term.run("village add name=保留村", town="金宝镇", star="*")
    term.send(f"run {script}\r")
    time.sleep(1.5)
    term.send(CTRL_C)
    term.wait_prompt("金宝镇", star="*", timeout=30)
    assert "中断" in term.text()
    term.run("village count", town="金宝镇", star="*")
    assert last_output(term) == "1"
    term.run("commit", town="金宝镇")
    assert count(term, "village") == 1


def test_dry_run_is_refused_in_the_shell(folder, db):
    """--dry-run is for -c and -f: in the shell it is refused (exit 2), not quietly ignored
    while what is typed is kept."""
    t = Terminal(folder, db, args=("--dry-run",))
    try:
        t.child.expect(pexpect.EOF, timeout=10)
        t.pump()
        t.stream.feed(t.child.before or b"")
        assert "begin" in t.text() and "--dry-run" in t.text(), t.text()
        t.child.close()
        assert t.child.exitstatus == 2
    finally:
        t.close()


def test_tab_lists_some_of_many_records_without_completing_wrongly(term, folder):
    """Tab offers at most 50 records: with more matching, it lists those and `…`, and inserts
    nothing, since what the 50 share need not be what all share (F0001…F0120 all match F0)."""
    script = os.path.join(folder, "families.jd")
    with open(script, "w", encoding="utf-8") as f:
        f.write("village add name=金宝村\n")
        for i in range(120):
            f.write(f"family add village=金宝村 guardian=户主{i}\n")
    term.run(f"run {script}", town="金宝镇")
    term.send("family show F0" + TAB)
    term.wait_for("…")
    assert term.cursor_line() == PROMPT + "family show F0"
    assert "F0001" in term.text()
    term.send(["1", "2"])
    term.wait_cursor_line(PROMPT + "family show F012")
    term.send(TAB)
    term.wait_cursor_line(PROMPT + "family show F0120")


def test_the_prompt_masks_a_number_in_the_towns_name(term):
    term.run("set town 镇13912345678", town="镇139****5678")
    assert "13912345678" not in term.cursor_line()


def test_a_long_script_shows_progress_on_a_terminal(term, folder):
    script = os.path.join(folder, "many.jd")
    with open(script, "w", encoding="utf-8") as f:
        for i in range(3000):
            f.write(f"village add name=村{i}\n")
    term.send(f"run {script}\r")
    # 3000 commands take seconds on a busy machine, more on a server.
    term.wait_prompt("金宝镇", timeout=120)
    drawn = term.raw.decode("utf-8", "replace")
    assert "█" in drawn and "/30" in drawn, "a bar with the count and the rate was drawn"
    assert "█" not in term.text(), "and cleared at the end"
    assert count(term, "village") == 3000


# Ctrl-R: what Enter runs is the match shown, nothing else; a failed search runs nothing.

PROMPT = "jiedui(金宝镇)> "
LIST = "village list where name ~ "
# Fictional village names the searched `list` lines below pick among.
VILLAGES = ["ab村", "abc村", "龙泉村", "龙泉山村", "石桥村"]


def history_lines(folder):
    path = os.path.join(folder, "history")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return f.read().split("\n")[:-1]


def last_command(term, prompt=PROMPT):
    """The last command shown after a prompt above the cursor, and the non-blank lines under it."""
    lines = term.text().split("\n")[:term.screen.cursor.y]
    shown = [i for i, l in enumerate(lines) if l.startswith(prompt) and l[len(prompt):].strip()]
    assert shown, term.text()
    return lines[shown[-1]][len(prompt):], [l for l in lines[shown[-1] + 1:] if l.strip()]


def listed_villages(output):
    """The names in the first column of a `village list` table (its header row dropped)."""
    return {row.split()[0] for row in output[1:]}


@pytest.mark.parametrize("needles, query, older, newest_is", [
    (["ab", "z" * 24], "ab", 0, "longer"),
    (["abc", "zz"], "abc", 0, "shorter"),
    (["龙泉", "石桥村" * 5], "龙泉", 0, "longer"),
    (["龙泉山", "石"], "龙泉", 0, "shorter"),
    (["ab", "abc" + "z" * 20, "zz"], "ab", 1, "shorter"),
    (["龙泉", "龙泉山村" * 4, "石桥村" * 6], "龙泉", 1, "longer"),
], ids=["ascii-shorter-match", "ascii-longer-match", "chinese-shorter-match",
        "chinese-longer-match", "ascii-older-match", "chinese-older-match"])
def test_enter_after_ctrl_r_runs_exactly_the_history_line_shown(term, folder, needles, query, older, newest_is):
    for name in VILLAGES:
        term.run(f"village add name={name}", town="金宝镇")
    for needle in needles:
        term.run(LIST + needle, town="金宝镇")
    before = history_lines(folder)
    matches = [line for line in reversed(before) if query in line]
    expected = matches[older]             # Ctrl-R shows the newest match, each further Ctrl-R an older one
    newest = before[-1]
    assert query not in newest, "the search passes over the newest line"
    assert (len(newest) > len(expected)) == (newest_is == "longer"), (newest, expected)
    wanted = {v for v in VILLAGES if expected[len(LIST):] in v}
    assert wanted, "the expected command lists at least one village"

    term.send([CTRL_R] + list(query))
    term.send([CTRL_R] * older)
    term.wait_for(re.escape(f"`{query}': {expected}"))
    term.send("\r")
    term.wait_prompt("金宝镇")

    command, output = last_command(term)
    assert command == expected                   # what the screen shows as run
    assert "历史搜索" not in term.text()
    assert listed_villages(output) == wanted     # what actually ran
    assert history_lines(folder) == before + [expected]


@pytest.mark.parametrize("typed, query", [("", "qqqq"), ("village count", "qqqq"), ("", "abq")],
                         ids=["empty-line", "a-line-being-typed", "a-match-then-no-match"])
def test_enter_on_a_failed_search_ends_it_and_runs_nothing(term, folder, typed, query):
    term.run("village add name=ab村", town="金宝镇")
    term.run(LIST + "ab", town="金宝镇")
    before = history_lines(folder)
    assert not any(query in line for line in before)
    term.send(typed)
    above = term.text().split("\n")[:term.screen.cursor.y]

    term.send([CTRL_R] + list(query))
    term.wait_for(re.escape(f"`{query}':"))
    term.send("\r")
    term.wait_cursor_line((PROMPT + typed).rstrip())

    time.sleep(0.3)
    term.pump()
    assert term.child.isalive()
    assert term.cursor_line() == (PROMPT + typed).rstrip()
    assert term.text().split("\n")[:term.screen.cursor.y] == above   # nothing printed
    assert history_lines(folder) == before                            # nothing ran
    term.send("\r")                          # the line kept is the line being edited
    term.wait_prompt("金宝镇")
    if typed:
        assert last_command(term) == (typed, [str(1)])
        assert history_lines(folder) == before + [typed]


def test_enter_on_a_failed_search_inside_a_transaction_neither_asks_nor_leaves(term, folder):
    term.run("begin", town="金宝镇", star="*")
    term.run("village add name=石桥村", town="金宝镇", star="*")
    before = history_lines(folder)
    term.send([CTRL_R] + list("qqqq"))
    term.wait_for("`qqqq':")
    term.send("\r")
    term.wait_prompt("金宝镇", star="*")
    time.sleep(0.3)
    term.pump()
    assert "[y/N]" not in term.text()
    assert term.cursor_line() == "jiedui(金宝镇)*>"
    assert history_lines(folder) == before
    term.run("rollback", town="金宝镇")
    assert count(term, "village") == 0


# Ctrl-D on an empty line leaves, however the line became empty.

EMPTIED = {
    "ctrl-c": [CTRL_C],
    "up-ctrl-c": [UP, CTRL_C],
    "typed-ctrl-c": ["village count", CTRL_C],
    "up-ctrl-u": [UP, "\x15"],
    "ctrl-c-twice": [CTRL_C, CTRL_C],
    "ctrl-r-ctrl-c": [CTRL_R, "set", CTRL_C],
}


@pytest.mark.parametrize("keys", EMPTIED.values(), ids=EMPTIED.keys())
def test_ctrl_d_leaves_however_the_line_became_empty(term, keys):
    term.send(keys)
    term.wait_prompt("金宝镇")
    term.send(CTRL_D)
    term.child.expect(pexpect.EOF)
    term.child.close()
    assert term.child.exitstatus == 0


@pytest.mark.parametrize("keys", [EMPTIED["ctrl-c"], EMPTIED["up-ctrl-c"]], ids=["ctrl-c", "up-ctrl-c"])
def test_ctrl_d_after_ctrl_c_inside_a_transaction_asks_first(term, folder, db, keys):
    term.run("begin", town="金宝镇", star="*")
    term.run("village add name=石桥村", town="金宝镇", star="*")
    for answer in ["n", "y"]:
        asked = term.text().count("[y/N]")
        term.send(keys)
        term.wait_prompt("金宝镇", star="*")
        term.send(CTRL_D)
        deadline = time.time() + 5
        while term.text().count("[y/N]") == asked and time.time() < deadline:
            term.pump()
        assert term.text().count("[y/N]") == asked + 1, term.text()
        term.send(answer + "\r")
        if answer == "n":
            term.wait_prompt("金宝镇", star="*")
    assert villages_after_leaving(term, folder, db) == 0      # the open transaction was rolled back
