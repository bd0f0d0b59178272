#!/usr/bin/env python3
"""Independent reference values for the v3 "running company" model (founder cases).

Run:   python3 test/reference/make_founder_reference.py
Writes test/reference/founder.json (next to this script).  About 20 s.

Written from the model specification only (shared/spec/model.md, sections
"Equations, month t", "Monthly outputs", "KPIs", "Assumptions" and "A running
company (v3)": "Today's state: month 0", "The plan: decisions over time"),
in Python 3 with the standard library only.  Nothing from the TypeScript
sources was read.  The employer sums are exact per organisation (no size
buckets): every organisation i carries its own C_i, the terms
(1 - r w_i)^U are evaluated as exp(U log1p(-r w_i)) / expm1, and every sum
over organisations uses math.fsum.

Cases (each records its assumption overrides and plan rows):
  founder          a running company with a plan: funding 20 M at month 9,
                   price 36,000 from month 13, marketing 2 M/yr from month 7,
                   headcount plan 40 engineers from month 4
  founder_no_plan  the same company, no plan
  founder_lag0     founder with hiringLag 0
  v2_defaults      every default, no plan (must be v2's projection)

Order of operations within month t (the spec's equations read top to bottom):
  goodwill G_t -> contributors K_t (from N_{t-1}, G_{t-1}) -> engineers
  (target from R_{t-1} or the headcount plan) -> software S_t and
  attractiveness A_t -> members N_t (Bass with q' = q A_t, then churn on
  N_{t-1}) -> U_t = employedShare N_t -> reached_t, r_t (with G_t, A_t),
  h_i,t (with U_t) -> C_i,t, new_t, churned_t -> price_t, ARR_t -> P&L ->
  cash (with the plan's funding).
Plannable values enter month t as the value in force at month t.
"""

import json
import math
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "founder.json")


def check(cond, msg):
    """Fail loudly: a reference file built on a wrong check is worse than none."""
    if not cond:
        sys.exit("REFERENCE CHECK FAILED: " + msg)


# ---------------------------------------------------------------------------
# Assumptions (spec defaults table + "Today's state" table)
# ---------------------------------------------------------------------------

DEFAULTS = dict(
    months=60, marketSize=500000, initialMembers=2000, innovation=0.01,
    imitation=0.45, memberChurn=0.15, contributorShare=0.03, volunteerFte=0.02,
    employedShare=0.7, organizations=50000, employerSizeSkew=1.0,
    persuasion=0.0005, memberEducation=0, educationUplift=1.0,
    educationCost=400000, communityPitch=0, pitchPenalty=0.3,
    certificationPull=0, annualContractValue=25000, expansion=0.15,
    annualPriceGrowth=0.03, servicesAttach=0.15, customerChurn=0.10,
    proprietaryPriceMultiplier=1.6, sequestrationResentment=0.5,
    goodwillHalfLife=6, foundingEngineers=12, engineerCost=150000,
    reinvestShare=0.3, hiringLag=6, subscriptionMargin=0.85,
    servicesMargin=0.25, acquisitionCost=30000, marketingCosts=1000000,
    otherCostShare=0.15, fixedCosts=1500000, initialCash=15000000,
    initialEffort=20, obsolescence=0.15, qualityElasticity=0.3,
    maxAttractiveness=3, discountRate=0.2, exitArrMultiple=5,
    # v3, today's state
    initialCustomers=0, initialArr=0,
)

PLANNABLE = {
    "annualContractValue", "annualPriceGrowth", "expansion", "servicesAttach",
    "customerChurn", "reinvestShare", "engineerCost", "hiringLag",
    "subscriptionMargin", "servicesMargin", "acquisitionCost",
    "marketingCosts", "educationCost", "memberEducation", "communityPitch",
    "certificationPull", "otherCostShare", "fixedCosts",
}

COLUMNS = [
    "month", "members", "newMembers", "contributors", "goodwill",
    "attractiveness", "engineers", "employersReached", "customers",
    "newCustomers", "churnedCustomers", "subscriptionRevenue",
    "servicesRevenue", "revenue", "arr", "costOfRevenue", "engineeringCost",
    "salesMarketingCost", "otherCost", "cashFlow", "cash",
    # v3, appended after cash
    "financing", "newArr", "expansionArr", "churnedArr",
]

