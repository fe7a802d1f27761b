#!/usr/bin/env python3
"""Lua CPU benchmarks (issue 18): ward-bench/scripts/cpu/*.lua on Ward and on other Luas, cold and
warm, as Markdown tables with each time's speed against lua5.4 measured in the same run.

  python3 ward-bench/cpu.py cold [-n 5] [--size default] [--impls A,B] [--scripts A,B]
  python3 ward-bench/cpu.py warm [--calls 5] [--size warm] [--impls A,B] [--scripts A,B] [-- JMH args]
  python3 ward-bench/cpu.py warm --paired [--seconds 5] [--size warm] [--impls A,B] [-- JMH args]
  python3 ward-bench/cpu.py table ward-bench/target/results/cpu-cold-*.json   # print a saved run again

cold: a fresh process per run (JVM start-up included), every script with every implementation in
  turn, N rounds, so the machine's load hits all alike; the figures are the median and best wall
  time. A first round at the `tiny` size only checks that each implementation runs (not timed).
warm: Ward, stock LuaJ and luajc through JMH (LuaScriptBench: one call of the script's bench_main,
  after JMH's warm-up; the figure is JMH's mean), the native Luas through cpu_warm.lua in one
  process (after 2 warm-up calls; the figure is the median wall time of the calls after them),
  one process right before JMH's runs of the script and one right after, their calls pooled.
warm --paired: the same, but each implementation runs on one core while lua5.4 calls the script
  over and over on the other, and each JMH iteration is set against lua5.4's calls in the same
  seconds (cpu_paired.py): the machine's slow minutes hit both sides of every ratio.

Implementations (--impls; those not installed are left out with a note):
  lua5.4 (the baseline: keep it), luajit, lua5.2   the interpreters on the PATH
  ward-interpreted, ward-tiered    java -Dward.lua.compile=off|tiered -jar ward-cli/target/ward.jar
                                   (warm: LuaScriptBench.wardInterpreted / wardTiered)
  ward-interpreted+limit, ward-tiered+limit        warm only: the same with an instruction limit
                                   that is never reached (LuaScriptBench -p instructionLimit=10^15;
                                   the execution hook that only counts, as an embedder's limit)
  ward-tiered+hook                 warm only: with the execution hook (tracebacks, as the CLI runs
                                   scripts) and no limit (-p instructionLimit=-1)
  luaj                             stock LuaJ 3.0.1: java -cp luaj-jse-3.0.1.jar lua -n
                                   (warm: LuaScriptBench.stockLuaj). -n: without the debug library,
                                   like JsePlatform.standardGlobals() (with it, LuaJ calls a
                                   debug hook at every instruction and runs about 2x slower)
  luajc                            LuaJ's compiler: java -cp luaj-jse.jar:bcel.jar lua -n -b
                                   (warm: LuaScriptBench.luajc)

JDK: --jdk HOME, else $JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64 when present, else `java`.
Jars: ward-cli/target/ward.jar and ward-bench/target/benchmarks.jar (built with Maven when missing);
LuaJ and BCEL from the local Maven repository ($LUAJ_JAR and $BCEL_JAR override). Results (JSON)
go to ward-bench/target/results/cpu-{cold,warm}-<time>.json; the tables to stdout, progress to stderr.
"""
import argparse
import datetime
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

import cpu_paired

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SCRIPTS_DIR = os.path.join(HERE, "scripts", "cpu")
SCRIPTS = ["fib", "binary_trees", "n_body", "spectral_norm", "fannkuch", "string_build", "table_heavy"]
NATIVES = ["lua5.4", "luajit", "lua5.2"]
BASELINE = "lua5.4"
COLD_IMPLS = NATIVES + ["ward-interpreted", "ward-tiered", "luaj", "luajc"]
WARM_IMPLS = NATIVES + ["ward-interpreted", "ward-interpreted+limit", "ward-tiered", "ward-tiered+hook",
                        "ward-tiered+limit", "luaj", "luajc"]
