#!/usr/bin/env python3
"""Measures the statistics API (issue 5) against plain SQL over `cases`.

For each user: logs in, asks each statistics endpoint REQUESTS times in a
row over one keep-alive connection (the default period: the last 30 local
days) and records the latency of each answer (request sent to body read).
Then runs the equivalent plain SQL, a GROUP BY over `cases` for the same
grids, period and instant, REPS times (PostgreSQL through psql with
\\timing, SQLite through Python's sqlite3), checks that it gives exactly
the API's numbers, and writes one JSON line per (user, endpoint).

Usage: stats_helper.py --port P --password X --users a,b --requests N
       --reps R (--pg-url URL | --sqlite PATH) --label L --out FILE
"""
import argparse
import datetime
import http.client
import json
import re
import sqlite3
import statistics
import subprocess
import sys
import time

DAY_MS = 86400000
OFFSET_MS = 8 * 3600000

ENDPOINTS = [
    ("overview", "/api/v1/stats/overview"),
    ("grid", "/api/v1/stats/cases?group=grid"),
    ("category", "/api/v1/stats/cases?group=category"),
    ("source", "/api/v1/stats/cases?group=source"),
    ("state", "/api/v1/stats/cases?group=state"),
    ("day", "/api/v1/stats/cases?group=day"),
]

FIGURES = """
 COUNT(CASE WHEN created_at >= {f} AND created_at < {t} THEN 1 END),
 COUNT(CASE WHEN state = 'closed' AND closed_at >= {f} AND closed_at < {t}
            THEN 1 END),
 COUNT(CASE WHEN state = 'closed' AND closed_at >= {f} AND closed_at < {t}
            AND on_time <> 0 THEN 1 END),
 COUNT(CASE WHEN created_at >= {f} AND created_at < {t} AND state = 'voided'
            THEN 1 END),
 COUNT(CASE WHEN created_at >= {f} AND created_at < {t} AND state = 'closed'
            THEN 1 END),
 COUNT(CASE WHEN created_at >= {f} AND created_at < {t} AND state = 'closed'
            AND on_time <> 0 THEN 1 END),
 COUNT(CASE WHEN state NOT IN ('closed', 'voided') THEN 1 END),
 COUNT(CASE WHEN state NOT IN ('closed', 'voided') AND step <> ''
            AND step_deadline_at <= {n} THEN 1 END)"""
FIGURE_NAMES = ["created", "closed", "closed_on_time", "voided", "due_closed",
                "due_closed_on_time", "open", "overdue"]


def equivalent_sql(endpoint, grids, f, t, n):
    """The plain SQL a report writer would run over `cases`."""
    scope = "grid_id IN (%s)" % ",".join(str(g) for g in grids)
    figures = FIGURES.format(f=f, t=t, n=n)
    today = (n + OFFSET_MS) // DAY_MS * DAY_MS - OFFSET_MS
    if endpoint == "overview":
        return ("SELECT %s,\n COUNT(CASE WHEN created_at >= %d THEN 1 END),\n"
                " COUNT(CASE WHEN state = 'closed' AND closed_at >= %d "
                "THEN 1 END)\nFROM cases WHERE %s"
                % (figures, today, today, scope))
    if endpoint in ("grid", "category", "source"):
        col = {"grid": "grid_id", "category": "category_id",
               "source": "source"}[endpoint]
        return ("SELECT %s, %s\nFROM cases WHERE %s GROUP BY %s"
                % (col, figures, scope, col))
    if endpoint == "state":
        return ("SELECT state, COUNT(*) FROM cases WHERE %s AND created_at "
                ">= %d AND created_at < %d GROUP BY state" % (scope, f, t))
    if endpoint == "day":
        return ("SELECT d, SUM(c), SUM(k) FROM (SELECT (created_at + %d) / %d "
                "AS d, 1 AS c, 0 AS k FROM cases WHERE %s AND created_at >= "
                "%d AND created_at < %d UNION ALL SELECT (closed_at + %d) / %d,"
                " 0, 1 FROM cases WHERE %s AND state = 'closed' AND closed_at "
                ">= %d AND closed_at < %d) AS x GROUP BY d"
                % (OFFSET_MS, DAY_MS, scope, f, t, OFFSET_MS, DAY_MS, scope,
                   f, t))
    raise ValueError(endpoint)


def api_rows(endpoint, body):
    """The API's answer in the shape of the SQL's rows, for comparison."""
    if endpoint == "overview":
        return {("",): tuple(body[k] for k in FIGURE_NAMES) +
                (body["created_today"], body["closed_today"])}
    rows = {}
    for item in body["items"]:
        if endpoint == "grid" or endpoint == "category":
            key = (str(item["id"]),)
        elif endpoint == "state":
            if item["count"]:
                rows[(item["key"],)] = (item["count"],)
            continue
        else:
            key = (item["key"],)
        if endpoint == "day":
            values = (item["created"], item["closed"])
            if any(values):
                day = (datetime.date.fromisoformat(item["key"]) -
                       datetime.date(1970, 1, 1)).days
                rows[(str(day),)] = values
            continue
        values = tuple(item[k] for k in FIGURE_NAMES)
        if any(values):
            rows[key] = values
    return rows


