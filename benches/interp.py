"""The programs of benches/interp.rs in CPython, for the comparison table.

    python3 benches/interp.py
"""
import time


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def sum_assign():
    s = 0
    for i in range(1, 1000001):
        s = s + i
    return s


def sum_incr():
    s = 0
    for i in range(1, 1000001):
        s += i
    return s


def list_build():
    l = None
    for i in range(1, 1000001):
        l = (i, l)
    return l


def add3(a, b, c):
    return a + b + c


def call_loop():
    s = 0
    for i in range(1, 1000001):
        s = add3(s, i, 1)
    return s


NUMBERS = list(range(1, 1000001))


def map_lambda():
    return list(map(lambda x: x * x, NUMBERS))


def while_let():
    i = 0
    s = 0
    while i < 1000000:
        j = i * 2
        s = s + j
        i += 1
    return s


VECTOR = [0.0] * 1000


def array_elements():
    for i in range(1000):
        for _ in range(1000):
            VECTOR[i] = VECTOR[i] + 1


class Counter:
    def __init__(self):
        self.n = 0

    def bump(self):
        self.n = self.n + 1


COUNTER = Counter()


def method_calls():
    for _ in range(1000000):
        COUNTER.bump()


CASES = [
    ("fib-25", lambda: fib(25)),
    ("sum-setq-1e6", sum_assign),
    ("sum-incr-1e6", sum_incr),
    ("list-build-1e6", list_build),
    ("call-loop-1e6", call_loop),
    ("map-lambda-1e6", map_lambda),
    ("while-let-1e6", while_let),
    ("array-elt-1e6", array_elements),
    ("method-1e6", method_calls),
]

for name, f in CASES:
    times = []
    for _ in range(7):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    times.sort()
    print(f"{name:16s} median {times[len(times) // 2] * 1000:8.1f} ms  min {times[0] * 1000:8.1f} ms")
