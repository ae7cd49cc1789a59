#!/usr/bin/env python3
"""Turn the PostgreSQL statement log of ONE enrolment request into a pgbench script that replays it.

Input: a slice of the server log written with log_statement=all, log_line_prefix='%m [%p] ' and full parameter
logging (bench/write.sh sets these for the capture only), plus a JSON file naming the values of that request
(offering, enrolment, trainee and partner-trainee ids, idempotency key, e-mail, the keyed hashes the API stored for
them, event ids, ...). Output: a pgbench script (-M extended) in which every statement of the request appears with
its captured SQL text unchanged; each $n becomes a pgbench variable whose value is the captured value with the
request-specific parts replaced by fresh ones.

Why the script has the shape it has (pgbench cannot set variables from a query inside a pipeline):
  * one statement before the transaction draws a random open offering (from a numbered table the caller fills)
    and builds every parameter value (new time-ordered ids like the API's UUIDv7, new random event ids, a unique
    idempotency key and e-mail, and in place of the API's keyed hashes (HMAC-SHA256 hex) of the e-mail, the
    Idempotency-Key and the request, SHA-256 hex of the new ids, unique per transaction as the unique indexes on
    them require) with \\gset: one extra round trip, outside the offering's lock;
  * Npgsql sends [auth lookup] and then [BEGIN; lock; read the offering snapshot] as two round trips; pgbench sends
    [auth lookup; BEGIN] as one pipeline, then the lock and the snapshot read one by one, each with \\gset, because
    their results are sent back: the append's expected version is the version the lock read, and the snapshot
    upsert writes the document the transaction read (same size; the API's has one more seat entry in it). So the
    lock is held over one more round trip than in the API, and the auth lookup runs inside the transaction;
  * the writes Marten sends as one batch (events, streams, documents) are one pipeline, then COMMIT, as in the API;
  * DISCARD ALL, which Npgsql prepends to the first command after taking a connection from its pool, is left out:
    pgbench could only send it as a round trip of its own.
"""
import json
import re
import sys
from datetime import datetime, timezone

ENTRY = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \S+) \[(\d+)\] (\w+):  (.*)$")
SQL = re.compile(r"^(?:statement|execute [^:]*): (.*)$", re.S)
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?[+-]\d\d(?::?\d\d)?$")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# SHA-256 hex: the API key lookup and the keyed hashes (e-mail, Idempotency-Key, request) of the request.
HASH = re.compile(r"(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])")


def entries(path):
    """Log records (pid, level, text) with continuation lines (tab-indented) joined back."""
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = ENTRY.match(line)
            if m:
                out.append({"pid": m.group(2), "level": m.group(3), "text": m.group(4)})
            elif out and line.startswith("\t"):
                out[-1]["text"] += "\n" + line[1:]
            elif out:
                out[-1]["text"] += "\n" + line
    return out


def parse_parameters(text):
    """'$1 = 'a''b', $2 = NULL' -> {1: "a'b", 2: None}"""
    params, i = {}, 0
    text = text[len("parameters: "):]
    while i < len(text):
        m = re.compile(r"\s*,?\s*\$(\d+) = ").match(text, i)
        if not m:
            break
        n, i = int(m.group(1)), m.end()
        if text.startswith("NULL", i):
            params[n], i = None, i + 4
            continue
        assert text[i] == "'", f"unexpected parameter syntax at {text[i:i + 40]!r}"
        i += 1
        value = []
        while True:
            j = text.index("'", i)
            value.append(text[i:j])
            if text.startswith("''", j):
                value.append("'")
                i = j + 2
            else:
                i = j + 1
                break
        params[n] = "".join(value)
    return params


def statements(records):
    """[(pid, sql, params)] from LOG statement/execute records and their DETAIL parameters."""
    out = []
    for r in records:
        if r["level"] == "LOG":
            m = SQL.match(r["text"])
            if m:
                out.append({"pid": r["pid"], "sql": m.group(1), "params": {}})
        elif r["level"] == "DETAIL" and r["text"].startswith("parameters: ") and out and out[-1]["pid"] == r["pid"]:
            out[-1]["params"] = parse_parameters(r["text"])
    return out


def literal(s):
    # E'' literal; ':' written as an octal escape so pgbench never mistakes part of a value for a variable.
    return "E'" + s.replace("\\", "\\\\").replace("'", "\\'").replace(":", "\\072") + "'"


