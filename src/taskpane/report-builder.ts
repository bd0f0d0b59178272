/**
 * The statistics and the report of a finished run, built off the pane's thread. Analysing
 * 100,000 trials (sorting every KPI, the sensitivity's ranks) takes about two seconds and the
 * report a few tenths more: on the page's thread that would freeze the pane and Excel with it.
 * So the pane sends the run to a Web Worker (webpack entry `report-worker`), transferring its
 * arrays (the page no longer needs them), and gets back the report, ready for the Excel writer,
 * and the headline.
 *
 * The run's inputs hold quantile functions, which do not cross threads: the request carries the
 * assumptions table they were read from, and the worker reads it again (the same validation,
 * so the same inputs), with the plan, the correlations and the history, which are plain rows. The
 * posterior's summary (its method and effective sample size) crosses with the run's arrays.
 */
import type { SimulationRun } from '../engine/simulation';
import { analyze, SimulationAnalysis } from '../engine/simulation-results';
import { InputTable, readSimulationTable, withCorrelations, withHistory, withPlan } from '../engine/simulation-inputs';
import type { History } from '../model/history';
import type { Correlations } from '../engine/correlation-table';
import type { Plan } from '../model/plan';
import { buildReport, RunInfo } from '../report/build';
import { compareVerdictText } from '../report/sheets/summary';
import type { Report } from '../report/types';
import type { Summary } from '../engine/statistics';
import type { Scenario } from '../model';

/** P10, P50 and P90 of a KPI; undefined where the KPI exists in no trial. */
export type Spread = Pick<Summary, 'p10' | 'p50' | 'p90'> | undefined;

/** The figures the pane shows after a run, per scenario. */
export interface HeadlineScenario {
  readonly scenario: Scenario;
  readonly arr: Spread;
  readonly npv: Spread;
  readonly probabilityNpvPositive: number;
  readonly probabilityCashNegative: number;
}

export interface Headline {
  /** The horizon: ARR is at this month. */
  readonly months: number;
  readonly scenarios: readonly HeadlineScenario[];
  /** Compare runs: "Beekeeper beats proprietary on NPV in 86 % of trials; …". */
  readonly verdict?: string;
}

const spread = (s: Summary | undefined): Spread => (s ? { p10: s.p10, p50: s.p50, p90: s.p90 } : undefined);

/**
 * The headline of a run: ARR and NPV spreads and the two chances, per scenario.
 *
 * @example headlineOf(analyze(run), 60).scenarios[0].arr // { p10: 6.3e6, p50: 1.91e7, p90: 5.81e7 }
 */
export function headlineOf(analysis: SimulationAnalysis, months: number): Headline {
  return {
    months,
    scenarios: analysis.scenarios.map((s) => ({
      scenario: s.scenario,
      arr: spread(s.kpis.arr),
      npv: spread(s.kpis.npv),
      probabilityNpvPositive: s.probabilityNpvPositive,
      probabilityCashNegative: s.probabilityCashNegative,
    })),
    ...(analysis.npvVerdict ? { verdict: compareVerdictText(analysis) } : {}),
  };
}

/** A finished run as it crosses to the worker: everything but the inputs, which come as their table. */
export interface ReportRequest {
  readonly table: InputTable;
  /** The plan the run carried (plain rows, checked before the run); absent: none. */
  readonly plan?: Plan;
  /** The correlations the run carried (plain rows, checked before the run); absent: none. */
  readonly correlations?: Correlations;
  /** The history the run was conditioned on (plain rows, checked before the run); absent: none. */
  readonly history?: History;
  readonly run: Omit<SimulationRun, 'inputs'>;
  readonly info: RunInfo;
}

export interface BuiltReport {
  readonly report: Report;
  readonly headline: Headline;
}

/**
 * Analyses the run and builds its report: what the worker does, and what a host without
 * workers (the tests) calls directly.
 *
 * @example const { report, headline } = buildRunReport({ table, run, info })
 */
export function buildRunReport(request: ReportRequest): BuiltReport {
  // The pane checked the table, plausibility included, before the run.
  const read = readSimulationTable(request.table, { allowImplausible: true });
  const planned = request.plan ? withPlan(read, request.plan) : read;
  const correlated = request.correlations ? withCorrelations(planned, request.correlations) : planned;
  const inputs = request.history ? withHistory(correlated, request.history) : correlated;
  const run: SimulationRun = { ...request.run, inputs };
  const analysis = analyze(run);
  return { report: buildReport(run, analysis, request.info), headline: headlineOf(analysis, inputs.base.months) };
}

/**
 * The run without its inputs (which hold quantile functions and cannot cross threads).
 *
 * @example reportsInWorker(start)({ table, run: withoutInputs(run), info })
 */
export const withoutInputs = (run: SimulationRun): ReportRequest['run'] => ({
  options: run.options,
  samples: run.samples,
  scenarios: run.scenarios,
  ...(run.posterior ? { posterior: run.posterior } : {}),
});

/** The distinct buffers of the run's arrays, to transfer rather than copy. */
export function runBuffers(run: Omit<SimulationRun, 'inputs'>): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const add = (a: Float64Array) => buffers.add(a.buffer as ArrayBuffer);
  run.samples.forEach(add);
  for (const s of run.scenarios) {
    Object.values(s.kpis).forEach(add);
    for (const m of Object.values(s.monthly)) [m.mean, m.p10, m.p50, m.p90].forEach(add);
  }
  return [...buffers];
}

/** What the worker answers. */
export type ReportReply =
  { readonly ok: true; readonly built: BuiltReport } | { readonly ok: false; readonly message: string };

/** The worker's side: answers each request with its report, or with what went wrong. */
export function serveReportRequest(request: ReportRequest): ReportReply {
  try {
    return { ok: true, built: buildRunReport(request) };
  } catch (e) {
    return { ok: false, message: e instanceof Error ? e.message : String(e) };
  }
}

/** The part of a Worker the pane uses (a stand-in in tests). */
export interface ReportWorker {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: 'message' | 'error', listener: (e: Event) => void): void;
  terminate(): void;
}

/**
 * Builds reports in a worker started for each request and ended after it (a report is built once
 * a run; a worker that lingered would hold its memory). The request's arrays are transferred.
 * Aborting `signal` ends the worker at once and rejects with the signal's reason: a cancel
 * does not wait for a 100,000-trial analysis to finish.
 *
 * @example const build = reportsInWorker(() => new Worker('report-worker.js')); const { report } = await build(request);
 */
export function reportsInWorker(
  start: () => ReportWorker,
): (request: ReportRequest, signal?: AbortSignal) => Promise<BuiltReport> {
  return (request, signal) =>
    new Promise<BuiltReport>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const worker = start();
      const end = () => {
        worker.terminate();
        signal?.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        end();
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort);
      worker.addEventListener('message', (e) => {
        end();
        const reply = (e as MessageEvent).data as ReportReply;
        if (reply.ok) resolve(reply.built);
        else reject(new Error(`could not build the report: ${reply.message}`));
      });
      worker.addEventListener('error', (e) => {
        end();
        reject(new Error(`the report worker failed: ${(e as ErrorEvent).message || 'no reason given'}`));
      });
      worker.postMessage(request, runBuffers(request.run));
    });
}
