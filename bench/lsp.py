#!/usr/bin/env python3
"""Benchmark `repl-lint lsp`: edit-to-diagnostics latency and memory over many edits.

Usage: python3 bench/lsp.py [--setups 400] [--edits 100] [--no-build] [--baseline BINARY]
                            [--debounce-ms MS] [--timeout 30]

Builds the release binary, generates the Terraform corpus with bench/generate.py (N setups,
400 by default) into a temporary directory, starts `target/release/repl-lint lsp` on it over
stdio, initializes, and waits for the initial publishes (the planted defects: N/10 files).
Then it opens setup_10.tf (its replica versioning is "Suspended": RL202) and sends --edits
full-text didChange edits, one after the other, each toggling that status between "Enabled"
and "Suspended" so that the file's findings change every time. For each edit it measures the
time from writing the didChange to reading the publishDiagnostics for that file and version,
and prints median, p90 and max. The server debounces edits; if it states its debounce (a
`debounce` figure in its initialize result or a window/logMessage like "debounce 25 ms"), or
--debounce-ms gives one, the same figures minus the debounce are printed too.

Memory: VmRSS and VmHWM from /proc/PID/status after the initial lint, after 10 edits and
after 100 edits (and after the last edit), so growth is visible.

Goal (issue 20): a median edit-to-diagnostics time of at most 20 ms up to 400 setups and
50 ms at 2,000, and no memory growth over the edits. --baseline BINARY measures a previous
build first, on its own corpus of the same size, and prints both.

Every wait has a time limit and every loop a bound: the script stops by itself, and stops the
server (shutdown, exit, then kill) whatever happens. Standard library only.
"""

import argparse
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO_ROOT = BENCH_DIR.parent
BINARY = REPO_ROOT / "target" / "release" / "repl-lint"

def goal_ms(setups: int) -> float:
    """The median edit-to-publish goal: 20 ms up to 400 setups, 50 ms beyond (2,000 setups)."""
    return 20.0 if setups <= 400 else 50.0


EDITED = "setup_10.tf"  # planted defect: the replica's versioning is Suspended (RL202)
CHECKPOINTS = (10, 100)
# Growth of VmRSS between the first and the last checkpoint that still counts as "no growth":
# allocator noise, not a leak.
GROWTH_TOLERANCE_KIB = 2048
TOTAL_LIMIT_S = 900  # the whole run, whatever the figures


