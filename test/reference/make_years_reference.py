#!/usr/bin/env python3
"""Independent reference values for the report's yearly view ("Beekeeper Years").

Run:   python3 test/reference/make_years_reference.py
Writes test/reference/years.json (next to this script).  About 10 s.

Written from the specification only: shared/spec/model.md (equations, monthly
outputs, assumptions, "A running company (v3)": today's state, startDate,
fiscalYearStart, the plan) and shared/spec/workbook.md, section "v3: a report
a board can read", paragraph "Beekeeper Years".  Python 3, standard library
only.  Nothing from the TypeScript sources was read.

The monthly projection (the base case: the deterministic projection at the
table's values) is imported from make_founder_reference.py beside this file,
an independent Python implementation of the v3 monthly model with the plan.
This script only aggregates its months into (fiscal) years; every sum uses
math.fsum.

Cases:
  defaults     every default assumption, no plan, no startDate
               (years of 12 months from month 1: 60 months -> Year 1..Year 5)
  founder      founder.json's case "founder" (today's state and its plan),
               no startDate (Year 1..Year 5)
  founder_fy7  the same projection with startDate 2027-01 and
               fiscalYearStart 7; fiscal years are named by the calendar year
               they end in: FY2027 = Jul 2026..Jun 2027 holds months 1-6
               (partial), FY2028 = months 7-18, ..., FY2031 = months 43-54,
               FY2032 = months 55-60 (partial).

Definitions per year Y (months t in Y; sums over those months):
  revenue              sum R_t
  openingArr           ARR at the end of the previous year; ARR_0 = initialArr
                       for the first year
  newArr, expansionArr, churnedArr   sums of the monthly bridge columns
  closingArr           ARR at the year's last month; checked:
                       opening + new + expansion - churned = closing
  customers, members, engineers, cash   values at the year's last month
  grossMargin          1 - sum costOfRevenue / sum R (null when sum R = 0)
  operatingCashFlow    sum CF_t;  financing  sum Fin_t
  netDollarRetention   prod_t (1 - c_t)(1 + x_t), c_t = monthly(customerChurn
                       in force at t), x_t = (1 + expansion in force at t)^(1/12) - 1
  netNewArr            closingArr - openingArr
  netBurn              -operatingCashFlow when negative, else 0
  burnMultiple         netBurn / netNewArr; null when netNewArr <= 0
                       (0 when the year's operating cash flow is >= 0)
  acquisitionSpend     sum_t acquisitionCost_t * newCustomers_t (acquisitionCost
                       in force at t; = acquisitionCost * sum new customers when
                       it is not planned, as in every case here)
  cacPaybackMonths     acquisitionSpend / (newArr * grossMargin) * 12; null when
                       the denominator <= 0
  magicNumber          netNewArr / sum salesMarketingCost; null when that is <= 0
  revenueGrowth        sum R (this year) / sum R (year before) - 1
  operatingCashFlowMargin  sum CF / sum R of the year
  ruleOf40             revenueGrowth + operatingCashFlowMargin (a fraction,
                       0.4 = 40 %); see PARTIAL_RULE below for partial years.
"""

import json
import math
import os
import sys
import time

sys.dont_write_bytecode = True   # leave no __pycache__ beside the reference files
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
OUT = os.path.join(HERE, "years.json")

from make_founder_reference import (  # noqa: E402  (independent Python model)
    DEFAULTS, FOUNDER, FOUNDER_PLAN, monthly, run)

TOL_ID = 1e-9     # relative tolerance of the exact identities below

FAILED = []


def check(cond, msg):
    """Fail loudly: a reference file built on a wrong check is worse than none."""
    if not cond:
        sys.exit("REFERENCE CHECK FAILED: " + msg)


def rel(a, b):
    return abs(a - b) / max(1.0, abs(a), abs(b))