KPI_NAMES = [
    "arr", "revenueTotal", "npv", "breakEvenMonth", "minCash", "customers",
    "members", "customersPerThousandMembers", "fundingNeed", "cashOutMonth",
    "grossMargin", "burnMultiple", "ruleOf40",
]


def monthly(x):
    """monthly(x) = 1 - (1 - x)^(1/12), without cancellation."""
    if x >= 1:
        return 1.0
    return -math.expm1(math.log1p(-x) / 12.0)


def pow12(base_minus_1):
    """(1 + g)^(1/12) for g > -1."""
    return math.exp(math.log1p(base_minus_1) / 12.0)


def zipf_weights(O, s):
    raw = [1.0] * O if s == 0 else [i ** (-float(s)) for i in range(1, O + 1)]
    Z = math.fsum(raw)
    return [x / Z for x in raw]


def one_minus_pow(w, U):
    """1 - (1 - w)^U for 0 <= w <= 1, U >= 0 (reach of one organisation)."""
    if U == 0:
        return 0.0
    if w >= 1:
        return 1.0
    return -math.expm1(U * math.log1p(-w))


# ---------------------------------------------------------------------------
# Plan
# ---------------------------------------------------------------------------

class Plan:
    def __init__(self, rows, months):
        self.steps = {}      # name -> sorted [(month, value)]
        self.funding = {}    # month -> sum
        seen = set()
        for row in rows:
            m, name, v = int(row["month"]), row["name"], float(row["value"])
            check(1 <= m <= months, f"plan month out of range {row}")
            if name == "funding":
                self.funding[m] = self.funding.get(m, 0.0) + v
                continue
            check(name in PLANNABLE or name == "engineers",
                  f"not plannable: {name}")
            check((name, m) not in seen, f"duplicate plan row {name} {m}")
            seen.add((name, m))
            self.steps.setdefault(name, []).append((m, v))
        for lst in self.steps.values():
            lst.sort()

    def value(self, name, t, base):
        """Value in force at month t (base assumption before any row)."""
        v = base
        for m, x in self.steps.get(name, ()):
            if m <= t:
                v = x
            else:
                break
        return v

    def starts_at(self, name, t):
        """Value of a row for `name` that starts exactly at month t, or None."""
        for m, x in self.steps.get(name, ()):
            if m == t:
                return x
        return None

    def fin(self, t):
        return self.funding.get(t, 0.0)


# ---------------------------------------------------------------------------
# Model
# ---------------------------------------------------------------------------

def initial_customer_shares(w, U0, C0):
    """C_i,0 = min(1, kappa rho_i) with sum = C0; rho_i = 1 - (1 - w_i)^U0
    (rho_i = w_i when U0 = 0).  kappa solved exactly: with rho sorted
    descending, try k = 0, 1, ... capped organisations; kappa =
    (C0 - k) / sum_{j >= k} rho_(j), valid when kappa rho_(k) <= 1."""
    O = len(w)
    rho = list(w) if U0 == 0 else [one_minus_pow(x, U0) for x in w]
    if C0 <= 0:
        return [0.0] * O, 0.0, rho
    check(C0 <= O, "initialCustomers > organizations")
    order = sorted(range(O), key=lambda i: -rho[i])
    rs = [rho[i] for i in order]
    # suffix sums (fsum per suffix would be O^2; use a compensated running sum
    # from the tail and then verify with fsum below)
    suffix = [0.0] * (O + 1)
    acc = 0.0
    comp = 0.0
    for j in range(O - 1, -1, -1):      # Kahan from the tail
        y = rs[j] - comp
        tmp = acc + y
        comp = (tmp - acc) - y
        acc = tmp
        suffix[j] = acc
    kappa = None
    for k in range(O + 1):
        if k == O:
            kappa = 1.0 / rs[-1] if rs[-1] > 0 else math.inf
            break
        if suffix[k] <= 0:
            continue
        kap = (C0 - k) / suffix[k]
        if kap * rs[k] <= 1.0 and (k == 0 or kap * rs[k - 1] >= 1.0):
            kappa = kap
            break
    check(kappa is not None, "kappa not found")
    C = [min(1.0, kappa * r) for r in rho]
    # polish kappa on the uncapped set (one Newton step) so fsum hits C0
    for _ in range(3):
        tot = math.fsum(C)
        unc = math.fsum(r for r, c in zip(rho, C) if c < 1.0)
        if unc <= 0 or tot == C0:
            break
        kappa += (C0 - tot) / unc
        C = [min(1.0, kappa * r) for r in rho]
    return C, kappa, rho


