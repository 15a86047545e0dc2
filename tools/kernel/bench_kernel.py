"""Kernel benchmark, printed as JSON: launch to kernel_info_reply, round trips of `1+1`, resident memory.

`1+1` repeated is served from the kernel's cache of declaration-free cells (compiled once); `1+i` with a new i each
time is compiled every time and is reported beside it so both costs are visible.

Memory is measured after warm-up and again after 1,000 more executions, each time right after a forced, compacting
full GC in the kernel: resident set size, the managed heap that survived the collection, and the memory the GC keeps
committed. Warm-up is 300 executions and then batches of 500 until a batch neither grows the GC's committed memory nor
JIT-compiles more than a few methods. Both settle after start-up on their own and are not retention: the GC commits
its gen0 allocation budget (about 12 MiB here) only after a few gen0 collections, and tiered compilation recompiles
hot methods (profiled, then optimised) in the background for a while. Like a notebook frontend, the client reads
every iopub message.
"""
import json
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

WARM_UP_RUNS = 300
SETTLE_BATCH = 500
SETTLE_MAX_BATCHES = 10
SETTLED_JIT_METHODS = 50
MEASURED_RUNS = 1000

# Declaration-free, so it is compiled once and does not disturb the kernel's cache of reusable cells.
PROBE = """GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
GC.WaitForPendingFinalizers();
GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
System.Text.Json.JsonSerializer.Serialize(new {
    managed_heap = GC.GetTotalMemory(false),
    gc_committed = GC.GetGCMemoryInfo().TotalCommittedBytes,
    gen0_collections = GC.CollectionCount(0),
    jit_methods = System.Runtime.JitInfo.GetCompiledMethodCount(false),
    threads = System.Diagnostics.Process.GetCurrentProcess().Threads.Count,
})"""


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def execute(kc, code, timeout=60):
    """Runs one cell; returns (milliseconds to execute_reply, execute_result text or None). Reads iopub to idle."""
    started = time.perf_counter()
    reply = kc.execute(code, reply=True, timeout=timeout)
    elapsed = (time.perf_counter() - started) * 1000
    if reply["content"]["status"] != "ok":
        raise RuntimeError(f"{code!r} failed: {reply['content']}")
    msg_id, result = reply["parent_header"]["msg_id"], None
    while True:
        message = kc.get_iopub_msg(timeout=timeout)
        if message["parent_header"].get("msg_id") != msg_id:
            continue
        if message["msg_type"] == "execute_result":
            result = message["content"]["data"]["text/plain"]
        if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
            return elapsed, result


def round_trips(kc, codes):
    return [execute(kc, code)[0] for code in codes]


def snapshot(kc, pid):
    """Memory right after a full GC in the kernel: RSS (MiB), managed heap (MiB), JIT-compiled methods, threads."""
    probe = json.loads(execute(kc, PROBE)[1])
    return {"rss_mib": rss_mib(pid), "managed_heap_mib": probe["managed_heap"] / 2**20,
            "gc_committed_mib": probe["gc_committed"] / 2**20, "gen0_collections": probe["gen0_collections"],
            "jit_methods": probe["jit_methods"], "threads": probe["threads"]}


def warm_up(kc, pid):
    """Runs `1+1` until the GC's committed memory and the JIT have settled; returns (snapshot, executions run)."""
    round_trips(kc, ["1+1"] * WARM_UP_RUNS)
    runs, before = WARM_UP_RUNS, snapshot(kc, pid)
    for _ in range(SETTLE_MAX_BATCHES):
        round_trips(kc, ["1+1"] * SETTLE_BATCH)
        runs += SETTLE_BATCH
        after = snapshot(kc, pid)
        if (after["gc_committed_mib"] <= before["gc_committed_mib"]
                and after["jit_methods"] - before["jit_methods"] < SETTLED_JIT_METHODS):
            return after, runs
        before = after
    return before, runs


def memory_growth(kc, pid, runs=MEASURED_RUNS):
    """Warm-up, then `runs` executions of `1+1`: the two snapshots and the round trips of the measured runs."""
    warm, warm_up_runs = warm_up(kc, pid)
    times = round_trips(kc, ["1+1"] * runs)
    return {"warm_up_runs": warm_up_runs, "after_warm_up": warm, "after_runs": snapshot(kc, pid), "times_ms": times}


def main(kernel_name):
    km = KernelManager(kernel_name=kernel_name)
    started = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info(reply=True, timeout=60)
    launch = time.perf_counter() - started
    pid = km.provisioner.process.pid
    try:
        memory = memory_growth(kc, pid)
        same = memory["times_ms"]
        distinct = round_trips(kc, [f"1+{i}" for i in range(200)])
        rss_distinct = rss_mib(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel()
    warm, after = memory["after_warm_up"], memory["after_runs"]
    print(json.dumps({
        "kernel": kernel_name,
        "launch_to_kernel_info_reply_s": round(launch, 3),
        "round_trip_1plus1_median_ms": round(statistics.median(same), 2),
        "round_trip_1plus1_p95_ms": round(sorted(same)[int(len(same) * 0.95)], 2),
        "round_trip_distinct_expression_median_ms": round(statistics.median(distinct), 2),
        "warm_up_executions": memory["warm_up_runs"],
        "rss_after_warmup_mib": round(warm["rss_mib"], 1),
        f"rss_after_{MEASURED_RUNS}_executions_mib": round(after["rss_mib"], 1),
        "rss_growth_mib": round(after["rss_mib"] - warm["rss_mib"], 1),
        "managed_heap_after_full_gc_after_warmup_mib": round(warm["managed_heap_mib"], 2),
        f"managed_heap_after_full_gc_after_{MEASURED_RUNS}_executions_mib": round(after["managed_heap_mib"], 2),
        "gc_committed_after_warmup_mib": round(warm["gc_committed_mib"], 1),
        f"gc_committed_after_{MEASURED_RUNS}_executions_mib": round(after["gc_committed_mib"], 1),
        "jit_compiled_methods_after_warmup": warm["jit_methods"],
        f"jit_compiled_methods_after_{MEASURED_RUNS}_executions": after["jit_methods"],
        "threads_after_warmup": warm["threads"],
        f"threads_after_{MEASURED_RUNS}_executions": after["threads"],
        "rss_after_200_distinct_expressions_mib": round(rss_distinct, 1),
        "targets": {"launch_s": 3, "round_trip_ms": 20, "rss_growth_mib": 2, "managed_heap_growth_mib": 0.5},
    }, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