PARTIAL_RULE = (
    "Every figure of a partial year is computed over the months it holds, as they "
    "are (flows summed over those months, stocks at its last month, ratios of those "
    "sums; netDollarRetention is the product over its months only, not annualised). "
    "revenueGrowth, and so ruleOf40, compares like with like only: it is null when "
    "the year or the year before it is partial (and for the first year, and when the "
    "year before has no revenue). For the test suite's convenience each year also "
    "carries revenueGrowthAsIs / ruleOf40AsIs (the year's revenue over the previous "
    "year's as they are, whatever their lengths) and revenueGrowthPerMonth / "
    "ruleOf40PerMonth (average monthly revenue over the previous year's average "
    "monthly revenue); for two full years all three agree.")


# ---------------------------------------------------------------------------
# Calendar and fiscal years
# ---------------------------------------------------------------------------

def parse_ym(s):
    y, m = s.split("-")
    y, m = int(y), int(m)
    check(1 <= m <= 12, f"bad startDate {s}")
    return y, m


def calendar_month(start, t):
    """(year, month) of model month t (month 1 = start)."""
    y0, m0 = start
    k = y0 * 12 + (m0 - 1) + (t - 1)
    return k // 12, k % 12 + 1


def fiscal_year_of(y, m, fys):
    """Fiscal year named by the calendar year it ends in."""
    if fys == 1:
        return y
    return y + 1 if m >= fys else y


