"""`cpu.py warm --paired`: every measurement runs beside a lua5.4 process on the other core.

This shared machine changes speed for a minute at a time, by up to half again (ward-bench/README.md,
"Targets"), so a baseline timed before and after a JMH run meets other minutes than the run
itself, and one slow minute decides a ratio. Here lua5.4 calls the script's
`bench_main` over and over on one core while the measured implementation runs on the other;
each JMH iteration (about a second) is set against the lua5.4 calls that overlapped it, and a
native Lua's calls against those that overlapped its run: the ratio of the same seconds. The
cores swap from one script to the next, so a difference between the two cores evens out. A
slow minute of one core only still moves a ratio: pairing helps, it does not cure.
"""
import re
import statistics
import subprocess
import threading
import time

ITERATION = re.compile(r"^(# Warmup )?Iteration\s+\d+:\s+([0-9.]+) ms/op")


class NativeLoop:
    """A native Lua calling bench_main without end on `core` (cpu_warm.lua): each call's end and duration."""

    def __init__(self, cmd, runner, script_path, size, core):
        self.calls = []  # (end, seconds), perf_counter time; appended by the reader thread only
        self.ready_at = None  # when the 2 warm-up calls were done
        self.ready = threading.Event()
        self.proc = subprocess.Popen(pinned(core, cmd + [runner, script_path, str(size), "1000000000", "2"]),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        last = None
        for line in self.proc.stdout:
            now = time.perf_counter()
            if line.startswith("ready"):
                last = self.ready_at = now
                self.ready.set()
            elif line.startswith("done ") and last is not None:
                self.calls.append((now, now - last))
                last = now
        self.ready.set()

    def start(self):
        """Waits for the warm-up calls; returns an error text if the process died."""
        self.ready.wait()
        return self.error() if self.proc.poll() is not None else None

    def error(self):
        """The first line the process wrote to stderr, or its exit status."""
        return (self.proc.stderr.read().strip().splitlines() or [f"exit status {self.proc.returncode}"])[0][:300]

    def stop(self):
        self.proc.kill()
        self.proc.wait()
        self.reader.join()

    def overlapping(self, start, end):
        """Durations of the calls that ran at least partly between `start` and `end`."""
        return [d for e, d in self.calls if e >= start and e - d <= end]


def pinned(core, argv):
    return ["taskset", "-c", str(core)] + argv


def run_jmh(argv, core):
    """JMH on `core`, its lines timed as they arrive: (output, [(benchmark, params, start, end, ms)])."""
    p = subprocess.Popen(pinned(core, argv), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out, windows = [], []
    bench, params, last = None, {}, None
    for line in p.stdout:
        now = time.perf_counter()
        out.append(line)
        if line.startswith("# Benchmark: "):
            bench = line.split()[-1].rsplit(".", 1)[1]
        elif line.startswith("# Parameters: "):
            m = re.search(r"\((.*)\)", line)
            params = dict(kv.split(" = ", 1) for kv in m.group(1).split(", ")) if m else {}
        elif line.startswith("# Fork: "):
            last = None  # a new JVM: its first warm-up iteration has no start line to time it from
        else:
            m = ITERATION.match(line)
            if m:
                if not m.group(1) and last is not None:
                    windows.append((bench, params, last, now, float(m.group(2))))
                last = now
    p.wait()
    return "".join(out), windows


def run_native(cmd, runner, script_path, size, seconds, core):
    """A native Lua's calls on `core` for about `seconds` after 2 warm-up calls: ([seconds], start, end) or an error text."""
    native = NativeLoop(cmd, runner, script_path, size, core)
    err = native.start()
    while err is None and native.proc.poll() is None and not (
            len(native.calls) >= 3 and native.calls[-1][0] - native.ready_at >= seconds):
        time.sleep(0.05)
    if err is None and not native.calls:
        native.proc.wait()
        err = native.error()
    native.stop()
    if err:
        return None, err
    return ([d for _, d in native.calls], native.ready_at, native.calls[-1][0]), None


def pairs_of(baseline, start, end, seconds):
    """[(this, lua5.4)] for a measurement of `seconds` each between start and end: lua5.4's median then."""
    base = baseline.overlapping(start, end)
    if not base:
        return []
    b = statistics.median(base)
    return [(s, b) for s in seconds]