class Server:
    """`repl-lint lsp` on stdio: Content-Length framing, a reader thread that timestamps every
    message, and answers (null) to the server's own requests."""

    def __init__(self, binary: Path, cwd: Path):
        self.proc = subprocess.Popen(
            [str(binary), "lsp"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.messages: "queue.Queue[tuple[float, dict]]" = queue.Queue()
        self.stderr: list[str] = []
        self.next_id = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put((time.perf_counter(), {"eof": True}))
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii", "replace").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            body = out.read(length)
            now = time.perf_counter()
            try:
                message = json.loads(body)
            except ValueError:
                continue
            if "method" in message and "id" in message:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
            self.messages.put((now, message))

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace").rstrip())

    def send(self, message: dict) -> float:
        body = json.dumps(message).encode()
        with self.lock:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()
            return time.perf_counter()

    def notify(self, method: str, params) -> float:
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params) -> int:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def next_message(self, deadline: float):
        """The next message, or None at the deadline; exits on the server's end of output."""
        left = deadline - time.perf_counter()
        if left <= 0:
            return None
        try:
            at, message = self.messages.get(timeout=left)
        except queue.Empty:
            return None
        if message.get("eof"):
            fail(self, "the server closed its output")
        return at, message

    def status(self) -> dict:
        """VmRSS and VmHWM in KiB."""
        figures = {}
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                name, _, value = line.partition(":")
                if name in ("VmRSS", "VmHWM"):
                    figures[name] = int(value.split()[0])
        return figures

    def stop(self):
        if self.proc.poll() is None:
            try:
                self.request("shutdown", None)
                deadline = time.perf_counter() + 10
                while time.perf_counter() < deadline:
                    got = self.messages.get(timeout=max(0.01, deadline - time.perf_counter()))
                    if got[1].get("id") == self.next_id and "method" not in got[1]:
                        break
                self.notify("exit", None)
                self.proc.stdin.close()
            except (OSError, queue.Empty, ValueError):
                pass
        try:
            return self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
            return None


def fail(server, message: str):
    print(f"bench/lsp.py: {message}", file=sys.stderr)
    if server is not None:
        if server.stderr:
            print("server stderr:\n  " + "\n  ".join(server.stderr[-20:]), file=sys.stderr)
        server.proc.kill()
    sys.exit(1)


def find_debounce(value):
    """A debounce figure in ms stated in the initialize result, if any (any key containing
    'debounce' with a number)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if "debounce" in key.lower() and isinstance(item, (int, float)):
                return float(item)
            found = find_debounce(item)
            if found is not None:
                return found
    if isinstance(value, list):
        for item in value:
            found = find_debounce(item)
            if found is not None:
                return found
    return None


DEBOUNCE_LOG = re.compile(r"debounce\D{0,20}?(\d+(?:\.\d+)?)\s*ms", re.IGNORECASE)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def mib(kib: int) -> str:
    return f"{kib / 1024:.1f} MiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setups", type=int, default=400, help="corpus size (default 400)")
    parser.add_argument("--edits", type=int, default=100, help="didChange edits (default 100)")
    parser.add_argument("--no-build", action="store_true", help="use the existing binary")
    parser.add_argument("--baseline", metavar="BINARY", default=None,
                        help="measure this binary (a previous build) first, then this build's, "
                             "and compare")
    parser.add_argument("--debounce-ms", type=float, default=None,
                        help="subtract this debounce when the server states none")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds to wait for any one publish (default 30)")
    args = parser.parse_args()
    if args.setups < 10:
        parser.error("--setups must be at least 10 (setup_10.tf is the edited file)")
    if not 1 <= args.edits <= 10000:
        parser.error("--edits must be between 1 and 10000")
    started = time.perf_counter()
    hard_deadline = started + TOTAL_LIMIT_S

    if not args.no_build:
        print("building the release binary ...", flush=True)
        if subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "repl-lint"],
                          cwd=REPO_ROOT).returncode != 0:
            fail(None, "cargo build --release failed")
    binaries = [("this build", BINARY)]
    if args.baseline is not None:
        binaries.insert(0, ("baseline", Path(args.baseline).resolve()))
    for _, binary in binaries:
        if not binary.is_file():
            fail(None, f"no binary at {binary}")
    results = []
    for name, binary in binaries:
        print(f"== {name}: {binary}")
        results.append((name, measure(binary, args, hard_deadline)))
        print()
    if len(results) == 2:
        (_, before), (_, after) = results
        print("baseline -> this build:")
        for label, key in (("edit -> publish median", "median"), ("edit -> publish p90", "p90"),
                           ("initial lint", "initial")):
            print(f"  {label:28} {before[key]:7.1f} ms -> {after[key]:7.1f} ms "
                  f"({after[key] / before[key]:.2f}x)")
        print(f"  {'VmRSS after the last edit':28} {mib(before['rss'])} -> {mib(after['rss'])}")
    print(f"total {time.perf_counter() - started:.1f} s")
    return 0


def measure(binary: Path, args, hard_deadline: float) -> dict:
    """Starts the server on a fresh corpus, lints, edits, prints the figures and returns them."""
    corpus = Path(tempfile.mkdtemp(prefix="repl-lint-lsp-bench-")).resolve()
    server = None
    try:
        subprocess.run([sys.executable, str(BENCH_DIR / "generate.py"), str(args.setups),
                        str(corpus)], check=True, stdout=subprocess.DEVNULL)
        files = sorted(corpus.glob("*.tf"))
        size = sum(f.stat().st_size for f in files)
        expected_files = args.setups // 10
        print(f"corpus: {args.setups} setups, {len(files)} files, {size / 1e6:.2f} MB, "
              f"{expected_files} files with planted defects")

        server = Server(binary, corpus)
        root_uri = corpus.as_uri()
        edited = corpus / EDITED
        edited_uri = edited.as_uri()
        init_id = server.request("initialize", {
            "processId": os.getpid(),
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
            "capabilities": {"textDocument": {"publishDiagnostics": {
                "relatedInformation": True, "versionSupport": True}}},
        })
        init = None
        logs: list[str] = []
        deadline = min(hard_deadline, time.perf_counter() + args.timeout)
        while init is None:
            got = server.next_message(deadline)
            if got is None:
                fail(server, "no answer to initialize")
            message = got[1]
            if message.get("id") == init_id and "method" not in message:
                init = message
            elif message.get("method") == "window/logMessage":
                logs.append(message["params"].get("message", ""))
        if "error" in init:
            fail(server, f"initialize failed: {init['error']}")
        t_initialized = server.notify("initialized", {})

        # The initial lint: publishes for the files with findings. Done when every planted file
        # has been published and nothing more came for a quiet second (or nothing at all came
        # for the whole timeout).
        published: dict[str, list] = {}
        last_at = None
        quiet = 1.0
        deadline = min(hard_deadline, time.perf_counter() + max(args.timeout, 120))
        while True:
            limit = deadline if last_at is None else min(deadline, last_at + quiet)
            got = server.next_message(limit)
            if got is None:
                if last_at is None:
                    fail(server, "no diagnostics published after initialized")
                if len(published) >= expected_files or time.perf_counter() >= deadline:
                    break
                continue
            at, message = got
            if message.get("method") == "textDocument/publishDiagnostics":
                published[message["params"]["uri"]] = message["params"]["diagnostics"]
                last_at = at
            elif message.get("method") == "window/logMessage":
                logs.append(message["params"].get("message", ""))
        with_findings = sum(1 for d in published.values() if d)
        initial_ms = (last_at - t_initialized) * 1000
        memory = [("after the initial lint", server.status())]
        print(f"initial lint: {with_findings} files with findings published "
              f"(expected {expected_files}), the last {initial_ms:.0f} ms after initialized")
        if edited_uri not in published:
            fail(server, f"{EDITED} (planted RL202) was not published by the initial lint")

        debounce = find_debounce(init.get("result"))
        debounce_source = "initialize result"
        if debounce is None:
            for line in logs:
                if (m := DEBOUNCE_LOG.search(line)):
                    debounce, debounce_source = float(m.group(1)), "window/logMessage"
                    break
        if debounce is None and args.debounce_ms is not None:
            debounce, debounce_source = args.debounce_ms, "--debounce-ms"

        # Open the file (same text as on disk) and let any publish for the open go by.
        text = edited.read_text()
        if 'status = "Suspended"' not in text:
            fail(server, f"{EDITED} has no Suspended versioning to toggle")
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": edited_uri, "languageId": "terraform", "version": 1, "text": text}})
        drain_until = time.perf_counter() + 0.5
        while server.next_message(min(drain_until, hard_deadline)) is not None:
            pass

        latencies = []
        counts = []
        for edit in range(1, args.edits + 1):
            version = edit + 1
            fixed = edit % 2 == 1  # odd edits enable the versioning: RL202 goes away
            new_text = text.replace('status = "Suspended"', 'status = "Enabled"') if fixed \
                else text
            sent = server.notify("textDocument/didChange", {
                "textDocument": {"uri": edited_uri, "version": version},
                "contentChanges": [{"text": new_text}]})
            deadline = min(hard_deadline, sent + args.timeout)
            while True:
                got = server.next_message(deadline)
                if got is None:
                    fail(server, f"edit {edit}: no publishDiagnostics for {EDITED} version "
                                 f"{version} within {args.timeout} s")
                at, message = got
                if message.get("method") != "textDocument/publishDiagnostics":
                    continue
                params = message["params"]
                if params["uri"] != edited_uri:
                    continue
                if params.get("version") is not None and params["version"] < version:
                    continue  # a publish for an older text
                break
            latencies.append((at - sent) * 1000)
            rules = [d.get("code") for d in params["diagnostics"]]
            counts.append(len(rules))
            if fixed == ("RL202" in rules):
                fail(server, f"edit {edit}: expected RL202 {'gone' if fixed else 'back'}, "
                             f"got {rules}")
            if edit in CHECKPOINTS:
                memory.append((f"after {edit} edits", server.status()))
        if args.edits not in CHECKPOINTS:
            memory.append((f"after {args.edits} edits (the last)", server.status()))

        print()
        print(f"{args.edits} didChange edits of {EDITED} ({len(text)} bytes, full text), "
              "each answered by a publish that adds or removes RL202:")
        print(f"  {'':28} {'median':>8} {'p90':>8} {'max':>8}   goal")

        goal = goal_ms(args.setups)

        def row(label, values):
            median, p90, worst = (statistics.median(values), percentile(values, 0.9),
                                  max(values))
            verdict = "met" if median <= goal else "NOT met"
            print(f"  {label:28} {median:6.1f}ms {p90:6.1f}ms {worst:6.1f}ms   "
                  f"<= {goal:.0f} ms (median): {verdict}")

        row("edit -> publish (raw)", latencies)
        if debounce is not None:
            row(f"minus debounce {debounce:g} ms", [max(0.0, v - debounce) for v in latencies])
            print(f"  (debounce from the {debounce_source})")
        else:
            print("  (the server states no debounce: raw times only; --debounce-ms MS subtracts "
                  "a known one)")

        print()
        print("server memory (/proc/PID/status):")
        for label, figures in memory:
            print(f"  {label:34} VmRSS {mib(figures['VmRSS']):>10}   "
                  f"VmHWM {mib(figures['VmHWM']):>10}")
        after = [f for label, f in memory[1:]]
        if after:
            first, last = after[0]["VmRSS"], after[-1]["VmRSS"]
            growth = last - first
            verdict = "met" if growth <= GROWTH_TOLERANCE_KIB else "NOT met"
            print(f"  VmRSS from the first to the last checkpoint after edits: "
                  f"{growth / 1024:+.1f} MiB; goal: no growth (within "
                  f"{GROWTH_TOLERANCE_KIB // 1024} MiB): {verdict}")
        code = server.stop()
        server = None
        if code != 0:
            print(f"note: the server exited with code {code} after shutdown/exit",
                  file=sys.stderr)
        return {
            "median": statistics.median(latencies),
            "p90": percentile(latencies, 0.9),
            "initial": initial_ms,
            "rss": memory[-1][1]["VmRSS"],
        }
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(corpus, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