def year_groups(T, start=None, fys=1):
    """List of dicts: label, firstMonth, lastMonth, months, partial, (dates)."""
    groups = []
    if start is None:
        for k in range(0, (T + 11) // 12):
            first, last = 12 * k + 1, min(T, 12 * k + 12)
            groups.append(dict(label="Year %d" % (k + 1), firstMonth=first,
                               lastMonth=last, months=last - first + 1))
    else:
        cur = None
        for t in range(1, T + 1):
            y, m = calendar_month(start, t)
            fy = fiscal_year_of(y, m, fys)
            if cur is None or cur["fiscalYear"] != fy:
                cur = dict(label="FY%d" % fy, fiscalYear=fy, firstMonth=t,
                           lastMonth=t, months=0)
                groups.append(cur)
            cur["lastMonth"] = t
            cur["months"] += 1
        for g in groups:
            fy = g["fiscalYear"]
            # calendar span of the whole fiscal year and of the months held
            if fys == 1:
                g["fiscalYearSpan"] = "%04d-01..%04d-12" % (fy, fy)
            else:
                g["fiscalYearSpan"] = "%04d-%02d..%04d-%02d" % (
                    fy - 1, fys, fy, fys - 1)
            fy_, fm = calendar_month(start, g["firstMonth"])
            ly, lm = calendar_month(start, g["lastMonth"])
            g["firstDate"] = "%04d-%02d" % (fy_, fm)
            g["lastDate"] = "%04d-%02d" % (ly, lm)
    for g in groups:
        g["partial"] = g["months"] < 12
        check(1 <= g["months"] <= 12, f"year of {g['months']} months")
    return groups


# ---------------------------------------------------------------------------
# Years from a monthly projection
# ---------------------------------------------------------------------------

def fsum_range(col, first, last):
    return math.fsum(col[first - 1:last])


def div(a, b):
    return None if b is None or b <= 0 else a / b


def years_of(res, groups):
    a = res["assumptions"]
    plan = res["plan"]
    m = res["monthly"]
    pv = lambda name, t: plan.value(name, t, a[name])
    out = []
    opening = float(a["initialArr"])
    prev = None
    for g in groups:
        f, l = g["firstMonth"], g["lastMonth"]
        S = lambda col: fsum_range(m[col], f, l)
        rev = S("revenue")
        cor = S("costOfRevenue")
        new_arr, exp_arr, ch_arr = S("newArr"), S("expansionArr"), S("churnedArr")
        closing = m["arr"][l - 1]
        ocf = S("cashFlow")
        fin = S("financing")
        smc = S("salesMarketingCost")
        new_cust = S("newCustomers")
        acq = math.fsum(pv("acquisitionCost", t) * m["newCustomers"][t - 1]
                        for t in range(f, l + 1))
        gm = None if rev == 0 else 1.0 - cor / rev
        log_ndr = 0.0
        for t in range(f, l + 1):
            c = monthly(pv("customerChurn", t))
            x = math.expm1(math.log1p(pv("expansion", t)) / 12.0)
            log_ndr += math.log1p(-c) + math.log1p(x)
        ndr = math.exp(log_ndr)
        nn = closing - opening
        net_burn = -ocf if ocf < 0 else 0.0
        burn = None if nn <= 0 else net_burn / nn
        cac_den = None if gm is None else new_arr * gm
        cac = None if cac_den is None or cac_den <= 0 else acq / cac_den * 12.0
        magic = div(nn, smc)
        margin = None if rev <= 0 else ocf / rev

        growth = growth_asis = growth_pm = None
        if prev is not None and prev["revenue"] > 0 and rev > 0:
            growth_asis = rev / prev["revenue"] - 1.0
            growth_pm = (rev / g["months"]) / (prev["revenue"] / prev["months"]) - 1.0
            if not g["partial"] and not prev["partial"]:
                growth = growth_asis
        add = lambda gr: None if gr is None or margin is None else gr + margin

        y = dict(g)
        y.update(
            revenue=rev,
            openingArr=opening, newArr=new_arr, expansionArr=exp_arr,
            churnedArr=ch_arr, closingArr=closing,
            bridgeResidual=opening + new_arr + exp_arr - ch_arr - closing,
            customers=m["customers"][l - 1], members=m["members"][l - 1],
            engineers=m["engineers"][l - 1],
            newCustomers=new_cust,
            costOfRevenue=cor, grossMargin=gm,
            salesMarketingCost=smc,
            operatingCashFlow=ocf, financing=fin, cash=m["cash"][l - 1],
            netDollarRetention=ndr,
            netNewArr=nn, netBurn=net_burn, burnMultiple=burn,
            acquisitionSpend=acq, cacPaybackMonths=cac,
            magicNumber=magic,
            revenueGrowth=growth, operatingCashFlowMargin=margin,
            ruleOf40=add(growth),
            revenueGrowthAsIs=growth_asis, ruleOf40AsIs=add(growth_asis),
            revenueGrowthPerMonth=growth_pm, ruleOf40PerMonth=add(growth_pm),
        )
        out.append(y)
        opening = closing
        prev = y
    return out


# ---------------------------------------------------------------------------
# Self-checks
# ---------------------------------------------------------------------------

def case_checks(name, res, years, checks):
    a = res["assumptions"]
    m = res["monthly"]
    plan = res["plan"]
    pv = lambda n, t: plan.value(n, t, a[n])
    T = int(a["months"])
    # months covered exactly once, in order
    covered = []
    for y in years:
        covered.extend(range(y["firstMonth"], y["lastMonth"] + 1))
    check(covered == list(range(1, T + 1)), f"{name}: years do not tile months")
    # bridge identity per year
    worst = max(abs(y["bridgeResidual"]) / max(1.0, abs(y["closingArr"])) for y in years)
    check(worst <= TOL_ID, f"{name}: yearly ARR bridge residual {worst}")
    checks.append(dict(case=name, name="opening + new + expansion - churned = closing, every year",
                       worstRelativeResidual=worst))
    # opening of each year = closing of the one before; first = initialArr
    check(years[0]["openingArr"] == float(a["initialArr"]), f"{name}: first opening")
    for p, q in zip(years, years[1:]):
        check(q["openingArr"] == p["closingArr"], f"{name}: opening chain")
    # sums over years = sums over months
    for col, key in (("revenue", "revenue"), ("cashFlow", "operatingCashFlow"),
                     ("financing", "financing"), ("newArr", "newArr"),
                     ("costOfRevenue", "costOfRevenue")):
        tot_m = math.fsum(m[col])
        tot_y = math.fsum(y[key] for y in years)
        check(rel(tot_m, tot_y) <= TOL_ID, f"{name}: sum of {key} over years")
        checks.append(dict(case=name, name="sum over years of %s = sum over months" % key,
                           months=tot_m, years=tot_y))
    check(rel(math.fsum(m["revenue"]), res["kpis"]["revenueTotal"]) <= TOL_ID,
          f"{name}: revenueTotal KPI")
    # last closing ARR = ARR_T, last cash = Cash_T
    check(years[-1]["closingArr"] == m["arr"][-1], f"{name}: closing ARR_T")
    check(years[-1]["cash"] == m["cash"][-1], f"{name}: cash_T")
    checks.append(dict(case=name, name="last year's closing ARR = ARR_T (KPI arr)",
                       closingArr=years[-1]["closingArr"], arrT=res["kpis"]["arr"]))
    # cash at each year's end = initialCash + cumulative CF + Fin
    cum = float(a["initialCash"])
    worst = 0.0
    for y in years:
        cum += y["operatingCashFlow"] + y["financing"]
        worst = max(worst, rel(cum, y["cash"]))
    check(worst <= 1e-9, f"{name}: cash roll-forward {worst}")
    checks.append(dict(case=name, name="cash(year end) = initialCash + cumulative (operating cash flow + financing)",
                       worstRelativeError=worst))
    # NDR as the opening cohort's carry: closing = opening * NDR + sum_t newArr_t * carry(t+1..end)
    worst = 0.0
    for y in years:
        f, l = y["firstMonth"], y["lastMonth"]
        carry = [1.0] * (l - f + 2)       # carry[k] = prod over months f+k..l
        for k in range(l - f, -1, -1):
            t = f + k
            c = monthly(pv("customerChurn", t))
            x = math.expm1(math.log1p(pv("expansion", t)) / 12.0)
            carry[k] = carry[k + 1] * (1.0 - c) * (1.0 + x)
        rebuilt = y["openingArr"] * carry[0] + math.fsum(
            m["newArr"][t - 1] * carry[t - f + 1] for t in range(f, l + 1))
        check(rel(carry[0], y["netDollarRetention"]) <= 1e-12, f"{name}: ndr product")
        worst = max(worst, rel(rebuilt, y["closingArr"]))
    check(worst <= 1e-9, f"{name}: cohort decomposition {worst}")
    checks.append(dict(case=name, name="closing ARR = opening ARR * NDR + sum_t newArr_t * carry of months after t (NDR is the opening cohort's carry)",
                       worstRelativeError=worst))
    # every ratio recomputed from the year's own figures
    for y in years:
        if y["burnMultiple"] is not None:
            check(y["netNewArr"] > 0 and rel(y["burnMultiple"] * y["netNewArr"], y["netBurn"]) <= 1e-12,
                  f"{name} {y['label']}: burn multiple")
        if y["cacPaybackMonths"] is not None:
            check(rel(y["cacPaybackMonths"] * y["newArr"] * y["grossMargin"] / 12.0,
                      y["acquisitionSpend"]) <= 1e-12, f"{name}: cac")
        check(rel(y["acquisitionSpend"],
                  a["acquisitionCost"] * y["newCustomers"]) <= 1e-12,
              f"{name}: acquisitionCost not planned, spend = cost x new customers")


def ndr_defaults_check(years, checks):
    expect = (1.0 - 0.1) * 1.15
    closed = ((1.0 - monthly(0.1)) * 1.15 ** (1.0 / 12.0)) ** 12
    check(abs(closed - 1.035) <= 1e-12, "closed-form ndr")
    worst = 0.0
    for y in years:
        if not y["partial"]:
            worst = max(worst, abs(y["netDollarRetention"] - expect))
    check(worst <= 1e-12, f"defaults ndr {worst}")
    checks.append(dict(case="defaults",
                       name="ndr of a full year = ((1 - monthly(0.1)) 1.15^(1/12))^12 = 0.9 x 1.15 = 1.035",
                       expected=expect, worstAbsError=worst))


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

CASES = [
    # name, overrides, plan rows, startDate, fiscalYearStart, projection key
    ("defaults", {}, [], None, 1, "defaults"),
    ("founder", FOUNDER, FOUNDER_PLAN, None, 1, "founder"),
    ("founder_fy7", FOUNDER, FOUNDER_PLAN, "2027-01", 7, "founder"),
]

FIGURES = [
    "revenue", "openingArr", "newArr", "expansionArr", "churnedArr",
    "closingArr", "customers", "members", "engineers", "grossMargin",
    "operatingCashFlow", "financing", "cash", "netDollarRetention",
    "netNewArr", "netBurn", "burnMultiple", "newCustomers", "acquisitionSpend",
    "cacPaybackMonths", "salesMarketingCost", "magicNumber", "revenueGrowth",
    "operatingCashFlowMargin", "ruleOf40", "revenueGrowthAsIs", "ruleOf40AsIs",
    "revenueGrowthPerMonth", "ruleOf40PerMonth", "costOfRevenue",
    "bridgeResidual",
]


def main():
    t0 = time.time()
    projections = {}
    timings = {}
    for key, ov, rows in (("defaults", {}, []), ("founder", FOUNDER, FOUNDER_PLAN)):
        s = time.time()
        projections[key] = run(ov, rows)
        timings[key] = round(time.time() - s, 1)

    checks = []
    # the imported projection is the one founder.json holds
    fj_path = os.path.join(HERE, "founder.json")
    if os.path.exists(fj_path):
        with open(fj_path) as fh:
            fj = json.load(fh)
        for key, fkey in (("founder", "founder"), ("defaults", "v2_defaults")):
            worst = 0.0
            for col, vals in fj[fkey]["monthly"].items():
                mine = projections[key]["monthly"][col]
                check(len(mine) == len(vals), f"{key}: length of {col}")
                for u, v in zip(mine, vals):
                    worst = max(worst, rel(u, v))
            check(worst <= 1e-12, f"{key} differs from founder.json {fkey}: {worst}")
            checks.append(dict(case=key, name="monthly projection identical to founder.json case %s" % fkey,
                               worstRelativeDifference=worst))

    out_cases = {}
    for name, ov, rows, start, fys, key in CASES:
        res = projections[key]
        T = int(res["assumptions"]["months"])
        groups = year_groups(T, parse_ym(start) if start else None, fys)
        years = years_of(res, groups)
        case_checks(name, res, years, checks)
        if name == "defaults":
            ndr_defaults_check(years, checks)
        out_cases[name] = dict(
            scenario="beekeeper",
            assumptionOverrides=ov,
            assumptions=res["assumptions"],
            plan=rows,
            startDate=start,
            fiscalYearStart=fys,
            months=T,
            years=years,
            kpis=res["kpis"],
        )

    # founder and founder_fy7: same months, only the grouping differs
    a, b = out_cases["founder"]["years"], out_cases["founder_fy7"]["years"]
    for k in ("revenue", "operatingCashFlow", "financing", "newArr", "expansionArr", "churnedArr"):
        check(rel(math.fsum(y[k] for y in a), math.fsum(y[k] for y in b)) <= TOL_ID,
              f"founder vs founder_fy7 total {k}")
    check(a[-1]["closingArr"] == b[-1]["closingArr"], "founder vs fy7 closing")
    fy = [(y["label"], y["firstMonth"], y["lastMonth"], y["months"]) for y in b]
    check(fy == [("FY2027", 1, 6, 6), ("FY2028", 7, 18, 12), ("FY2029", 19, 30, 12),
                 ("FY2030", 31, 42, 12), ("FY2031", 43, 54, 12), ("FY2032", 55, 60, 6)],
          f"fy7 grouping {fy}")
    check(sum(y["financing"] for y in b if y["label"] == "FY2028") == 20000000.0,
          "funding of month 9 lands in FY2028")
    checks.append(dict(case="founder_fy7", name="FY grouping FY2027 = months 1-6 (partial), FY2028 = 7-18, ..., FY2032 = 55-60 (partial); totals equal founder's"))

    source = (
        "this independent script (test/reference/make_years_reference.py): the base "
        "case's monthly projection from make_founder_reference.py (the v3 model written "
        "from shared/spec/model.md only, independent of the TypeScript), aggregated "
        "into (fiscal) years per shared/spec/workbook.md 'Beekeeper Years'. "
        "Not-meaningful figures are null. " + PARTIAL_RULE)
    notes = [
        "Years: without startDate, years of 12 months from month 1 ('Year k'); with "
        "startDate, fiscal years by fiscalYearStart named by the calendar year they end "
        "in ('FY2027' = 2026-07..2027-06 for fiscalYearStart 7); with fiscalYearStart 1 "
        "the fiscal year is the calendar year. months < 12 -> partial = true.",
        "openingArr of the first year = initialArr (ARR_0); of every later year = the "
        "previous year's closingArr. closingArr = ARR at the year's last month.",
        "grossMargin = 1 - sum costOfRevenue / sum revenue over the year (not the last "
        "month's margin, which is the KPI grossMargin).",
        "netDollarRetention = prod over the year's months of (1 - c_t)(1 + x_t), the "
        "model's carry of the opening cohort; given even when openingArr = 0 (defaults, "
        "Year 1), where the ratio definition is 0/0. Partial years: product over their "
        "months, not annualised.",
        "netNewArr = closingArr - openingArr; netBurn = -operatingCashFlow when it is "
        "negative, else 0; burnMultiple = netBurn / netNewArr, null when netNewArr <= 0, "
        "0 when the year's operating cash flow is >= 0. Operating cash flow only: "
        "financing does not enter (model.md: funding is not operations).",
        "acquisitionSpend = sum_t acquisitionCost_t x newCustomers_t (the per-customer "
        "part of sales and marketing, without marketingCosts and education); "
        "cacPaybackMonths = acquisitionSpend / (newArr x grossMargin of the year) x 12, "
        "null when newArr x grossMargin <= 0. newArr is the year's gross new ARR (sum "
        "newArr_t), not net new ARR.",
        "magicNumber = netNewArr / sum salesMarketingCost of the year (all of sales and "
        "marketing: acquisition + marketingCosts + education), null when that is <= 0.",
        "ruleOf40 = revenueGrowth + operatingCashFlowMargin, as fractions (0.4 = 40 %); "
        "revenueGrowth = sum R / sum R of the year before - 1, null for the first year, "
        "when the year before has no revenue, and (choice) when this year or the year "
        "before is partial; see ruleOf40AsIs and ruleOf40PerMonth for the two other "
        "readings on partial years.",
        "customers, members, engineers, cash: values at the year's last month.",
        "bridgeResidual = opening + new + expansion - churned - closing (about 0).",
    ]
    out = dict(
        generated_by="test/reference/make_years_reference.py (Python %s, standard library only)"
                     % sys.version.split()[0],
        source=source,
        partialYears=PARTIAL_RULE,
        notes=notes,
        figures=FIGURES,
        defaults=DEFAULTS,
        checks=checks,
        cases=out_cases,
    )
    with open(OUT, "w") as fh:
        json.dump(out, fh, indent=1, allow_nan=False)
        fh.write("\n")
    with open(OUT) as fh:
        json.load(fh)

    print("wrote", OUT)
    print("timings (s):", timings, "total", round(time.time() - t0, 1))
    for name in out_cases:
        print("\n==", name)
        for y in out_cases[name]["years"]:
            print(y["label"], y["firstMonth"], y["lastMonth"], y["months"],
                  "partial" if y["partial"] else "")
            for k in FIGURES:
                print("   %-24s %r" % (k, y[k]))


if __name__ == "__main__":
    main()