def sql_rows(endpoint, raw_rows):
    rows = {}
    for r in raw_rows:
        if endpoint == "overview":
            rows[("",)] = tuple(int(v or 0) for v in r)
        else:
            values = tuple(int(v or 0) for v in r[1:])
            if any(values):
                rows[(str(r[0]),)] = values
    return rows


def percentile(values, p):
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(round(p / 100.0 * len(s) + 0.5)) - 1))
    return s[k]


class Client:
    def __init__(self, port):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.token = ""

    def request(self, method, path, body=None):
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        start = time.perf_counter()
        self.conn.request(method, path, body=body, headers=headers)
        resp = self.conn.getresponse()
        data = resp.read()
        elapsed = time.perf_counter() - start
        return resp.status, data, elapsed


def run_pg(url, statements, reps):
    """Runs each statement `reps` times in one psql session: (times, rows)."""
    script = ["\\timing on", "\\pset format unaligned", "\\pset tuples_only on",
              "\\pset fieldsep '|'", "SET jit = off;"]
    for i, sql in enumerate(statements):
        for _ in range(reps):
            script.append("\\echo @@%d" % i)
            script.append(sql.replace("\n", " ") + ";")
    out = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", url],
                         input="\n".join(script), capture_output=True,
                         text=True, check=True).stdout
    times = [[] for _ in statements]
    rows = [[] for _ in statements]
    current, seen = None, {}
    for line in out.splitlines():
        m = re.match(r"^@@(\d+)$", line)
        if m:
            current = int(m.group(1))
            seen[current] = seen.get(current, 0) + 1
            continue
        m = re.match(r"^Time: ([\d.]+) ms", line)
        if m and current is not None:
            times[current].append(float(m.group(1)))
            continue
        if current is not None and seen[current] == 1 and line and \
                not line.startswith(("Timing", "Output", "Tuples", "Field",
                                     "SET")):
            rows[current].append(line.split("|"))
    return times, rows


def run_sqlite(path, statements, reps):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    db.execute("PRAGMA cache_size=-1048576")
    times, rows = [], []
    for sql in statements:
        t, r = [], None
        for _ in range(reps):
            start = time.perf_counter()
            got = db.execute(sql).fetchall()
            t.append((time.perf_counter() - start) * 1000)
            r = r or got
        times.append(t)
        rows.append(r)
    return times, rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--password", required=True)
    ap.add_argument("--users", required=True)
    ap.add_argument("--requests", type=int, default=300)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--pg-url", default="")
    ap.add_argument("--sqlite", default="")
    ap.add_argument("--label", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    out = open(a.out, "a")
    for user in a.users.split(","):
        c = Client(a.port)
        status, data, _ = c.request("POST", "/api/v1/auth/login", json.dumps(
            {"username": user, "password": a.password}))
        if status != 200:
            sys.exit("login %s: %d %s" % (user, status, data[:200]))
        c.token = json.loads(data)["token"]
        status, data, _ = c.request("GET", "/api/v1/stats/cases?group=grid")
        grids = [i["id"] for i in json.loads(data)["items"]]
        results = []
        for name, path in ENDPOINTS:
            latencies, body = [], None
            for i in range(a.requests):
                status, data, elapsed = c.request("GET", path)
                if status != 200:
                    sys.exit("%s %s: %d %s" % (user, path, status, data[:300]))
                latencies.append(elapsed * 1000)
                if i == 0:
                    body = json.loads(data)
            results.append((name, latencies, body))
        statements = []
        for name, _, body in results:
            p = body["period"]
            statements.append(equivalent_sql(name, grids, p["from"], p["to"],
                                             body["generated_at"]))
        if a.pg_url:
            times, raw = run_pg(a.pg_url, statements, a.reps)
        else:
            times, raw = run_sqlite(a.sqlite, statements, a.reps)
        for (name, latencies, body), t, r, sql in zip(results, times, raw,
                                                     statements):
            same = api_rows(name, body) == sql_rows(name, r)
            line = {
                "label": a.label, "user": user, "endpoint": name,
                "grids": len(grids), "requests": len(latencies),
                "p50_ms": statistics.median(latencies),
                "p95_ms": percentile(latencies, 95),
                "max_ms": max(latencies),
                "sql_ms": t, "sql_median_ms": statistics.median(t),
                "sql_min_ms": min(t), "same_numbers": same,
            }
            if not same:
                line["api"] = {str(k): v for k, v in
                               sorted(api_rows(name, body).items())[:5]}
                line["sql"] = {str(k): v for k, v in
                               sorted(sql_rows(name, r).items())[:5]}
                line["statement"] = sql
            out.write(json.dumps(line) + "\n")
            out.flush()
            print("%s %s %-8s p50 %.2f ms p95 %.2f ms | SQL median %.1f ms | "
                  "same numbers: %s" % (a.label, user, name, line["p50_ms"],
                                        line["p95_ms"], line["sql_median_ms"],
                                        same), file=sys.stderr)


if __name__ == "__main__":
    main()
