"""The command line takes people as users see them (a name, a masked ID with the name), and
``xiansuo explore`` starts on the loopback with one line saying where."""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from explore_tools import HOSTILE_ID, HOSTILE_NAME
from typer.testing import CliRunner

from xiansuo.cli import app
from xiansuo.model.masking import mask_id

runner = CliRunner(env={"XIANSUO_LANG": "en"})


def invoke(*args: str):
    return runner.invoke(app, list(args))


def name_of(out: Path, id_no: str) -> str:
    shown = invoke("person", id_no, "--out", str(out))
    assert shown.exit_code == 0, shown.output
    return shown.output.split()[0]


def test_person_takes_a_unique_name_or_a_masked_id_with_the_name(generated_run):
    out = str(generated_run.out)
    by_name = invoke("person", HOSTILE_NAME, "--out", out)
    assert by_name.exit_code == 0, by_name.output
    assert mask_id(HOSTILE_ID) in by_name.output and "case_parties.csv" in by_name.output
    first, second = generated_run.same_name
    name = name_of(generated_run.out, first)
    chosen = invoke("person", f"{name} {mask_id(second)}", "--out", out)
    assert chosen.exit_code == 0 and mask_id(second) in chosen.output.splitlines()[0]


def test_a_name_several_people_have_lists_them_to_choose_from(generated_run):
    first, second = generated_run.same_name
    name = name_of(generated_run.out, first)
    several = invoke("person", name, "--out", str(generated_run.out))
    assert several.exit_code == 2
    assert mask_id(first) in several.output and mask_id(second) in several.output
    assert "add the masked ID" in several.output and first not in several.output
    nobody = invoke("person", "查无此人", "--out", str(generated_run.out))
    assert nobody.exit_code == 1 and "nobody in this graph matches" in nobody.output


def test_path_and_neighborhood_take_names_and_masked_ids(generated_run, tmp_path):
    a, b = generated_run.gang["persons"][:2]
    a_as_seen = f"{name_of(generated_run.out, a)} {mask_id(a)}"
    b_as_seen = f"{mask_id(b)} {name_of(generated_run.out, b)}"
    found = invoke("path", a_as_seen, b_as_seen, "--out", str(generated_run.out),
                   "--page", str(tmp_path / "path.html"))  # fmt: skip
    assert found.exit_code == 0, found.output
    assert "path 1" in found.output and "case_parties" in found.output
    around = invoke("neighborhood", a_as_seen, "--out", str(generated_run.out),
                    "--page", str(tmp_path / "n.html"))  # fmt: skip
    assert around.exit_code == 0 and "Case" in around.output, around.output


def test_explore_prints_one_address_and_serves_behind_its_token(generated_run, tmp_path):
    out = Path(shutil.copytree(generated_run.out, tmp_path / "out"))
    xiansuo = Path(sys.executable).with_name("xiansuo")
    command = [str(xiansuo), "explore", "--out", str(out), "--no-browser", "--user", "审计员"]
    env = {**os.environ, "XIANSUO_LANG": "en"}
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env)  # fmt: skip
    try:
        lines = [server.stdout.readline(), server.stdout.readline()]
        urls = [re.search(r"http://127\.0\.0\.1:(\d+)/\?token=\S+", line) for line in lines]
        (address,) = [u for u in urls if u]
        connection = http.client.HTTPConnection("127.0.0.1", int(address.group(1)), timeout=30)
        connection.request("GET", address.group(0).split(address.group(1), 1)[1])
        assert connection.getresponse().status == 303
        connection.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    start = json.loads((out / "audit.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert (start["action"], start["user"]) == ("start", "审计员")
    assert start["params"]["address"].startswith("http://127.0.0.1:")


def test_another_address_than_loopback_is_said_to_be_reachable(generated_run):
    # 192.0.2.1 is for documentation: no machine has it, so nothing is bound there.
    result = invoke("explore", "--out", str(generated_run.out), "--no-browser",
                    "--host", "192.0.2.1")  # fmt: skip
    assert "reachable from other machines" in result.output
    assert result.exit_code == 2 and "cannot listen on 192.0.2.1" in result.output