NEVER_REACHED_LIMIT = "1000000000000000"
HOOK_ONLY = "-1"  # LuaScriptBench: the execution hook (tracebacks, as the CLI) without a limit
# warm implementation -> (LuaScriptBench method, instructionLimit param or None)
JMH_IMPLS = {
    "ward-interpreted": ("wardInterpreted", "0"),
    "ward-interpreted+limit": ("wardInterpreted", NEVER_REACHED_LIMIT),
    "ward-tiered": ("wardTiered", "0"),
    "ward-tiered+hook": ("wardTiered", HOOK_ONLY),
    "ward-tiered+limit": ("wardTiered", NEVER_REACHED_LIMIT),
    "luaj": ("stockLuaj", None),
    "luajc": ("luajc", None),
}
DEFAULT_JDK = "/usr/lib/jvm/temurin-25-jdk-amd64"
M2 = os.path.expanduser("~/.m2/repository")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sizes_of(script):
    """The script's named sizes, from its `sizes = { default = N, warm = N, tiny = N }` line."""
    text = open(os.path.join(SCRIPTS_DIR, script + ".lua"), encoding="utf-8").read()
    m = re.search(r"sizes\s*=\s*\{([^}]*)\}", text)
    if not m:
        sys.exit(f"cpu.py: {script}.lua has no `sizes = {{ ... }}` table")
    return {k: int(v) for k, v in re.findall(r"(\w+)\s*=\s*(\d+)", m.group(1))}


def size_for(script, size):
    return int(size) if size.isdigit() else sizes_of(script)[size]


def java_home(arg):
    home = arg or os.environ.get("JAVA_HOME") or (DEFAULT_JDK if os.path.isdir(DEFAULT_JDK) else None)
    return home


def java_cmd(home):
    return os.path.join(home, "bin", "java") if home else "java"


def java_version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr
    return out.splitlines()[0] if out else "?"


def build_if_missing(jar, module):
    if not os.path.isfile(jar):
        log(f"== building {os.path.relpath(jar, ROOT)} (mvn -B -q -pl {module} -am package -DskipTests)")
        subprocess.run(["mvn", "-B", "-ntp", "-q", "-pl", module, "-am", "package", "-DskipTests"], cwd=ROOT,
                       check=True)


def maven_jar(env, group, artifact, version):
    path = os.environ.get(env) or os.path.join(M2, *group.split("."), artifact, version,
                                               f"{artifact}-{version}.jar")
    return path if os.path.isfile(path) else None


def cold_commands(impls, java):
    """implementation -> argv prefix (the script and its size follow), or a reason it is left out."""
    ward_jar = os.path.join(ROOT, "ward-cli", "target", "ward.jar")
    luaj = maven_jar("LUAJ_JAR", "org.luaj", "luaj-jse", "3.0.1")
    bcel = maven_jar("BCEL_JAR", "org.apache.bcel", "bcel", "5.2")
    cmds = {}
    for impl in impls:
        if impl in NATIVES:
            cmds[impl] = [impl] if shutil.which(impl) else f"{impl} is not installed"
        elif impl.startswith("ward-"):
            mode = {"ward-interpreted": "off", "ward-tiered": "tiered"}.get(impl)
            if mode is None:
                cmds[impl] = f"{impl} has no cold form (warm only)"
                continue
            build_if_missing(ward_jar, "ward-cli")
            cmds[impl] = [java, f"-Dward.lua.compile={mode}", "-jar", ward_jar]
        elif impl == "luaj":
            cmds[impl] = [java, "-cp", luaj, "lua", "-n"] if luaj else "luaj-jse-3.0.1.jar not found (set LUAJ_JAR)"
        elif impl == "luajc":
            cmds[impl] = ([java, "-cp", luaj + os.pathsep + bcel, "lua", "-n", "-b"] if luaj and bcel
                          else "luaj-jse-3.0.1.jar or bcel-5.2.jar not found (set LUAJ_JAR, BCEL_JAR; "
                               "`mvn -pl ward-bench -am package` fetches them)")
        else:
            sys.exit(f"cpu.py: unknown implementation {impl}")
    return cmds


