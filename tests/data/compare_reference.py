#!/usr/bin/env python3
"""Reference values for tests/statistics_test.cpp and tests/compare_test.cpp, computed here by
brute force and textbook formulas, independently of reports/statistics.cpp: every arrangement
of the pooled ranks is enumerated for the exact Mann-Whitney distribution, the confidence
interval's rank is read from that enumeration, and the corrections follow their definitions
(Holm 1979: max over j <= i of (R - j + 1) p_(j); Benjamini-Hochberg 1995: min over j >= i of
R / j p_(j)). Standard library only (no scipy on these machines). Run: python3 compare_reference.py"""
import itertools
import math
from fractions import Fraction


def u_of(a, b):
    return sum((x > y) + 0.5 * (x == y) for x in a for y in b)


def exact_null(m, n):
    """Counts of U over every choice of the m ranks of the first sample among m + n."""
    counts = {}
    for chosen in itertools.combinations(range(m + n), m):
        rest = [r for r in range(m + n) if r not in chosen]
        u = sum(1 for x in chosen for y in rest if x > y)
        counts[u] = counts.get(u, 0) + 1
    return [counts.get(u, 0) for u in range(m * n + 1)], math.comb(m + n, m)


def exact_p(a, b):
    counts, total = exact_null(len(a), len(b))
    u = u_of(a, b)
    small = min(u, len(a) * len(b) - u)
    return min(1.0, 2 * Fraction(sum(counts[: int(small) + 1]), total))


def normal_p(a, b):
    m, n = len(a), len(b)
    pooled = sorted(a + b)
    ties = sum(t ** 3 - t for t in (pooled.count(v) for v in set(pooled)))
    u = u_of(a, b)
    total = m + n
    sigma = math.sqrt(m * n / 12 * ((total + 1) - ties / (total * (total - 1))))
    z = (abs(u - m * n / 2) - 0.5) / sigma
    return min(1.0, math.erfc(z / math.sqrt(2)))


def interval_rank(m, n, tail=0.025):
    counts, total = exact_null(m, n)
    k, below = 0, 0
    while k < len(counts) and Fraction(below + counts[k], total) <= tail:
        below += counts[k]
        k += 1
    return k


def hodges_lehmann(a, b):
    d = sorted(x - y for x in a for y in b)
    mid = len(d) // 2
    estimate = d[mid] if len(d) % 2 else (d[mid - 1] + d[mid]) / 2
    k = interval_rank(len(a), len(b))
    return estimate, (d[k - 1], d[len(d) - k]) if k else None


def relative(a, b):
    est, ci = hodges_lehmann([math.log(x) for x in a], [math.log(y) for y in b])
    return math.expm1(est), tuple(math.expm1(v) for v in ci) if ci else None


def holm(p):
    order = sorted(range(len(p)), key=lambda i: p[i])
    out, running = [0] * len(p), 0
    for rank, i in enumerate(order):
        running = max(running, min(1, (len(p) - rank) * p[i]))
        out[i] = running
    return out


def bh(p):
    order = sorted(range(len(p)), key=lambda i: p[i])
    out = [0] * len(p)
    for rank, i in enumerate(order):
        out[i] = min(1, min(len(p) / (j + 1) * p[order[j]] for j in range(rank, len(p))))
    return out


if __name__ == "__main__":
    print("null counts 5x5", exact_null(5, 5)[0][:8], "of", exact_null(5, 5)[1])
    print("interval rank 3x3, 4x4, 5x5, 9x9:", [interval_rank(k, k) for k in (3, 4, 5, 9)])
    print("HL {11..15} - {1..5}:", hodges_lehmann([11, 12, 13, 14, 15], [1, 2, 3, 4, 5]))
    print("HL 4x4 {5,6,7,8} - {1,2,3,4}:", hodges_lehmann([5, 6, 7, 8], [1, 2, 3, 4]))
    print("HL 3x3:", hodges_lehmann([4, 5, 6], [1, 2, 3]))
    tied_a, tied_b = [2, 2, 3, 3, 4], [1, 1, 2, 2, 3]
    print("ties: U", u_of(tied_a, tied_b), "p (normal, tie-corrected)", repr(normal_p(tied_a, tied_b)),
          "HL", hodges_lehmann(tied_a, tied_b))
    base = [10.0, 10.2, 9.9, 10.1, 10.3, 9.8, 10.0, 10.2, 10.1]
    slow = [8.0, 8.1, 7.9, 8.2, 8.0, 7.8, 8.1, 8.0, 7.9]
    print("slow vs base: p", repr(float(exact_p(slow, base))) if len(set(slow + base)) == len(slow + base) else
          repr(normal_p(slow, base)), "relative HL", relative(slow, base))
    near = [x * 1.03 for x in [10.0, 10.21, 9.9, 10.11, 10.3, 9.8, 10.01, 10.22, 10.12]]
    print("near (+3%) vs base: p", repr(normal_p(near, base)), "relative HL", relative(near, base))
    p = [0.01, 0.04, 0.03, 0.005]
    print("holm", holm(p), "bh", bh(p))
