#!/usr/bin/env python3
"""Helpers for bench/intake_bench.sh (standard library only).

  intake_helper.py login BASE_URL USERNAME PASSWORD   -> prints the token
  intake_helper.py category BASE_URL TOKEN CODE       -> prints the id
  intake_helper.py points BASE_URL TOKEN COUNT [SEED] -> "lon lat" lines
  intake_helper.py lattice < `wangge area list --level grid`  -> GeoJSON
  intake_helper.py wrk-summary FILE                   -> "RPS P99_MS NON201"
  intake_helper.py doc DOC_FILE BLOCK_FILE            -> replaces the block

points: draws COUNT random points inside the grid boundaries the account
may see (GET /api/v1/boundaries), checks each with GET /api/v1/locate (it
must name the grid the point was drawn in; points on a shared edge are
redrawn) and prints them.

lattice: `wangge synth` lays its grids on a lattice of 0.0095 x 0.0081
degree cells from 118.6E 31.8N, grid N ("网格N") in cell N-1, row-major
with ceil(sqrt(grids)) cells per row, and places every household inside its
cell; it stores no boundary polygons. This writes those cells as grid
boundaries for `wangge grids import`, so that cases can be located there.

doc: replaces the text between "<!-- intake-bench:begin -->" and
"<!-- intake-bench:end -->" in DOC_FILE with the contents of BLOCK_FILE.
"""
import json
import math
import random
import re
import sys
import urllib.error
import urllib.request


def call(base, path, token=None, body=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, headers=headers)
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read().decode("utf-8"))


def inside(ring, x, y):
    c = False
    n = len(ring)
    for i in range(n):
        x1, y1 = ring[i]
        x2, y2 = ring[(i + 1) % n]
        if (y1 > y) != (y2 > y):
            if x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                c = not c
    return c


def in_polygon(poly, x, y):
    return inside(poly[0], x, y) and not any(inside(h, x, y) for h in poly[1:])


def points(base, token, count, seed=1):
    rnd = random.Random(seed)
    fc = call(base, "/api/v1/boundaries?level=grid", token)
    grids = []
    for f in fc["features"]:
        g = f["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for p in polys:
            xs = [v[0] for v in p[0]]
            ys = [v[1] for v in p[0]]
            grids.append((f["properties"]["code"], p, min(xs), max(xs),
                          min(ys), max(ys)))
    if not grids:
        sys.exit("intake_helper: no grid boundaries visible to this account")
    out, bad = [], 0
    while len(out) < count:
        code, poly, x0, x1, y0, y1 = rnd.choice(grids)
        for _ in range(1000):
            x, y = round(rnd.uniform(x0, x1), 6), round(rnd.uniform(y0, y1), 6)
            if in_polygon(poly, x, y):
                break
        else:
            continue
        try:
            place = call(base, f"/api/v1/locate?lon={x}&lat={y}", token)
        except urllib.error.HTTPError:
            place = {}
        if place.get("grid", {}).get("code") != code:
            bad += 1
            if bad > count // 10 + 10:
                sys.exit(f"intake_helper: {bad} points not located in their grid")
            continue
        out.append(f"{x} {y}")
    print("\n".join(out))


def lattice():
    rows = []
    for line in sys.stdin:
        cols = line.rstrip("\n").split("\t")
        m = re.fullmatch(r"网格(\d+)", cols[1]) if len(cols) > 1 else None
        if not m:
            sys.exit("intake_helper: unexpected area list line: " + line)
        rows.append((cols[0], cols[1], int(m.group(1)) - 1))
    side = math.ceil(math.sqrt(len(rows)))
    feats = []
    for code, name, g in rows:
        x0 = 118.6 + 0.0095 * (g % side)
        y0 = 31.8 + 0.0081 * (g // side)
        x1, y1 = x0 + 0.0095, y0 + 0.0081
        ring = [[round(x0, 7), round(y0, 7)], [round(x1, 7), round(y0, 7)],
                [round(x1, 7), round(y1, 7)], [round(x0, 7), round(y1, 7)],
                [round(x0, 7), round(y0, 7)]]
        feats.append({"type": "Feature",
                      "properties": {"code": code, "name": name, "level": "grid"},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    json.dump({"type": "FeatureCollection", "features": feats}, sys.stdout,
              ensure_ascii=False)


def wrk_summary(path):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"intake-result: requests=(\d+) rps=([\d.]+) p50_ms=([\d.]+) "
                  r"p99_ms=([\d.]+) errors=(\d+)", text)
    n = re.search(r"intake-unexpected-status: (\d+)", text)
    if not m or not n:
        sys.exit("intake_helper: no result in " + path)
    print(m.group(2), m.group(4), int(n.group(1)) + int(m.group(5)))


def doc(doc_file, block_file):
    text = open(doc_file, encoding="utf-8").read()
    block = open(block_file, encoding="utf-8").read().rstrip("\n")
    begin, end = "<!-- intake-bench:begin -->", "<!-- intake-bench:end -->"
    i, j = text.find(begin), text.find(end)
    if i < 0 or j < i:
        text = (text.rstrip("\n") + "\n\n## Case intake (issue 4)\n\n" + begin +
                "\n" + block + "\n" + end + "\n")
    else:
        text = text[:i + len(begin)] + "\n" + block + "\n" + text[j:]
    open(doc_file, "w", encoding="utf-8").write(text)


def main():
    a = sys.argv[1:]
    if a[:1] == ["login"]:
        print(call(a[1], "/api/v1/auth/login", body={"username": a[2],
                                                     "password": a[3]})["token"])
    elif a[:1] == ["category"]:
        items = call(a[1], "/api/v1/categories", a[2])["items"]
        ids = [c["id"] for c in items if c["code"] == a[3] and c.get("active")]
        if not ids:
            sys.exit("intake_helper: no active category " + a[3])
        print(ids[0])
    elif a[:1] == ["points"]:
        points(a[1], a[2], int(a[3]), int(a[4]) if len(a) > 4 else 1)
    elif a[:1] == ["lattice"]:
        lattice()
    elif a[:1] == ["wrk-summary"]:
        wrk_summary(a[1])
    elif a[:1] == ["doc"]:
        doc(a[1], a[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
