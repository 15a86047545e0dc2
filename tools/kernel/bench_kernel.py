"""Kernel benchmark, printed as JSON: launch to kernel_info_reply, round trips of `1+1`, resident memory.

`1+1` repeated is served from the kernel's cache of declaration-free cells (compiled once); `1+i` with a new i each
time is compiled every time and is reported beside it so both costs are visible.
"""
import json
import statistics
import sys
import time

from jupyter_client.manager import KernelManager


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def round_trips(kc, codes):
    times = []
    for code in codes:
        started = time.perf_counter()
        reply = kc.execute(code, reply=True, timeout=60)
        times.append((time.perf_counter() - started) * 1000)
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"{code!r} failed: {reply['content']}")
    return times


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
        round_trips(kc, ["1+1"] * 300)
        rss_warm = rss_mib(pid)
        same = round_trips(kc, ["1+1"] * 1000)
        rss_after = rss_mib(pid)
        distinct = round_trips(kc, [f"1+{i}" for i in range(200)])
        rss_distinct = rss_mib(pid)
    finally:
        kc.stop_channels()
        km.shutdown_kernel()
    print(json.dumps({
        "kernel": kernel_name,
        "launch_to_kernel_info_reply_s": round(launch, 3),
        "round_trip_1plus1_median_ms": round(statistics.median(same), 2),
        "round_trip_1plus1_p95_ms": round(sorted(same)[int(len(same) * 0.95)], 2),
        "round_trip_distinct_expression_median_ms": round(statistics.median(distinct), 2),
        "rss_after_warmup_mib": round(rss_warm, 1),
        "rss_after_1000_executions_mib": round(rss_after, 1),
        "rss_after_200_distinct_expressions_mib": round(rss_distinct, 1),
        "targets": {"launch_s": 3, "round_trip_ms": 20},
    }, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