def run(overrides=None, plan_rows=(), scenario="beekeeper"):
    a = dict(DEFAULTS)
    for k, v in (overrides or {}).items():
        check(k in a, f"unknown assumption {k}")
        a[k] = v
    T = int(a["months"])
    plan = Plan(plan_rows, T)
    prop = scenario == "proprietary"
    pv = lambda name, t: plan.value(name, t, a[name])   # value in force

    O = int(a["organizations"])
    w = zipf_weights(O, a["employerSizeSkew"])
    l1p_w = [math.log1p(-x) if x < 1 else -math.inf for x in w]

    M = float(a["marketSize"])
    p = float(a["innovation"])
    q = float(a["imitation"])
    delta = 1.0 / 12.0
    leave_rate = monthly(a["memberChurn"])
    gw_step = 1.0 - 2.0 ** (-1.0 / a["goodwillHalfLife"])
    obs_keep = (1.0 - a["obsolescence"]) ** (1.0 / 12.0)
    S0 = float(a["initialEffort"])
    mult = a["proprietaryPriceMultiplier"] if prop else 1.0
    fe = float(a["foundingEngineers"])
    e_share = a["employedShare"]

    # --- month 0 -----------------------------------------------------------
    N = float(a["initialMembers"])
    U0 = e_share * N
    C, kappa, rho = initial_customer_shares(w, U0, float(a["initialCustomers"]))
    ARR = float(a["initialArr"])
    R_prev = (1.0 + a["servicesAttach"]) * ARR / 12.0
    G = 1.0
    Eng = fe
    S = S0
    cash = float(a["initialCash"])
    base_price = None

    cols = {c: [] for c in COLUMNS}
    for t in range(1, T + 1):
        # goodwill
        pitch = pv("communityPitch", t)
        Gstar = 1.0 - a["pitchPenalty"] * pitch - (a["sequestrationResentment"] if prop else 0.0)
        Gstar = min(1.0, max(0.0, Gstar))
        G_prev = G
        G = G_prev + (Gstar - G_prev) * gw_step
        # contributors
        K = a["contributorShare"] * N * G_prev
        # engineers
        eng_cost = pv("engineerCost", t)
        planned_eng = plan.value("engineers", t, None)
        if planned_eng is not None:
            target = max(fe, planned_eng)
        else:
            target = max(fe, pv("reinvestShare", t) * 12.0 * R_prev / eng_cost)
        Eng = Eng + (target - Eng) / max(1.0, pv("hiringLag", t))
        # software and attractiveness
        S = S * obs_keep + delta * (Eng + a["volunteerFte"] * K)
        A = min(a["maxAttractiveness"], (S / S0) ** a["qualityElasticity"])
        # members: exact Bass month with q' = q A, then churn
        qp = q * A
        F0 = N / M
        c_b = (1.0 - F0) / (1.0 + (qp / p) * F0)
        E = math.exp(-(p + qp) * delta)
        F1 = (1.0 - c_b * E) / (1.0 + (qp / p) * c_b * E)
        adopt = M * (F1 - F0)
        leave = N * leave_rate
        N_prev = N
        N = N_prev + adopt - leave
        U = e_share * N
        # employers reached
        if U == 0:
            reached = 0.0
        else:
            reached = math.fsum(1.0 if l == -math.inf else -math.expm1(U * l)
                                for l in l1p_w)
        # conversion
        edu = pv("memberEducation", t)
        r = min(1.0, a["persuasion"] * G * A * (1.0 + a["educationUplift"] * edu))
        cp = pv("certificationPull", t)
        c = monthly(pv("customerChurn", t))
        keep = 1.0 - c
        C_prev_sum = math.fsum(C)
        churned = C_prev_sum * c
        new_terms = [0.0] * O
        newC = [0.0] * O
        for i in range(O):
            rw = r * w[i]
            if U == 0 or rw == 0:
                em = 0.0                      # (1 - rw)^U - 1
            elif rw >= 1:
                em = -1.0
            else:
                em = math.expm1(U * math.log1p(-rw))
            h = cp - (1.0 - cp) * em          # 1 - (1-rw)^U (1-cp)
            kept = C[i] * keep
            nt = (1.0 - kept) * h
            new_terms[i] = nt
            newC[i] = kept + nt
        C = newC
        new = math.fsum(new_terms)
        customers = math.fsum(C)
        # price
        v_acv = plan.starts_at("annualContractValue", t)
        if t == 1:
            base_price = pv("annualContractValue", 1)
        elif v_acv is not None:
            base_price = v_acv
        else:
            base_price = base_price * pow12(pv("annualPriceGrowth", t))
        price = base_price * mult
        # ARR bridge
        x = math.expm1(math.log1p(pv("expansion", t)) / 12.0)
        newArr = new * price
        expansionArr = ARR * keep * x
        churnedArr = ARR * c
        ARR_prev = ARR
        ARR = ARR_prev * keep * (1.0 + x) + newArr
        # revenue and P&L
        sub = ARR / 12.0
        svc = pv("servicesAttach", t) * sub
        R = sub + svc
        cor = (1.0 - pv("subscriptionMargin", t)) * sub + (1.0 - pv("servicesMargin", t)) * svc
        engc = Eng * eng_cost / 12.0
        smc = pv("acquisitionCost", t) * new + (pv("marketingCosts", t) + pv("educationCost", t) * edu) / 12.0
        oth = pv("otherCostShare", t) * R + pv("fixedCosts", t) / 12.0
        CF = R - cor - engc - smc - oth
        fin = plan.fin(t)
        cash = cash + CF + fin
        R_prev = R

        row = dict(month=t, members=N, newMembers=adopt, contributors=K,
                   goodwill=G, attractiveness=A, engineers=Eng,
                   employersReached=reached, customers=customers,
                   newCustomers=new, churnedCustomers=churned,
                   subscriptionRevenue=sub, servicesRevenue=svc, revenue=R,
                   arr=ARR, costOfRevenue=cor, engineeringCost=engc,
                   salesMarketingCost=smc, otherCost=oth, cashFlow=CF,
                   cash=cash, financing=fin, newArr=newArr,
                   expansionArr=expansionArr, churnedArr=churnedArr)
        for k in COLUMNS:
            cols[k].append(row[k])
        # internal checks, every month
        check(abs(ARR - (ARR_prev + newArr - churnedArr + expansionArr))
              <= 1e-9 * max(1.0, ARR), f"ARR bridge month {t}")
        check(abs(customers - (C_prev_sum + new - churned))
              <= 1e-9 * max(1.0, customers), f"customer flow month {t}")
        check(abs(N - (N_prev + adopt - leave)) <= 1e-9 * max(1.0, N),
              f"member flow month {t}")
        check(A <= a["maxAttractiveness"] + 1e-15, "attractiveness bound")

    kpis = compute_kpis(a, cols)
    return dict(assumptions=a, plan=plan, monthly=cols, kpis=kpis,
                kappa=kappa)


