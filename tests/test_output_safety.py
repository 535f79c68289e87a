"""Outputs and stores: a failed store step replaces nothing, --store refuses foreign folders, -o keeps links and
streams, write errors on standard output are one line, and `link --accept` never writes into the package."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from test_errors import assert_bad_input, replace

ANNOTATION = "003_1094f3a3a48ed6b8.yaml"


def run_cli_as_user(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run repat-kg so that file modes bind: root ignores them, so it runs without CAP_DAC_OVERRIDE."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to test read-only folders as root"
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.run(
        [*prefix, sys.executable, "-m", "repat_kg", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def set_writable(folder: Path, writable: bool) -> None:
    for path in [folder, *folder.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def build(seeds: Path, out: Path, store: Path) -> subprocess.CompletedProcess[str]:
    return run_cli("build", str(seeds), "-o", str(out), "--store", str(store), "-j", "1")


def outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


# ----------------------------------------------------------------------------- a failed store step


def test_a_read_only_store_fails_the_build_and_leaves_outputs_and_store_byte_identical(
    seeds_copy: Path, tmp_path: Path
) -> None:
    out, store = tmp_path / "out", tmp_path / "store"
    assert build(seeds_copy, out, store).returncode == 0
    replace(seeds_copy / ANNOTATION, "outlet_basis: ", "outlet_basis: (re-checked) ")
    before_outputs, before_store = outputs(out), snapshot(store)
    set_writable(store, False)
    try:
        failed = run_cli_as_user("build", str(seeds_copy), "-o", str(out), "--store", str(store), "-j", "1")
    finally:
        set_writable(store, True)
    assert_bad_input(failed, str(store), "cannot open the store for writing")
    assert outputs(out) == before_outputs
    assert snapshot(store) == before_store
    # The same build with a writable store does change both: the failure above is what kept them.
    again = build(seeds_copy, out, store)
    assert again.returncode == 0, again.stderr
    assert "replaced 1 graph(s), 8 unchanged" in again.stdout
    assert outputs(out)["repat-kg.nq"] != before_outputs["repat-kg.nq"]


def test_a_store_held_open_by_another_process_fails_the_build_and_changes_nothing(
    seeds_copy: Path, tmp_path: Path
) -> None:
    out, store = tmp_path / "out", tmp_path / "store"
    assert build(seeds_copy, out, store).returncode == 0
    replace(seeds_copy / ANNOTATION, "outlet_basis: ", "outlet_basis: (re-checked) ")
    before_outputs = outputs(out)
    before_digests = (store / "repat-kg-graphs.json").read_bytes()
    before_quads = run_cli("export", "--format", "nq", "--store", str(store))
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('open', flush=True);"
         " sys.stdin.read()", str(store)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        failed = build(seeds_copy, out, store)
    finally:
        holder.communicate("", timeout=30)
    assert_bad_input(failed, str(store), "cannot open the store for writing")
    assert outputs(out) == before_outputs
    assert (store / "repat-kg-graphs.json").read_bytes() == before_digests
    after_quads = run_cli("export", "--format", "nq", "--store", str(store))
    assert after_quads.returncode == 0 and after_quads.stdout == before_quads.stdout


# ----------------------------------------------------------------------------- --store DIR


def test_build_store_refuses_a_folder_of_other_files(tmp_path: Path) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = run_cli("build", str(ROOT / "seeds"), "-o", str(tmp_path / "out"), "--store", str(folder), "-j", "1")
    assert_bad_input(result, str(folder), "not empty and holds no Oxigraph store")
    assert sorted(p.name for p in folder.iterdir()) == ["notes.txt"]
    assert not (tmp_path / "out").exists()


# ----------------------------------------------------------------------------- export -o


def test_export_to_dev_stdout_prints_the_graph(built: Path) -> None:
    data = str(built / "repat-kg.nq")
    plain = run_cli("export", "--format", "nt", "--data", data)
    to_stdout = run_cli("export", "--format", "nt", "--data", data, "-o", "/dev/stdout")
    assert to_stdout.returncode == 0, to_stdout.stderr
    assert plain.stdout and to_stdout.stdout == plain.stdout


def test_export_to_dev_stdout_redirected_to_a_file_writes_that_file(built: Path, tmp_path: Path) -> None:
    """`export -o /dev/stdout > file`: the shell's file gets the graph; no new file is renamed over it."""
    target = tmp_path / "redirected.nt"
    data = str(built / "repat-kg.nq")
    with open(target, "wb") as out:
        inode = os.fstat(out.fileno()).st_ino
        result = subprocess.run([sys.executable, "-m", "repat_kg", "export", "--format", "nt", "--data", data,
                                 "-o", "/dev/stdout"], stdout=out, stderr=subprocess.PIPE, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8") == run_cli("export", "--format", "nt", "--data", data).stdout
    assert target.stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["redirected.nt"]


def test_export_to_a_symlink_writes_its_target_and_keeps_the_link(built: Path, tmp_path: Path) -> None:
    real = tmp_path / "releases" / "graph.nt"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "latest.nt"
    link.symlink_to(real)
    result = run_cli("export", "--format", "nt", "--data", str(built / "repat-kg.nq"), "-o", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and Path(os.readlink(link)) == real
    expected = run_cli("export", "--format", "nt", "--data", str(built / "repat-kg.nq")).stdout
    assert real.read_text(encoding="utf-8") == expected


def test_export_to_a_fifo_writes_into_it(built: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "graph.pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as pipe:
            received.append(pipe.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = run_cli("export", "--format", "nt", "--data", str(built / "repat-kg.nq"), "-o", str(fifo))
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    expected = run_cli("export", "--format", "nt", "--data", str(built / "repat-kg.nq")).stdout
    assert received == [expected.encode("utf-8")]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


# ----------------------------------------------------------------------------- a full disk on standard output


@pytest.mark.parametrize("args", [["export"], ["query", "official-claims"], ["queries"]])
def test_a_full_disk_on_standard_output_is_a_one_line_error(built: Path, args: list[str]) -> None:
    extra = ["--data", str(built / "repat-kg.nq")] if args[0] != "queries" else []
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "repat_kg", *args, *extra], stdout=full, stderr=subprocess.PIPE, text=True,
            timeout=120,
        )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == ["repat-kg: error: cannot write the output: No space left on device"]


def test_a_closed_pipe_on_standard_output_is_a_one_line_error_not_exit_1(built: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "repat_kg", "export", "--data", str(built / "repat-kg.nq")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    process.stdout.close()  # the reader went away before anything was written
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 2, stderr
    assert stderr.splitlines() == ["repat-kg: error: cannot write the output: Broken pipe"]


# ----------------------------------------------------------------------------- link --accept and shipped data

FICTIONAL_ROW = "Q900000003\thuman\ten:Gennady Kuzmin\tfictional test row\n"


@pytest.fixture()
def installed(tmp_path: Path) -> Path:
    """The package laid out as a wheel installs it: code and data under site/repat_kg, data in repat_kg/data/."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "src" / "repat_kg", site / "repat_kg", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("ontology", "shapes", "queries", "seeds"):
        shutil.copytree(ROOT / name, site / "repat_kg" / "data" / name)
    gazetteer = site / "repat_kg" / "data" / "seeds" / "wikidata-gazetteer.tsv"
    gazetteer.write_text(gazetteer.read_text(encoding="utf-8") + FICTIONAL_ROW, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()  # a working folder with no seeds/
    return site


def run_installed(site: Path, *args: str, as_user: bool = False) -> subprocess.CompletedProcess[str]:
    env = {"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "HOME": str(site.parent)}
    prefix: list[str] = []
    if as_user and os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        assert setpriv, "setpriv (util-linux) is needed to test read-only files as root"
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    return subprocess.run([*prefix, sys.executable, "-m", "repat_kg", *args], cwd=site.parent / "elsewhere",
                          env=env, capture_output=True, text=True, timeout=300)  # fmt: skip


def test_link_accept_never_writes_into_the_installed_package(installed: Path) -> None:
    shipped = installed / "repat_kg" / "data" / "seeds" / "entities.yaml"
    before = shipped.read_bytes()
    by_default = run_installed(installed, "link", "--accept", "-e", "gennady-kuzmin")
    assert_bad_input(by_default, "--accept writes the registry", "give --registry FILE")
    named = run_installed(installed, "link", "--accept", "--registry", str(shipped), "-e", "gennady-kuzmin")
    assert_bad_input(named, str(shipped), "shipped with the package and read-only")
    assert shipped.read_bytes() == before
    # A copy the user owns gets the link: the refusals above are what kept the shipped file as it was.
    mine = installed.parent / "elsewhere" / "entities.yaml"
    shutil.copyfile(shipped, mine)
    accepted = run_installed(installed, "link", "--accept", "--registry", str(mine), "-e", "gennady-kuzmin")
    assert accepted.returncode == 0, accepted.stderr
    assert "qid: Q900000003" in mine.read_text(encoding="utf-8")
    assert shipped.read_bytes() == before


def test_link_accept_refuses_a_read_only_registry(installed: Path) -> None:
    mine = installed.parent / "elsewhere" / "entities.yaml"
    shutil.copyfile(installed / "repat_kg" / "data" / "seeds" / "entities.yaml", mine)
    mine.chmod(0o444)
    before = mine.read_bytes()
    result = run_installed(installed, "link", "--accept", "--registry", str(mine), "-e", "gennady-kuzmin", as_user=True)
    assert_bad_input(result, str(mine), "cannot write the registry")
    assert mine.read_bytes() == before
