#!/usr/bin/python3
"""The three workloads of shared docs/BENCHMARKS.md in SimPy 3, the peer
engine that `make bench` times uecsim against.

Run with the system Python, which has Debian's python3-simpy3:

    /usr/bin/python3 bench/simpy_bench.py [--customers N] [--workload a|b|c]

Each workload runs W warm-up customers, then N counted customers, and every
counted customer runs to completion.  Only the part after warm-up is timed.
For each workload it prints one line

    workload=<a|b|c> customers=N seconds=S ns_per_customer=X <estimate>=V exact=E

where the estimate (Wq for a, P(block) for b, Wq_ED for c) shows that it
is the same model as uecsim's bench/scenarios/*.json.

Time units as in BENCHMARKS.md: hours for (a) and (c), days for (b).
"""

import argparse
import math
import random
import sys
import time

import simpy

if not hasattr(simpy, "Environment"):
    sys.exit("simpy_bench: this is SimPy 2; install python3-simpy3")


class Counter:
    """What the warm-up marker and the estimates need."""

    def __init__(self, warm_up, n):
        self.warm_up = warm_up
        self.n = n
        self.arrived = 0
        self.counted = 0
        self.sum = 0.0   # waits (a, c) or blocked referrals (b)


def source(env, cnt, rate, marker, customer, *args):
    """Poisson arrivals: warm_up + n customers, then stop."""
    expo = random.expovariate
    for _ in range(cnt.warm_up + cnt.n):
        yield env.timeout(expo(rate))
        counted = cnt.arrived >= cnt.warm_up
        cnt.arrived += 1
        if cnt.arrived == cnt.warm_up:
            marker.succeed()
        env.process(customer(env, cnt, counted, *args))


# --- (a) M/M/c: lambda = 9, mu = 1, c = 10 --------------------------------

def mmc_customer(env, cnt, counted, srv, mu):
    t0 = env.now
    with srv.request() as req:
        yield req
        if counted:
            cnt.sum += env.now - t0
        yield env.timeout(random.expovariate(mu))


# --- (b-loss) M/G/c/c: lambda = 40/day, c = 220, lognormal LoS ------------

def loss_customer(env, cnt, counted, beds, c, mu_log, sigma_log):
    if beds.count >= c:
        if counted:
            cnt.sum += 1.0
        return
    with beds.request() as req:
        yield req
        yield env.timeout(random.lognormvariate(mu_log, sigma_log))


# --- (c) ED -> ward tandem with boarding ----------------------------------

def tandem_customer(env, cnt, counted, ed, ward, mean_s1, p, mean_los):
    t0 = env.now
    r1 = ed.request()
    yield r1
    if counted:
        cnt.sum += env.now - t0
    yield env.timeout(random.expovariate(1.0 / mean_s1))
    if random.random() < p:
        r2 = ward.request()
        yield r2            # boarding: the cubicle is still held
        ed.release(r1)
        yield env.timeout(random.expovariate(1.0 / mean_los))
        ward.release(r2)
    else:
        ed.release(r1)


def run(env, cnt, rate, customer, *args):
    """Run the warm-up untimed, then the counted customers timed."""
    marker = env.event()
    env.process(source(env, cnt, rate, marker, customer, *args))
    env.run(until=marker)
    t0 = time.perf_counter()
    env.run()
    return time.perf_counter() - t0


def workload_a(n):
    env = simpy.Environment()
    cnt = Counter(10_000, n)
    srv = simpy.Resource(env, capacity=10)
    s = run(env, cnt, 9.0, mmc_customer, srv, 1.0)
    return s, "wq_h", cnt.sum / n, 0.668732


def workload_b(n):
    cv = 1.2
    sigma_log = math.sqrt(math.log(1.0 + cv * cv))
    mu_log = math.log(5.0) - sigma_log * sigma_log / 2.0
    env = simpy.Environment()
    cnt = Counter(5_000, n)
    beds = simpy.Resource(env, capacity=220)
    s = run(env, cnt, 40.0, loss_customer, beds, 220, mu_log, sigma_log)
    return s, "p_block", cnt.sum / n, 0.011042


def workload_c(n):
    env = simpy.Environment()
    cnt = Counter(20_000, n)
    ed = simpy.Resource(env, capacity=10)
    ward = simpy.Resource(env, capacity=44)
    s = run(env, cnt, 6.0, tandem_customer, ed, ward, 1.25, 0.25, 24.0)
    return s, "wq_ed_h", cnt.sum / n, 0.460180


WORKLOADS = {"a": workload_a, "b": workload_b, "c": workload_c}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--customers", type=int, default=200_000,
                    help="counted customers per workload (default 200000)")
    ap.add_argument("--workload", choices=sorted(WORKLOADS), action="append",
                    help="run only this workload (repeatable)")
    ap.add_argument("--seed", type=int, default=20240101)
    o = ap.parse_args()
    if o.customers < 1:
        ap.error("--customers must be positive")
    for w in o.workload or sorted(WORKLOADS):
        random.seed(o.seed)
        s, name, est, exact = WORKLOADS[w](o.customers)
        print("workload=%s customers=%d seconds=%.3f ns_per_customer=%.0f "
              "%s=%.6f exact=%.6f" % (w, o.customers, s, s * 1e9 / o.customers,
                                      name, est, exact), flush=True)


if __name__ == "__main__":
    main()