def compute_kpis(a, cols):
    T = int(a["months"])
    CF, R, cash, ARR = cols["cashFlow"], cols["revenue"], cols["cash"], cols["arr"]
    d = a["discountRate"]
    npv = math.fsum(CF[t - 1] / (1.0 + d) ** (t / 12.0) for t in range(1, T + 1))
    npv += a["exitArrMultiple"] * ARR[-1] / (1.0 + d) ** (T / 12.0)
    be = None
    for t in range(T, 0, -1):          # first month from which CF >= 0 to T
        if CF[t - 1] >= 0:
            be = t
        else:
            break
    min_cash = min([float(a["initialCash"])] + cash)
    cash_out = next((t for t in range(1, T + 1) if cash[t - 1] < 0), None)
    RT = R[-1]
    gm = None if RT == 0 else 1.0 - cols["costOfRevenue"][-1] / RT
    burn = math.fsum(-x for x in CF if x < 0)
    bm = None if ARR[-1] == 0 else burn / ARR[-1]
    r40 = None
    if T >= 24:
        last = math.fsum(R[T - 12:T])
        prev = math.fsum(R[T - 24:T - 12])
        if prev > 0 and last > 0:
            r40 = (last / prev - 1.0) + math.fsum(CF[T - 12:T]) / last
    NT, CT = cols["members"][-1], cols["customers"][-1]
    return dict(
        arr=ARR[-1], revenueTotal=math.fsum(R), npv=npv, breakEvenMonth=be,
        minCash=min_cash, customers=CT, members=NT,
        customersPerThousandMembers=None if NT == 0 else 1000.0 * CT / NT,
        fundingNeed=max(0.0, -min_cash), cashOutMonth=cash_out,
        grossMargin=gm, burnMultiple=bm, ruleOf40=r40)


# ---------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------