def main(log_path, symbols_path, out_path):
    sym = json.load(open(symbols_path))
    schema = sym["schema"]
    stmts = statements(entries(log_path))

    lock_sql = f"select version from {schema}.mt_streams where id = $1 for update"
    lock = next((i for i, s in enumerate(stmts) if s["sql"].strip() == lock_sql and s["params"].get(1) == sym["offering"]), None)
    if lock is None:
        sys.exit("capture: the offering lock of the captured request is not in the log")
    pid = stmts[lock]["pid"]
    mine = [i for i, s in enumerate(stmts) if s["pid"] == pid]
    begin = max(i for i in mine if i < lock and s_upper(stmts[i]).startswith("BEGIN"))
    commit = min(i for i in mine if i > lock and s_upper(stmts[i]).startswith("COMMIT"))
    tx = [stmts[i] for i in mine if begin <= i <= commit]
    auth = [s for s in stmts[:begin] if "apikeycredential" in s["sql"] and s["params"].get(1) == sym["keyHash"]]
    if not auth:
        sys.exit("capture: the API key lookup of the captured request is not in the log")
    request = [auth[-1]] + [s for s in tx if not s_upper(s).startswith("DISCARD")]

    # Request-specific values -> expressions over the per-transaction CTE "s" (longest first, so no value
    # is replaced inside a longer one).
    v7 = ("cast(encode(overlay(uuid_send(gen_random_uuid()) placing substring(int8send(cast(floor(extract(epoch from "
          "clock_timestamp()) * 1000) as bigint)) from 3) from 1 for 6), 'hex') as uuid)")
    columns = {"oid": "cast(o.id as text)", "prog": "cast(o.programme_id as text)", "prov": "cast(o.provider_id as text)",
               "eid": f"cast({v7} as text)", "tid": f"cast({v7} as text)", "ts": "cast(now() as text)",
               # The partner's record of the person: the API derives its id from the person and the partner; any
               # new id will do, as long as the transaction uses the same one throughout.
               "ptid": "cast(gen_random_uuid() as text)"}

    def sha256_hex(purpose, column):
        # Same form as the API's keyed hashes (64 lowercase hex digits), a function of the transaction's new ids.
        return f"encode(sha256(convert_to('pgbench-{purpose}-' || s.{column}, 'UTF8')), 'hex')"

    replace = {sym["offering"]: "s.oid", sym["programme"]: "s.prog", sym["provider"]: "s.prov",
               sym["enrolment"]: "s.eid", sym["trainee"]: "s.tid", sym["partnerTrainee"]: "s.ptid",
               sym["key"]: "('pgbench-ceiling-' || s.eid)", sym["email"]: "('pgbench-' || s.tid || '@pgbench.invalid')",
               sym["emailKey"]: sha256_hex("email", "tid"), sym["idempotencyKeyHash"]: sha256_hex("idempotency", "eid"),
               sym["requestHash"]: sha256_hex("request", "eid")}
    for n, event_id in enumerate(sym["eventIds"], 1):
        columns[f"ev{n}"] = "cast(gen_random_uuid() as text)"
        replace[event_id] = f"s.ev{n}"
    constants = set(sym.get("constantIds", []))
    pattern = re.compile("|".join(re.escape(v) for v in sorted(replace, key=len, reverse=True)))

    def expression(value):
        if TIMESTAMP.match(value):
            return "s.ts"
        unknown = set(UUID.findall(value)) - set(replace) - constants
        if unknown:
            sys.exit(f"capture: unexpected ids {sorted(unknown)} in a parameter; the generator does not know what they are")
        # A hash left as captured would repeat in every transaction (and collide on a unique index).
        unknown = set(HASH.findall(value)) - set(replace) - {sym["keyHash"]}
        if unknown:
            sys.exit(f"capture: unexpected hashes {sorted(unknown)} in a parameter; the generator does not know what they are")
        parts, pos = [], 0
        for m in pattern.finditer(value):
            if m.start() > pos:
                parts.append(literal(value[pos:m.start()]))
            parts.append(replace[m.group(0)])
            pos = m.end()
        if pos < len(value) or not parts:
            parts.append(literal(value[pos:]))
        return " || ".join(parts)

    outputs = []
    kinds = []
    for i, s in enumerate(request):
        sql = s["sql"].strip().rstrip(";")
        upper = sql.upper()
        if upper.startswith("BEGIN") or upper.startswith("COMMIT"):
            kind = "tx"
        elif i == 0:
            kind = "auth"
        elif sql == lock_sql:
            kind = "lock"
        elif re.match(rf"select d\.id, d\.data, d\.mt_version from {re.escape(schema)}\.mt_doc_offering as d where id = \$1$", sql):
            kind = "snapshot"
        elif re.match(r"^(insert|update|delete)\b", sql, re.I) or "mt_quick_append_events" in sql:
            kind = "write"
        else:
            kind = "read"
        params = s["params"]

        def var(m, i=i, sql=sql, params=params):
            n = int(m.group(1))
            if n not in params:
                sys.exit(f"capture: parameter ${n} of statement {i} was not logged")
            if params[n] is None:
                return "NULL"
            if sql.startswith(f"insert into {schema}.mt_doc_offering ") and n == 2:
                return ":o_data"  # the snapshot this transaction read, written back
            if "mt_quick_append_events" in sql and n == max(params):
                return ":l_version"  # expected version = the version the lock read
            outputs.append(f"{expression(params[n])} as p{i}_{n}")
            return f":p{i}_{n}"

        text = re.sub(r"\$(\d+)", var, sql)
        kinds.append((kind, text))

    # Group into round trips as Npgsql sends them (verified with strace on the API), as far as pgbench allows.
    if [k for k, _ in kinds[:3]] != ["auth", "tx", "lock"] or not kinds[1][1].upper().startswith("BEGIN"):
        sys.exit(f"capture: expected the auth lookup, BEGIN and the lock first, got {[k for k, _ in kinds[:3]]}")
    body = ["\\startpipeline", kinds[0][1] + ";", kinds[1][1] + ";", "\\endpipeline", kinds[2][1] + " \\gset l_"]
    k = 3
    while k < len(kinds):
        kind, text = kinds[k]
        if kind == "snapshot":
            body.append(text + " \\gset o_")
        elif kind == "write":
            run = []
            while k < len(kinds) and kinds[k][0] == "write":
                run.append(kinds[k][1] + ";")
                k += 1
            body += ["\\startpipeline"] + run + ["\\endpipeline"]
            continue
        else:
            body.append(text + ";")
        k += 1
    if not any(kind == "snapshot" for kind, _ in kinds):
        sys.exit("capture: the offering snapshot read is missing; the generator needs it")

    cte = ",\n       ".join(f"{expr} as {name}" for name, expr in columns.items())
    pick = (f"with s as materialized (\n  select {cte}\n  from {sym['pickTable']} o where o.n = :n)\n"
            f"select " + ",\n       ".join(outputs) + "\nfrom s \\gset")

    header = f"""-- pgbench replay of ONE enrolment (POST /api/offerings/{{id}}/enrolments) as the API sends it to PostgreSQL.
-- Generated by bench/write/capture-to-pgbench.py on {datetime.now(timezone.utc):%Y-%m-%dT%H:%M:%SZ} from the server log
-- of one real request (log_statement=all with parameters, turned on for the capture only). Run with -M extended,
-- like Npgsql's unprepared statements. Every statement below is the captured SQL text; $n became :pI_N, whose
-- value is the captured parameter with the request's ids, key, e-mail and keyed hashes replaced by fresh ones
-- (see the first statement; SHA-256 of the new ids stands in for the API's HMACs). Differences from the API: +1 round trip before the transaction (the first statement); the auth
-- lookup is pipelined with BEGIN (so it runs inside the transaction) and the snapshot read is not pipelined with
-- the lock, because pgbench cannot \\gset inside a pipeline (+1 round trip while the lock is held); no DISCARD ALL;
-- the snapshot is written back as read (the API's has the new seat in it).
-- Captured statements: {len(request)} (auth lookup, BEGIN, lock, snapshot read, {sum(1 for k, _ in kinds if k == 'read')} lookups, {sum(1 for k, _ in kinds if k == 'write')} writes in one batch, COMMIT).
"""
    with open(out_path, "w") as f:
        f.write(header)
        f.write(f"\\set n random(1, {sym['openCount']})\n")
        f.write(pick + "\n")
        f.write("\n".join(body) + "\n")


def s_upper(s):
    return s["sql"].strip().upper()


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: capture-to-pgbench.py <log-slice> <symbols.json> <out.pgbench>")
    main(*sys.argv[1:])