def run_checked(argv, script):
    """Runs one benchmark process; returns (seconds, None) or (None, why it failed)."""
    t0 = time.perf_counter()
    p = subprocess.run(argv, capture_output=True, text=True, cwd=SCRIPTS_DIR)
    dt = time.perf_counter() - t0
    lines = [line for line in p.stdout.splitlines() if line.startswith(script + "(")]
    if p.returncode != 0 or not lines:
        err = (p.stderr.strip() or p.stdout.strip() or f"exit status {p.returncode}").splitlines()
        first = next((line for line in err if "Picked up" not in line and "WARNING" not in line), err[0])
        return None, first[:300]
    return dt, None


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "?")
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model})"


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def save(kind, data):
    out = os.path.join(HERE, "target", "results")
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, f"cpu-{kind}-{datetime.datetime.now(datetime.timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
    log(f"== results: {os.path.relpath(path, ROOT)}")


def cold(args):
    java = java_cmd(java_home(args.jdk))
    impls = args.impls.split(",")
    scripts = args.scripts.split(",")
    cmds = cold_commands(impls, java)
    data = {"kind": "cold", "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "java": java_version(java), "machine": machine(), "load_before": loadavg(), "runs": args.runs,
            "size": args.size, "impls": impls, "scripts": scripts, "sizes": {}, "times": {}, "errors": {},
            "left_out": {i: c for i, c in cmds.items() if isinstance(c, str)}}
    live = [i for i in impls if not isinstance(cmds[i], str)]
    for impl, why in data["left_out"].items():
        log(f"== left out: {impl}: {why}")
    log(f"== cold: {data['java']}; {data['machine']}; load {data['load_before']}")
    # Not timed: every implementation once at the tiny size (it runs, and its files are cached).
    for script in scripts:
        data["sizes"][script] = size_for(script, args.size)
        for impl in live:
            _, err = run_checked(cmds[impl] + [script + ".lua", str(size_for(script, "tiny"))], script)
            if err:
                data["errors"][f"{script}/{impl}"] = err
                log(f"   {script} {impl}: FAILED at the tiny size: {err}")
    for r in range(args.runs):
        for script in scripts:
            for impl in live:
                key = f"{script}/{impl}"
                if key in data["errors"]:
                    continue
                dt, err = run_checked(cmds[impl] + [script + ".lua", str(data["sizes"][script])], script)
                if err:
                    data["errors"][key] = err
                    log(f"   {script} {impl}: FAILED: {err}")
                else:
                    data["times"].setdefault(key, []).append(dt)
                    log(f"   round {r + 1}/{args.runs} {script} {impl}: {dt:.3f} s")
    data["load_after"] = loadavg()
    save("cold", data)
    print_tables(data)


