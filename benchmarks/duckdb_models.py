"""The eight built-in supervision models as plain SQL over the nine clean CSVs, in DuckDB.

An independent oracle and speed reference for the graph implementation — benchmark code,
never product code. It reads CLEAN data only (canonical IDs and case numbers, ISO dates,
UTF-8 with or without BOM), so a person is simply a canonical ID number.

    .venv/bin/python benchmarks/duckdb_models.py                 # check against the sample
    .venv/bin/python benchmarks/duckdb_models.py --data DIR [--as-of 2025-06-30]

With --data, prints lead counts and seconds per rule as JSON; when DIR holds the
generator's planted.json, also checks every planted lead is found and no decoy is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

import duckdb

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "data-contract" / "sample"

Lead = tuple[tuple[str, ...], tuple[str, ...]]  # (sorted persons, sorted key cases)

# Columns cast to DATE on load; everything else stays VARCHAR (IDs keep leading zeros, X).
DATES = {
    "regions": (),
    "criminal_cases": ("立案日期", "判决日期", "判决生效日期"),
    "case_parties": ("出生日期",),
    "enforcement_cases": ("立案日期", "结案日期"),
    "terminated_disclosures": ("终本日期", "公开日期"),
    "dishonest_list": ("纳入日期", "屏蔽日期"),
    "enforcement_completions": ("履行完毕日期",),
    "low_income": ("保障起始日期", "保障终止日期"),
    "community_corrections": ("矫正开始日期", "矫正结束日期"),
}

# Court-code province abbreviation → first two digits of the GB/T 2260 code. Only 川
# occurs in generated data; a few neighbours keep the derivation honest.
PROVINCES = {"京": "11", "沪": "31", "渝": "50", "川": "51", "黔": "52", "云": "53", "陕": "61"}

# Shared definitions, created once after loading; views cost nothing until a rule runs,
# so deriving regions is timed as part of the rules that need it.
DEFINITIONS = f"""
-- "A case's county region is its 区划代码, or, when that is empty, the region derived from
-- its court code (川1802 → 511802; an intermediate court's 川18 → 511800)."
CREATE MACRO court_region(no) AS
    map_extract_value(MAP {{{", ".join(f"'{k}': '{v}'" for k, v in PROVINCES.items())}}},
                      regexp_extract(no, '^\\(\\d{{4}}\\)(\\D)', 1))
    || rpad(nullif(regexp_extract(no, '^\\(\\d{{4}}\\)\\D(\\d{{4}}|\\d{{2}})\\D', 1), ''), 4, '0');

-- Every suspect/defendant row with its case's dates and county region. LEFT JOIN: a party
-- row whose case is missing from criminal_cases still has a region from its court code.
CREATE VIEW accused AS
SELECT p.*, c.立案日期, c.判决日期, c.判决生效日期,
       coalesce(c.区划代码, court_region(p.案号)) AS region
FROM case_parties p LEFT JOIN criminal_cases c USING (案号)
WHERE p.角色 IN ('犯罪嫌疑人', '被告人');

-- "A completion covers enforcement case E when its 执行案号 is E or its 原执行案号 is E."
CREATE VIEW covers AS
SELECT 执行案号 AS e, 履行完毕日期 FROM enforcement_completions
UNION ALL
SELECT 原执行案号, 履行完毕日期 FROM enforcement_completions WHERE 原执行案号 IS NOT NULL;
"""

# 异地前科漏认: "P has a conviction in case A; P is 被告人 in case B whose 判决日期 is strictly
# after A's 判决生效日期; B's county region differs from A's; P's row in B has 认定前科 other
# than 是 (否 or empty)." Conviction: "P's 被告人 row in a case whose 主刑 is 有期徒刑, 拘役 or
# 管制 and whose 判决生效日期 is set." An unknown region differs from nothing.
CROSS_REGION_PRIOR_MISSED = """
SELECT DISTINCT [a.身份证号] AS persons, [a.案号, b.案号] AS cases
FROM accused a
JOIN accused b ON b.身份证号 = a.身份证号
WHERE a.角色 = '被告人' AND a.主刑 IN ('有期徒刑', '拘役', '管制') AND a.判决生效日期 IS NOT NULL
  AND b.角色 = '被告人' AND b.判决日期 > a.判决生效日期
  AND b.region <> a.region
  AND b.认定前科 IS DISTINCT FROM '是'
"""

# 一人异地多案: "P is 犯罪嫌疑人 or 被告人 in cases of at least two county regions"; key cases:
# "every case in which P is 犯罪嫌疑人 or 被告人" (a case of unknown region included).
MULTI_REGION_SUSPECT = """
SELECT [身份证号] AS persons, list(DISTINCT 案号) AS cases
FROM accused
GROUP BY 身份证号
HAVING count(DISTINCT region) >= 2
"""

# 终本信息应删未删: "a 终本 record of E has 公开状态 已公开, and a completion covering E has
# 履行完毕日期 >= its 终本日期 (no grace period)"; person: the 终本 record's debtor.
TERMINATED_DISCLOSURE_NOT_WITHDRAWN = """
SELECT DISTINCT [t.被执行人证件号] AS persons, [t.执行案号] AS cases
FROM terminated_disclosures t
JOIN covers c ON c.e = t.执行案号
WHERE t.公开状态 = '已公开' AND c.履行完毕日期 >= t.终本日期
"""

# 失信名单应删未删: "a 失信 listing of E has 状态 有效, and a completion covering E has
# 履行完毕日期 <= as_of − 3 days (whatever its 纳入日期)"; person: the listing's debtor.
DISHONEST_NOT_REMOVED = """
SELECT DISTINCT [d.被执行人证件号] AS persons, [d.执行案号] AS cases
FROM dishonest_list d
JOIN covers c ON c.e = d.执行案号
WHERE d.状态 = '有效' AND c.履行完毕日期 <= $as_of - INTERVAL 3 DAY
"""

# 终本信息应公开未公开: "E's 结案方式 is 终结本次执行程序, no completion covers E, and every 终本
# record of E (possibly none) has 公开状态 未公开 (已撤回 counts as disclosed)"; person: E's
# debtor. Any completion counts, whatever its date (as_of is not mentioned); a 终本 record
# with an empty 公开状态 is not 未公开, so it blocks the lead.
TERMINATED_NOT_DISCLOSED = """
SELECT DISTINCT [e.被执行人证件号] AS persons, [e.执行案号] AS cases
FROM enforcement_cases e
WHERE e.结案方式 = '终结本次执行程序'
  AND NOT EXISTS (SELECT 1 FROM covers c WHERE c.e = e.执行案号)
  AND NOT EXISTS (SELECT 1 FROM terminated_disclosures t
                  WHERE t.执行案号 = e.执行案号 AND t.公开状态 IS DISTINCT FROM '未公开')
"""

# 司法救助线索: "P is 被害人 in case C with 赔偿情况 未赔偿 or 部分赔偿, and has a low_income
# period with 保障起始日期 <= as_of and (保障终止日期 empty or >= C's 立案日期)".
JUDICIAL_AID_CANDIDATE = """
SELECT DISTINCT [p.身份证号] AS persons, [p.案号] AS cases
FROM case_parties p
LEFT JOIN criminal_cases c USING (案号)
JOIN low_income l ON l.身份证号 = p.身份证号
WHERE p.角色 = '被害人' AND p.赔偿情况 IN ('未赔偿', '部分赔偿')
  AND l.保障起始日期 <= $as_of
  AND (l.保障终止日期 IS NULL OR l.保障终止日期 >= c.立案日期)
"""

# 社区矫正漏管: "P is 被告人 in case C with 是否缓刑 是 or 主刑 管制; C's 判决生效日期 + 10 days
# <= as_of; and P has no community_corrections record (of any 状态) whose 判决案号 is C or
# whose 矫正开始日期 is within [判决生效日期, 判决生效日期 + 60 days]".
CORRECTION_INTAKE_MISSING = """
SELECT DISTINCT [p.身份证号] AS persons, [p.案号] AS cases
FROM case_parties p
JOIN criminal_cases c USING (案号)
WHERE p.角色 = '被告人' AND (p.是否缓刑 = '是' OR p.主刑 = '管制')
  AND c.判决生效日期 + INTERVAL 10 DAY <= $as_of
  AND NOT EXISTS (
      SELECT 1 FROM community_corrections k
      WHERE k.身份证号 = p.身份证号
        AND (k.判决案号 = p.案号
             OR k.矫正开始日期 BETWEEN c.判决生效日期 AND c.判决生效日期 + INTERVAL 60 DAY))
"""

# 矫正期间再犯罪: "P has a community_corrections record K whose 状态 is not 收监执行, and is
# 犯罪嫌疑人 or 被告人 in a case C whose 立案日期 is within [K's 矫正开始日期, K's 矫正结束日期
# (empty = as_of)], and C is not K's 判决案号 (an empty 判决案号 excludes no case; the 判决案号
# of P's other records is no exception)". An empty 状态 is "not 收监执行".
REOFFENSE_DURING_CORRECTION = """
SELECT DISTINCT [a.身份证号] AS persons, [a.案号] AS cases
FROM community_corrections k
JOIN accused a ON a.身份证号 = k.身份证号
WHERE k.状态 IS DISTINCT FROM '收监执行'
  AND a.立案日期 BETWEEN k.矫正开始日期 AND coalesce(k.矫正结束日期, $as_of)
  AND a.案号 IS DISTINCT FROM k.判决案号
"""

RULES = {
    "cross_region_prior_missed": CROSS_REGION_PRIOR_MISSED,
    "multi_region_suspect": MULTI_REGION_SUSPECT,
    "terminated_disclosure_not_withdrawn": TERMINATED_DISCLOSURE_NOT_WITHDRAWN,
    "dishonest_not_removed": DISHONEST_NOT_REMOVED,
    "terminated_not_disclosed": TERMINATED_NOT_DISCLOSED,
    "judicial_aid_candidate": JUDICIAL_AID_CANDIDATE,
    "correction_intake_missing": CORRECTION_INTAKE_MISSING,
    "reoffense_during_correction": REOFFENSE_DURING_CORRECTION,
}


def _load(con: duckdb.DuckDBPyConnection, data_dir: Path) -> None:
    """Each CSV into a table, all VARCHAR (empty cell → NULL), date columns cast to DATE."""
    for table, dates in DATES.items():
        path = str(data_dir / f"{table}.csv").replace("'", "''")
        casts = ", ".join(f'CAST("{c}" AS DATE) AS "{c}"' for c in dates)
        replace = f" REPLACE ({casts})" if casts else ""
        # DuckDB skips a UTF-8 BOM itself; header=true so the first row is never data.
        con.execute(
            f"CREATE TABLE {table} AS SELECT *{replace} "
            f"FROM read_csv('{path}', header = true, all_varchar = true, encoding = 'utf-8')"
        )
    con.execute(DEFINITIONS)


def duckdb_leads(data_dir: Path, as_of: dt.date) -> tuple[dict[str, set[Lead]], dict[str, float]]:
    """Leads per rule id, and seconds per rule (its SQL only) plus "_load" for reading the CSVs."""
    con = duckdb.connect()
    started = time.perf_counter()
    _load(con, Path(data_dir))
    seconds = {"_load": time.perf_counter() - started}
    leads: dict[str, set[Lead]] = {}
    for rule, sql in RULES.items():
        params = {"as_of": as_of} if "$as_of" in sql else {}
        started = time.perf_counter()
        rows = con.execute(sql, params).fetchall()
        seconds[rule] = time.perf_counter() - started
        leads[rule] = {(tuple(sorted(p)), tuple(sorted(c))) for p, c in rows}
    con.close()
    return leads, seconds


def _as_leads(items: list[dict]) -> set[Lead]:
    return {(tuple(sorted(i["persons"])), tuple(sorted(i["cases"]))) for i in items}


def check_sample() -> bool:
    """Whether every rule's leads equal truth.json's exactly; prints one line per rule."""
    truth = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))
    leads, _ = duckdb_leads(SAMPLE, dt.date.fromisoformat(truth["as_of"]))
    ok = True
    for rule, found in leads.items():
        expected = _as_leads(truth["rules"][rule])
        same = found == expected
        ok &= same
        print(f"{'ok  ' if same else 'DIFF'} {rule}: {len(found)} found, {len(expected)} expected")
        for lead in sorted(expected - found):
            print(f"     missing {lead}")
        for lead in sorted(found - expected):
            print(f"     extra   {lead}")
    return ok


def check_planted(planted: dict, leads: dict[str, set[Lead]]) -> bool:
    """Every planted lead found and no decoy found; prints the exceptions with their why."""
    ok = True
    for rule, found in leads.items():
        for item in planted["planted"].get(rule, []):
            if next(iter(_as_leads([item]))) not in found:
                ok = False
                print(f"MISSED planted {rule}: {item}", file=sys.stderr)
        for item in planted["decoys"].get(rule, []):
            if next(iter(_as_leads([item]))) in found:
                ok = False
                print(f"REPORTED decoy {rule}: {item}", file=sys.stderr)
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, help="folder of clean CSVs (default: the sample)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, help="default: planted.json's")
    args = parser.parse_args()
    if args.data is None:
        return 0 if check_sample() else 1
    planted_file = args.data / "planted.json"
    planted = json.loads(planted_file.read_text(encoding="utf-8")) if planted_file.is_file() else {}
    as_of = args.as_of or dt.date.fromisoformat(planted["as_of"])
    leads, seconds = duckdb_leads(args.data, as_of)
    report = {
        "data": str(args.data),
        "as_of": as_of.isoformat(),
        "duckdb": duckdb.__version__,
        "load_seconds": round(seconds["_load"], 4),
        "rules": {r: {"leads": len(leads[r]), "seconds": round(seconds[r], 4)} for r in leads},
        "rules_seconds": round(sum(seconds[r] for r in leads), 4),
    }
    if planted:
        report["planted_ok"] = check_planted(planted, leads)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0 if report.get("planted_ok", True) else 1


if __name__ == "__main__":
    sys.exit(main())