FOUNDER = dict(initialMembers=40000, initialCustomers=150, initialArr=4000000,
               foundingEngineers=25, initialCash=12000000, months=60)
FOUNDER_PLAN = [
    dict(month=9, name="funding", value=20000000),
    dict(month=13, name="annualContractValue", value=36000),
    dict(month=7, name="marketingCosts", value=2000000),
    dict(month=4, name="engineers", value=40),
]
CASES = [
    ("founder", FOUNDER, FOUNDER_PLAN),
    ("founder_no_plan", FOUNDER, []),
    ("founder_lag0", dict(FOUNDER, hiringLag=0), FOUNDER_PLAN),
    ("v2_defaults", {}, []),
]

OPERATING = [c for c in COLUMNS if c not in ("cash", "financing")]


def main():
    t0 = time.time()
    results = {}
    timings = {}
    for name, ov, rows in CASES:
        s = time.time()
        results[name] = run(ov, rows)
        timings[name] = round(time.time() - s, 1)

    # ---- self-checks ------------------------------------------------------
    checks = []
    # (a) ARR bridge identity, every month, every case (also checked inside)
    worst = 0.0
    for name, res in results.items():
        m = res["monthly"]
        prev = float(res["assumptions"]["initialArr"])
        for t in range(len(m["arr"])):
            lhs = m["arr"][t]
            rhs = prev + m["newArr"][t] - m["churnedArr"][t] + m["expansionArr"][t]
            worst = max(worst, abs(lhs - rhs) / max(1.0, abs(lhs)))
            prev = lhs
    check(worst <= 1e-12, f"ARR bridge worst relative error {worst}")
    checks.append(dict(name="ARR bridge ARR_t = ARR_{t-1} + newArr - churnedArr + expansionArr, all cases, all months",
                       worstRelativeError=worst))

    # (b) sum C_i,0 = initialCustomers to 1e-9
    a = dict(DEFAULTS, **FOUNDER)
    w = zipf_weights(int(a["organizations"]), a["employerSizeSkew"])
    U0 = a["employedShare"] * a["initialMembers"]
    C0, kappa, rho = initial_customer_shares(w, U0, float(a["initialCustomers"]))
    s0 = math.fsum(C0)
    check(abs(s0 - a["initialCustomers"]) <= 1e-9, f"sum C_i,0 = {s0!r}")
    check(max(C0) <= 1.0 and min(C0) >= 0.0, "C_i,0 in [0, 1]")
    reached0 = math.fsum(rho)
    checks.append(dict(name="sum_i C_i,0 = initialCustomers (founder)",
                       sumC0=s0, initialCustomers=a["initialCustomers"],
                       kappa=kappa, reached0=reached0,
                       cappedOrganisations=sum(1 for c in C0 if c >= 1.0),
                       absError=abs(s0 - a["initialCustomers"])))

    # (c) funding: founder minus founder-without-funding
    no_fund = run(FOUNDER, [r for r in FOUNDER_PLAN if r["name"] != "funding"])
    f, g = results["founder"]["monthly"], no_fund["monthly"]
    max_dev = 0.0
    for t in range(len(f["cash"])):
        expect = 20000000.0 if t + 1 >= 9 else 0.0
        dev = abs((f["cash"][t] - g["cash"][t]) - expect)
        max_dev = max(max_dev, dev)
        if t + 1 < 9:
            check(f["cash"][t] == g["cash"][t], f"cash before funding month {t+1}")
    check(max_dev <= 1e-6, f"funding cash difference off by {max_dev}")
    for col in OPERATING:
        check(f[col] == g[col], f"funding changed operating output {col}")
    for k in ("npv", "burnMultiple", "ruleOf40", "breakEvenMonth", "revenueTotal"):
        check(results["founder"]["kpis"][k] == no_fund["kpis"][k],
              f"funding changed KPI {k}")
    checks.append(dict(name="funding row: cash(founder) - cash(founder without funding) = 20,000,000 from month 9, 0 before; operating outputs and NPV identical",
                       maxAbsDeviation=max_dev))

    # (d) founder_lag0: engineers = 40 from month 4
    e = results["founder_lag0"]["monthly"]["engineers"]
    dev = max(abs(x - 40.0) for x in e[3:])
    check(dev <= 1e-9, f"lag0 engineers deviate from 40 by {dev}")
    checks.append(dict(name="founder_lag0: engineers = 40 from month 4",
                       maxAbsDeviation=dev, engineersMonths1to3=e[:3]))

    # (e) extra: claim 11 (persuasion 0, certificationPull 0)
    z = run(dict(FOUNDER, persuasion=0), [])
    cc = monthly(DEFAULTS["customerChurn"])
    xx = math.expm1(math.log1p(DEFAULTS["expansion"]) / 12.0)
    dc = da = 0.0
    for t in range(1, 61):
        ec = 150 * (1 - cc) ** t
        ea = 4000000 * ((1 - cc) * (1 + xx)) ** t
        dc = max(dc, abs(z["monthly"]["customers"][t - 1] - ec) / ec)
        da = max(da, abs(z["monthly"]["arr"][t - 1] - ea) / ea)
    check(dc <= 1e-12 and da <= 1e-12, f"claim 11: {dc} {da}")
    checks.append(dict(name="claim 11: founder with persuasion 0: C_t = 150 (1-c)^t, ARR_t = 4e6 ((1-c)(1+x))^t",
                       maxRelDevCustomers=dc, maxRelDevArr=da))

    # (f) v2_defaults equals a run with initialCustomers = initialArr = 0 given explicitly
    v = run(dict(initialCustomers=0, initialArr=0), [])
    for col in COLUMNS:
        check(v["monthly"][col] == results["v2_defaults"]["monthly"][col],
              f"v2 anchor differs in {col}")
    checks.append(dict(name="v2_defaults identical to a run with initialCustomers = initialArr = 0 given explicitly"))

    # ---- JSON -------------------------------------------------------------
    source = ("this independent script (test/reference/make_founder_reference.py): "
              "the v3 model written from shared/spec/model.md only, Python "
              "float with per-organisation exact employer sums (O = 50,000, "
              "no buckets; exp/log1p/expm1, math.fsum); today's state "
              "C_i,0 = min(1, kappa rho_i) with kappa solved exactly; plan "
              "step changes, headcount plan and funding rows per the spec. "
              "Not-available KPIs are null.")
    out = dict(
        generated_by="test/reference/make_founder_reference.py (Python %s, standard library only)"
                     % sys.version.split()[0],
        source=source,
        order_of_operations=("month t: G_t; K_t = contributorShare N_{t-1} G_{t-1}; "
                             "Eng*_t from R_{t-1} (R_0 = (1+servicesAttach) initialArr/12) or the "
                             "engineers plan; Eng_t; S_t; A_t; N_t (Bass with q A_t, churn on N_{t-1}); "
                             "U_t = employedShare N_t; reached_t and h_i,t use U_t; r_t uses G_t, A_t; "
                             "C_i,t; price_t; ARR_t; P&L; Cash_t = Cash_{t-1} + CF_t + Fin_t. "
                             "newMembers = adopt_t (gross Bass adopters, before churn)."),
        columns=COLUMNS,
        kpi_names=KPI_NAMES,
        defaults=DEFAULTS,
        checks=checks,
    )
    for name, ov, rows in CASES:
        res = results[name]
        out[name] = dict(
            source=source, scenario="beekeeper", assumptions=ov,
            plan=rows, monthly=res["monthly"], kpis=res["kpis"])
    with open(OUT, "w") as fh:
        fh.write("{\n")
        items = list(out.items())
        for i, (k, val) in enumerate(items):
            fh.write(" " + json.dumps(k) + ": "
                     + json.dumps(val, separators=(",", ":"), allow_nan=False)
                     + ("," if i < len(items) - 1 else "") + "\n")
        fh.write("}\n")
    with open(OUT) as fh:
        json.load(fh)

    # ---- summary ------------------------------------------------------------
    print("wrote", OUT)
    print("timings (s):", timings, "total", round(time.time() - t0, 1))
    print("kappa = %r, reached0 = %.6f, sum C0 = %r" % (kappa, reached0, s0))
    for name in results:
        m = results[name]["monthly"]
        print("\n==", name)
        print("%5s %14s %16s %16s %12s %16s" % ("month", "customers", "arr", "cash", "engineers", "newArr"))
        for t in (1, 4, 9, 12, 13, 24, 36, 60):
            i = t - 1
            print("%5d %14.6f %16.2f %16.2f %12.6f %16.2f" % (
                t, m["customers"][i], m["arr"][i], m["cash"][i],
                m["engineers"][i], m["newArr"][i]))
        print("kpis:", json.dumps(results[name]["kpis"]))


if __name__ == "__main__":
    main()