def warm_native(cmd, script, size, calls, warmup):
    """Per-call wall times of bench_main in one process of a native Lua, after `warmup` calls."""
    runner = os.path.join(HERE, "cpu_warm.lua")
    p = subprocess.Popen(cmd + [runner, os.path.join(SCRIPTS_DIR, script + ".lua"), str(size), str(calls),
                                str(warmup)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    times, last = [], None
    for line in p.stdout:
        now = time.perf_counter()
        if line.startswith("ready"):
            last = now
        elif line.startswith("done ") and last is not None:
            times.append(now - last)
            last = now
    err = p.stderr.read()
    if p.wait() != 0 or len(times) != calls:
        return None, (err.strip().splitlines() or [f"exit status {p.returncode}"])[0][:300]
    return times, None


def warm_natives(impl, script, args, data):
    """One process of native `impl` on `script`; its per-call times join the script's list."""
    key = f"{script}/{impl}"
    if key in data["errors"]:
        return
    times, err = warm_native([impl], script, data["sizes"][script], args.calls, 2)
    if err:
        data["errors"][key] = err
        data["times"].pop(key, None)
        log(f"   {script} {impl}: FAILED: {err}")
    else:
        data["times"].setdefault(key, []).extend(times)
        log(f"   {script} {impl}: median {statistics.median(times) * 1000:.1f} ms")


def warm(args):
    home = java_home(args.jdk)
    java = java_cmd(home)
    impls = args.impls.split(",")
    scripts = args.scripts.split(",")
    unknown = [i for i in impls if i not in WARM_IMPLS]
    if unknown:
        sys.exit(f"cpu.py: unknown warm implementation(s) {','.join(unknown)}; known: {','.join(WARM_IMPLS)}")
    data = {"kind": "warm", "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "java": java_version(java), "machine": machine(), "load_before": loadavg(), "runs": args.calls,
            "size": args.size, "impls": impls, "scripts": scripts, "sizes": {}, "times": {}, "errors": {},
            "left_out": {}}
    log(f"== warm: {data['java']}; {data['machine']}; load {data['load_before']}")
    for script in scripts:
        data["sizes"][script] = size_for(script, args.size)
    natives = [i for i in impls if i in NATIVES]
    for impl in natives:
        if not shutil.which(impl):
            data["left_out"][impl] = f"{impl} is not installed"
    jmh = [i for i in impls if i in JMH_IMPLS]
    if jmh:
        jar = os.path.join(HERE, "target", "benchmarks.jar")
        build_if_missing(jar, "ward-bench")
        engines = subprocess.run([java, "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "-cp", jar,
                                  "io.ward.bench.Engines", "-v"], capture_output=True, text=True).stdout.strip()
        engine = "continuation" if "continuation" in engines.split(",") else "thread"
    # Script by script, the native Luas right before and right after JMH, their calls pooled:
    # the machine's speed drifts over minutes (a shared host), and both sides then meet about
    # the same drift.
    if args.paired:
        data["paired"] = True
        if BASELINE not in natives or BASELINE in data["left_out"] or (os.cpu_count() or 1) < 2 \
                or not shutil.which("taskset"):
            sys.exit("cpu.py: --paired needs lua5.4 in --impls, two CPUs and taskset")
        for index, script in enumerate(scripts):
            live = [i for i in natives if i not in data["left_out"] and i != BASELINE]
            warm_paired(java, jar if jmh else None, engine if jmh else None, script, index, live, jmh, args, data)
        data["load_after"] = loadavg()
        save("warm", data)
        print_tables(data)
        return
    for script in scripts:
        live = [i for i in natives if i not in data["left_out"]]
        for impl in live:
            warm_natives(impl, script, args, data)
        if jmh:
            warm_jmh(java, jar, engine, script, jmh, args, data)
            for impl in live:
                warm_natives(impl, script, args, data)
    data["load_after"] = loadavg()
    save("warm", data)
    print_tables(data)


def jmh_argv(java, jar, engine, script, jmh, args):
    """The JMH command line for the JVM implementations `jmh` on one script, and its JSON result file."""
    methods = sorted({JMH_IMPLS[i][0] for i in jmh})
    limits = sorted({JMH_IMPLS[i][1] for i in jmh if JMH_IMPLS[i][1] is not None})
    results_dir = os.path.join(HERE, "target", "results")
    os.makedirs(results_dir, exist_ok=True)
    out = os.path.join(results_dir, f"cpu-warm-jmh-{script}.json")
    if os.path.isfile(out):
        os.remove(out)
    forks = [] if "-f" in args.jmh else ["-f", "1"]  # `-- -f 2`: two JVMs per configuration
    argv = [java, "-jar", jar, "LuaScriptBench\\.(" + "|".join(methods) + ")$"] + forks + [
            "-p", "script=" + script, "-p", "size=" + args.size, "-p", "engine=" + engine,
            "-rf", "json", "-rff", out] + (["-p", "instructionLimit=" + ",".join(limits)] if limits else []) \
        + args.jmh
    return argv, out


def jmh_impl(impl, script, method, params):
    """Whether a JMH result of `method` with `params` is `impl`'s on `script`."""
    m, limit = JMH_IMPLS[impl]
    return m == method and params.get("script", script) == script and (
        limit is None or params.get("instructionLimit") == limit)


def warm_jmh(java, jar, engine, script, jmh, args, data):
    """LuaScriptBench on one script for the JVM implementations `jmh`; results into `data`."""
    argv, out = jmh_argv(java, jar, engine, script, jmh, args)
    log("== " + " ".join(argv))
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    collect_jmh(p.stdout, out, script, jmh, data)


def collect_jmh(output, out, script, jmh, data):
    """JMH's results (its JSON file `out`, its printed `output`) for `script` into `data`."""
    with open(os.path.join(os.path.dirname(out), f"cpu-warm-jmh-{script}.txt"), "w") as f:
        f.write(output)
    results = json.load(open(out)) if os.path.isfile(out) else []
    got = set()
    for r in results:
        method = r["benchmark"].rsplit(".", 1)[1]
        params = r.get("params", {})
        for impl in jmh:
            if jmh_impl(impl, script, method, params):
                key = f"{script}/{impl}"
                data["times"][key] = [x / 1000.0 for fork in r["primaryMetric"]["rawData"] for x in fork]
                data.setdefault("jmh", {})[key] = {k: r["primaryMetric"][k] for k in ("score", "scoreError",
                                                                                     "scoreUnit")}
                got.add(key)
                log(f"   {script} {impl}: {r['primaryMetric']['score']:.1f} ms")
    # JMH reports no result for a failed run; its exception is in the log.
    for impl in jmh:
        key = f"{script}/{impl}"
        if key not in got:
            data["errors"][key] = failure_for(output, script, impl) or "no JMH result"
            log(f"   {script} {impl}: FAILED: {data['errors'][key]}")


def warm_paired(java, jar, engine, script, index, natives, jmh, args, data):
    """One script with every implementation beside lua5.4 on the other core (cpu_paired.py)."""
    core = (index + args.first_core) % 2
    runner = os.path.join(HERE, "cpu_warm.lua")
    path = os.path.join(SCRIPTS_DIR, script + ".lua")
    size = data["sizes"][script]
    base = cpu_paired.NativeLoop([BASELINE], runner, path, size, 1 - core)
    err = base.start()
    if err:
        data["errors"][f"{script}/{BASELINE}"] = err
        log(f"   {script} {BASELINE}: FAILED: {err}")
        base.stop()
        return
    pairs = data.setdefault("pairs", {})
    try:
        for impl in natives:
            key = f"{script}/{impl}"
            r, err = cpu_paired.run_native([impl], runner, path, size, args.seconds, core)
            if err:
                data["errors"][key] = err
                log(f"   {script} {impl}: FAILED: {err}")
                continue
            times, start, end = r
            data["times"][key] = times
            pairs[key] = cpu_paired.pairs_of(base, start, end, times)
            log(f"   {script} {impl} (core {core}): median {statistics.median(times) * 1000:.1f} ms")
        if jmh:
            argv, out = jmh_argv(java, jar, engine, script, jmh, args)
            if "-jvmArgsPrepend" not in args.jmh:
                argv += ["-jvmArgsPrepend", "-XX:+UseG1GC"]  # as with two CPUs, not the 1-CPU default
            log(f"== (core {core}) " + " ".join(argv))
            output, windows = cpu_paired.run_jmh(argv, core)
            for method, params, start, end, ms in windows:
                for impl in jmh:
                    if jmh_impl(impl, script, method, params):
                        pairs.setdefault(f"{script}/{impl}", []).extend(
                            cpu_paired.pairs_of(base, start, end, [ms / 1000.0]))
            collect_jmh(output, out, script, jmh, data)
            for impl in jmh:
                r = paired_ratio(data, f"{script}/{impl}")
                if r:
                    log(f"   {script} {impl}: {r:.2f}x lua5.4 beside it")
    finally:
        base.stop()
    calls = [d for _, d in base.calls]
    if calls:
        data["times"][f"{script}/{BASELINE}"] = calls
        log(f"   {script} {BASELINE} (core {1 - core}): median {statistics.median(calls) * 1000:.1f} ms"
            f" over {len(calls)} calls")


def paired_ratio(data, key):
    """The geometric mean of lua5.4's time / this time over a paired run's pairs, or None."""
    ps = [(a, b) for a, b in data.get("pairs", {}).get(key, []) if a > 0]
    return math.exp(statistics.mean(math.log(b / a) for a, b in ps)) if ps else None


def failure_for(log_text, script, impl):
    """The first exception line JMH printed for the run of this script and implementation."""
    method, limit = JMH_IMPLS[impl]
    blocks = log_text.split("# Benchmark: ")
    for b in blocks[1:]:
        head = b.split("\n", 1)[0]
        if not head.endswith("." + method):
            continue
        params = re.search(r"# Parameters: \((.*)\)", b)
        p = dict(kv.split(" = ", 1) for kv in params.group(1).split(", ")) if params else {}
        if p.get("script") != script or (limit is not None and p.get("instructionLimit") != limit):
            continue
        m = re.search(r"<failure>\s*\n\s*\n?([^\n]+)", b)
        if m:
            return m.group(1)[:300]
    return None


def fmt_time(s):
    if s >= 1:
        return f"{s:.3f} s"
    if s >= 0.01:
        return f"{s * 1000:.1f} ms"
    return f"{s * 1000:.2f} ms" if s >= 0.0001 else f"{s * 1e6:.1f} µs"


def fmt_ratio(r):
    return f"{r:.2f}" if r >= 0.095 else f"{r:.3f}" if r >= 0.0095 else f"{r:.4f}"


def stat(times, which, kind):
    if which == "best":
        return min(times)
    # JMH's own figure is the mean of its iterations; a native or cold figure is the median.
    return statistics.mean(times) if kind == "jmh" else statistics.median(times)


def print_tables(data):
    impls = [i for i in data["impls"] if i not in data["left_out"]]
    scripts = data["scripts"]
    kind = data["kind"]
    print(f"\n### Lua CPU benchmarks, {kind} ({data['started']})\n")
    print(f"{data['java']}; {data['machine']}; load average {data['load_before']} before, "
          f"{data.get('load_after', '?')} after. Sizes: "
          + ", ".join(f"{s} {data['sizes'][s]}" for s in scripts) + ".")
    if kind == "cold":
        print(f"Wall time of a fresh process (start-up included), {data['runs']} runs each.")
    elif data.get("paired"):
        print("Paired: each implementation ran on one core while lua5.4 called the same bench_main over and over "
              "on the other (the cores swapped from script to script). Time of one call once warm: JMH's mean "
              "(± its 99.9% error) for the JVM columns, the median for the native ones; the speed is the "
              "geometric mean, over JMH's measured iterations (a native Lua: its run), of lua5.4's median time "
              "in the same seconds / this time. The lua5.4 column: its median over the whole script.")
        if data.get("merged"):
            print(f"{data['merged']} paired runs merged: their iterations and pairs pooled (with --first-core 0 "
                  "and 1, every configuration ran on both cores).")
    else:
        print(f"Time of one `bench_main` call once warm: JMH's mean (± its 99.9% error) for the JVM columns, "
              f"the median of {data['runs']} calls after 2 warm-up calls in a process right before JMH and "
              f"{data['runs']} in one right after for lua5.4, luajit and lua5.2.")
    print("Each cell: time, then speed against lua5.4 in the same run (lua5.4's time / this time; "
          "above 1 is faster).")
    for which in (["median", "best"] if kind == "cold" else ["figure"]):
        if kind == "cold":
            print(f"\n{which.capitalize()} of {data['runs']} runs:\n")
        else:
            print()
        print("| script | " + " | ".join(impls) + " |")
        print("|---|" + "---|" * len(impls))
        ratios = {i: [] for i in impls}
        for s in scripts:
            cells = []
            base = data["times"].get(f"{s}/{BASELINE}")
            for impl in impls:
                key = f"{s}/{impl}"
                t = data["times"].get(key)
                if not t:
                    cells.append("failed" if key in data["errors"] else "—")
                    continue
                k = "jmh" if kind == "warm" and impl in JMH_IMPLS else "runs"
                v = stat(t, which, k)
                cell = fmt_time(v)
                err = data.get("jmh", {}).get(key, {}).get("scoreError")
                if kind == "warm" and isinstance(err, (int, float)) and not math.isnan(err):
                    cell += f" ± {fmt_time(err / 1000.0)}"
                r = None
                if data.get("paired"):
                    r = 1.0 if impl == BASELINE else paired_ratio(data, key)
                elif base:
                    r = stat(base, which, "runs") / v
                if r:
                    ratios[impl].append(r)
                    cell += f" ({fmt_ratio(r)}×)"
                cells.append(cell)
            print(f"| {s} | " + " | ".join(cells) + " |")
        geo = []
        for impl in impls:
            rs = ratios[impl]
            geo.append(f"**{fmt_ratio(math.exp(sum(map(math.log, rs)) / len(rs)))}×**"
                       + (f" (of {len(rs)})" if len(rs) != len(scripts) else "") if rs else "—")
        print("| geometric mean | " + " | ".join(geo) + " |")
    pairs = [(a, a + "+limit") for a in ("ward-interpreted", "ward-tiered") if a in impls and a + "+limit" in impls]
    if "ward-tiered+hook" in impls and "ward-tiered+limit" in impls:
        pairs.append(("ward-tiered+hook", "ward-tiered+limit"))
    if pairs:
        print("\nCost of an instruction limit (never reached) on the same warm JVM figures (against the same"
              " without a limit; +hook: with the execution hook, tracebacks, as the CLI runs):\n")
        print("| script | " + " | ".join(a for a, _ in pairs) + " |")
        print("|---|" + "---|" * len(pairs))
        for s in scripts:
            cells = []
            for a, b in pairs:
                if data.get("paired"):  # each against lua5.4 beside it: the machine's minute cancels out
                    ra, rb = paired_ratio(data, f"{s}/{a}"), paired_ratio(data, f"{s}/{b}")
                    cells.append(f"{(ra / rb - 1) * 100:+.0f}%" if ra and rb else "—")
                    continue
                ta, tb = data["times"].get(f"{s}/{a}"), data["times"].get(f"{s}/{b}")
                cells.append(f"{(statistics.mean(tb) / statistics.mean(ta) - 1) * 100:+.0f}%" if ta and tb else "—")
            print(f"| {s} | " + " | ".join(cells) + " |")
    notes = [f"{k}: {v}" for k, v in sorted(data["errors"].items())] + \
            [f"{k}: left out ({v})" for k, v in data["left_out"].items()]
    if notes:
        print("\nFailures and omissions:\n")
        for n in notes:
            print(f"- {n}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("cold", help="a fresh process per run")
    c.add_argument("-n", "--runs", type=int, default=5)
    c.add_argument("--size", default="default", help="default, warm, tiny or a number (default: default)")
    c.add_argument("--impls", default=",".join(COLD_IMPLS))
    c.add_argument("--scripts", default=",".join(SCRIPTS))
    c.add_argument("--jdk", help="JDK home (default: $JAVA_HOME, else JDK 25)")
    w = sub.add_parser("warm", help="JMH for the JVM implementations, one process for the native ones")
    w.add_argument("--calls", type=int, default=5, help="timed calls of a native Lua (default 5)")
    w.add_argument("--size", default="warm")
    w.add_argument("--impls", default=",".join(WARM_IMPLS))
    w.add_argument("--scripts", default=",".join(SCRIPTS))
    w.add_argument("--jdk")
    w.add_argument("--paired", action="store_true",
                   help="run everything beside lua5.4 on the other core, at the same time (cpu_paired.py)")
    w.add_argument("--seconds", type=float, default=5, help="with --paired: how long a native Lua runs (default 5)")
    w.add_argument("--first-core", type=int, default=0, choices=(0, 1),
                   help="with --paired: the core of the first script's measurements (lua5.4 on the other; default 0)")
    w.add_argument("jmh", nargs="*", help="more JMH arguments, after --")
    t = sub.add_parser("table", help="print saved results again")
    t.add_argument("--merge", action="store_true",
                   help="one table of several paired runs (their pairs pooled: e.g. the two core assignments)")
    t.add_argument("files", nargs="+")
    args = ap.parse_args()
    if args.cmd == "cold":
        cold(args)
    elif args.cmd == "warm":
        warm(args)
    else:
        runs = [json.load(open(f)) for f in args.files]
        for data in [merged(runs)] if args.merge else runs:
            print_tables(data)


def merged(runs):
    """Paired warm runs as one: every time and pair pooled; JMH's error bars left out (they are per run)."""
    if not all(r.get("paired") for r in runs):
        sys.exit("cpu.py: --merge takes paired warm runs only")
    data = dict(runs[0], times={}, pairs={}, errors={}, jmh={})
    data["started"] = " and ".join(r["started"] for r in runs)
    data["merged"] = len(runs)
    data["load_after"] = runs[-1].get("load_after", "?")
    for r in runs:
        for field in ("times", "pairs"):
            for k, v in r.get(field, {}).items():
                data[field].setdefault(k, []).extend(v)
        data["errors"].update(r.get("errors", {}))
    return data


if __name__ == "__main__":
    main()
