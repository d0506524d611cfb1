"""Writes a jiedui script for the pair auto benchmark: FAMILIES families with one child each
(fake ID-card numbers with valid check characters) in VILLAGES villages, and HELPERS helpers
in UNITS units linked to some villages. Deterministic (fixed seed)."""
import random
import sys

families, helpers = int(sys.argv[1]), int(sys.argv[2])
villages, units = 50, 40
rng = random.Random(20241231)
weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
checks = "10X98765432"


def idno(n):
    year = 2009 + n % 14
    month = 1 + n % 12
    day = 1 + n % 28
    seq = n % 1000
    region = 519900 + n // 1000 % 100  # fake region codes
    body = f"{region:06d}{year:04d}{month:02d}{day:02d}{seq:03d}"
    return body + checks[sum(int(c) * w for c, w in zip(body, weights)) % 11]


print("set today 2024-12-31")
for v in range(villages):
    print(f"village add name=村{v}")
for u in range(units):
    linked = ",".join(f"村{v}" for v in rng.sample(range(villages), 2))
    print(f"unit add name=单位{u} villages={linked}")
for f in range(families):
    print(f"family add village=村{f % villages}")
    category = rng.choice([1, 2, 3, 4, 5, 6, 6, 6])
    print(f"child add name=儿童{f} idno={idno(f)} family=F{f + 1:04d} category={category}")
for h in range(helpers):
    sex = "女" if h % 2 else "男"
    print(f"helper add name=帮扶人{h} sex={sex} unit=单位{h % units} phone=139{h:08d} capacity={1 + h % 3}")
