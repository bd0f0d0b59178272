/**
 * The task pane: the assumptions and plan tables, the run (options, progress, cancel), the
 * problems of the tables, the confirmation before an earlier report is replaced, and the headline
 * of the last run. It renders the states of pane-session.ts and nothing else: every number and every Excel call
 * comes from there.
 *
 * Accessibility: native controls with visible labels (Fluent's Field), tab order in reading
 * order, one polite live region that says progress (each tenth) and every outcome; after
 * a run, focus moves to what the run produced (its problems or its results).
 */
import * as React from 'react';
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Select,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import type { SimulationPool } from '../engine/pool';
import { RUN_SCENARIOS } from '../engine/simulation';
import { SAMPLING_METHODS } from '../engine/sampling';
import type { InputProblem } from '../engine/simulation-inputs';
import type { EarlierReport } from '../excel/report-writer';
import { ReportWriteError } from '../excel/report-writer';
import { CreateTableResult, createAssumptionsTable } from '../excel/assumptions-table';
import { PLAN_TABLE, createPlanTable } from '../excel/plan-table';
import { CORRELATIONS_TABLE, createCorrelationsTable } from '../excel/correlation-table';
import { HISTORY_TABLE, createHistoryTable } from '../excel/history-table';
import { sheetOfReference } from '../report/markers';
import {
  DEFAULT_FORM,
  MAX_PANE_TRIALS,
  RunField,
  RunForm,
  SAMPLING_LABELS,
  SCENARIO_LABELS,
  parseRunForm,
} from './run-options';
import {
  AssumptionsCheck,
  ExcelRun,
  Headline,
  PaneHost,
  ReplaceChoice,
  RunOutcome,
  RunProgress,
  checkAssumptions,
  insistsOnAll,
  openSheet,
  runInPane,
  selectReference,
} from './pane-session';
import { compactMoney, nothingRanText, progressText, shareText } from './pane-text';

/** What the page gives the pane: Excel, a pool made on the first run, a clock. */
export interface AppHost {
  readonly excel: ExcelRun;
  readonly pool: () => SimulationPool;
  readonly now: () => number;
  readonly version: string;
  readonly pageSetup: boolean;
  /** Builds the report of a finished run (in a Web Worker in the page). */
  readonly buildReport?: PaneHost['buildReport'];
}

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    maxWidth: '40rem',
    minWidth: 0,
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, minWidth: 0 },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, alignItems: 'end' },
  narrow: { flex: '1 1 7rem', minWidth: 0 },
  // Fluent's inputs have an intrinsic width; at 320 px two side by side must shrink to fit.
  fill: { width: '100%', minWidth: 0 },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
  },
  results: { borderCollapse: 'collapse', width: '100%', fontVariantNumeric: 'tabular-nums' },
  cell: { textAlign: 'right', padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalXS}` },
  rowHead: { textAlign: 'left', fontWeight: tokens.fontWeightRegular, padding: `${tokens.spacingVerticalXXS} 0` },
  hint: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200, margin: 0 },
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

type Phase = 'idle' | 'checking' | 'confirming' | RunProgress['phase'];

const PHASE_LABELS: Record<Phase, string> = {
  idle: '',
  checking: 'Preparing',
  confirming: 'Preparing',
  fitting: 'Fitting the history',
  simulating: 'Simulating',
  building: 'Computing the statistics',
  writing: 'Writing the report',
};

interface Notice {
  readonly intent: 'success' | 'warning' | 'error' | 'info';
  readonly text: string;
}

/** A problem or warning, with its cell as a button that selects it. */
function PlaceList(props: {
  id: string;
  title: string;
  items: readonly InputProblem[];
  excel: ExcelRun;
  onError: (e: unknown) => void;
}) {
  const styles = useStyles();
  if (props.items.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby={props.id}>
      <h2 className={styles.heading} id={props.id} tabIndex={-1}>
        {props.title} ({props.items.length})
      </h2>
      <ul className={styles.list}>
        {props.items.map((p, i) => (
          <li key={`${p.where}-${i}`}>
            <Link as="button" onClick={() => selectReference(props.excel, p.where).catch(props.onError)}>
              {p.where}
            </Link>
            : {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The headline figures of a run, one table per scenario. */
function Results(props: {
  headline: Headline;
  trials: number;
  seconds: number;
  summary: string;
  excel: ExcelRun;
  onError: (e: unknown) => void;
}) {
  const styles = useStyles();
  const { headline } = props;
  return (
    <section className={styles.section} aria-labelledby="results-heading">
      <h2 className={styles.heading} id="results-heading" tabIndex={-1}>
        Results
      </h2>
      <p className={styles.hint}>
        {props.trials.toLocaleString('en-US')} trials in {props.seconds.toFixed(1)} s. P10, P50 and P90: one trial in
        ten is below P10, half below P50, nine in ten below P90.
      </p>
      {headline.scenarios.map((s) => (
        <table className={styles.results} key={s.scenario} aria-label={`Results, ${SCENARIO_LABELS[s.scenario]}`}>
          {headline.scenarios.length > 1 && (
            <caption style={{ textAlign: 'left' }}>{SCENARIO_LABELS[s.scenario]}</caption>
          )}
          <thead>
            <tr>
              <td />
              <th scope="col" className={styles.cell}>
                P10
              </th>
              <th scope="col" className={styles.cell}>
                P50
              </th>
              <th scope="col" className={styles.cell}>
                P90
              </th>
            </tr>
          </thead>
          <tbody>
            {(
              [
                [`ARR at month ${headline.months}`, s.arr],
                ['NPV with exit', s.npv],
              ] as const
            ).map(([label, spread]) => (
              <tr key={label}>
                <th scope="row" className={styles.rowHead}>
                  {label}
                </th>
                {(['p10', 'p50', 'p90'] as const).map((p) => (
                  <td className={styles.cell} key={p}>
                    {spread ? compactMoney(spread[p]) : 'n/a'}
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row" className={styles.rowHead}>
                P(NPV &gt; 0)
              </th>
              <td className={styles.cell} colSpan={3}>
                {shareText(s.probabilityNpvPositive)}
              </td>
            </tr>
            <tr>
              <th scope="row" className={styles.rowHead}>
                P(cash ever below 0)
              </th>
              <td className={styles.cell} colSpan={3}>
                {shareText(s.probabilityCashNegative)}
              </td>
            </tr>
          </tbody>
        </table>
      ))}
      {headline.verdict && <p style={{ margin: 0 }}>{headline.verdict}</p>}
      <Link as="button" onClick={() => openSheet(props.excel, props.summary).catch(props.onError)}>
        Open the Summary sheet ({props.summary})
      </Link>
    </section>
  );
}

/** The confirmation before earlier reports are replaced. */
function ReplaceDialog(props: {
  open: boolean;
  earlier: readonly EarlierReport[];
  onChoice: (choice: ReplaceChoice) => void;
}) {
  // While it closes, the dialog keeps saying what it asked.
  const asked = React.useRef(props.earlier);
  if (props.earlier.length > 0) asked.current = props.earlier;
  const earlier = asked.current;
  const sheets = earlier.flatMap((r) => r.sheets.map((s) => s.sheet));
  return (
    // Always mounted, opened and closed by `open`: Fluent then restores the page it hid from
    // screen readers (aria-hidden) and the focus when the dialog closes.
    <Dialog open={props.open} modalType="alert" onOpenChange={(_, data) => !data.open && props.onChoice('stop')}>
      <DialogSurface aria-describedby="replace-body">
        <DialogBody>
          <DialogTitle>Replace the earlier report?</DialogTitle>
          <DialogContent id="replace-body">
            This workbook holds {earlier.length === 1 ? 'a report' : `${earlier.length} reports`} of an earlier run:{' '}
            {sheets.join(', ')}. Replace deletes {sheets.length === 1 ? 'that sheet' : 'those sheets'} once the new
            report is written; Keep both writes the new one beside it. No other sheet is touched.
          </DialogContent>
          <DialogActions fluid>
            <Button appearance="primary" onClick={() => props.onChoice('replace')}>
              Replace
            </Button>
            <Button onClick={() => props.onChoice('keep')}>Keep both</Button>
            <Button onClick={() => props.onChoice('stop')}>Don't run</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

const errorText = (e: unknown): string => {
  if (e instanceof ReportWriteError)
    return e.removed
      ? `Could not write the report: ${e.message}. Nothing of it is left in the workbook.`
      : `Could not write the report: ${e.message}. Some of its sheets could not be removed; they carry the Beekeeper marker and the next run offers to replace them.`;
  return `Something went wrong: ${e instanceof Error ? e.message : String(e)}`;
};

/** The pane. */
export function App({ host }: { host: AppHost }) {
  const styles = useStyles();
  const [form, setForm] = React.useState<RunForm>(DEFAULT_FORM);
  const [fieldProblems, setFieldProblems] = React.useState<Partial<Record<RunField, string>>>({});
  const [phase, setPhase] = React.useState<Phase>('idle');
  const [progress, setProgress] = React.useState<RunProgress>();
  const [check, setCheck] = React.useState<AssumptionsCheck>();
  const [written, setWritten] = React.useState<Extract<RunOutcome, { kind: 'written' }>>();
  const [notice, setNotice] = React.useState<Notice>();
  const [announcement, setAnnouncement] = React.useState('');
  const [confirm, setConfirm] = React.useState<{
    earlier: readonly EarlierReport[];
    resolve: (c: ReplaceChoice) => void;
  }>();
  const [busyTable, setBusyTable] = React.useState(false);
  // The implausible values the user agreed to run, for this session only (never stored).
  const [insisted, setInsisted] = React.useState<readonly InputProblem[]>([]);
  const abort = React.useRef<AbortController | undefined>(undefined);
  const lastAnnounced = React.useRef(-1);

  const fail = React.useCallback((e: unknown) => setNotice({ intent: 'error', text: errorText(e) }), []);
  const announce = (text: string) => setAnnouncement(text);
  // Focus moves once the element it goes to is rendered (a run's results, its problems, a field).
  const [focusTarget, focus] = React.useState<string>();
  React.useEffect(() => {
    if (!focusTarget) return;
    document.getElementById(focusTarget)?.focus();
    focus(undefined);
  }, [focusTarget]);

  // What the run would read, said once when the pane opens.
  const [unreadable, setUnreadable] = React.useState<string>();
  React.useEffect(() => {
    checkAssumptions(host.excel)
      .then((c) => setCheck(c))
      .catch((e) => setUnreadable(e instanceof Error ? e.message : String(e))); // Run tries again and says why
  }, [host.excel]);

  const update = (field: RunField, value: string | boolean) => {
    setForm((f) => ({ ...f, [field]: value }));
    setFieldProblems((p) => ({ ...p, [field]: undefined }));
  };

  const createTable = (create: (context: Excel.RequestContext) => Promise<CreateTableResult>) => async () => {
    setBusyTable(true);
    setNotice(undefined);
    try {
      const result = await host.excel(create);
      setNotice({ intent: result.created ? 'success' : 'info', text: result.message });
      announce(result.message);
      setCheck(await checkAssumptions(host.excel));
    } catch (e) {
      fail(e);
    } finally {
      setBusyTable(false);
    }
  };

  const onProgress = (p: RunProgress) => {
    setPhase(p.phase);
    setProgress(p);
    // Screen readers hear each tenth, not every block.
    const tenth = Math.floor((10 * p.done) / Math.max(1, p.total));
    const key = ({ fitting: -100, simulating: 0, building: 100, writing: 200 } as const)[p.phase] + tenth;
    if (key !== lastAnnounced.current) {
      lastAnnounced.current = key;
      announce(progressText(p));
    }
  };

  const run = async () => {
    const parsed = parseRunForm(form);
    if (!parsed.ok) {
      setFieldProblems(parsed.problems);
      const first = (['trials', 'seed', 'scenario', 'sampling', 'historyError'] as const).find(
        (f) => parsed.problems[f],
      );
      if (first) focus(`run-${first}`);
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    lastAnnounced.current = -1;
    setNotice(undefined);
    setWritten(undefined);
    setProgress(undefined);
    setPhase('checking');
    announce('Checking the assumptions…');
    try {
      const outcome = await runInPane(
        { ...parsed.run, allowImplausible: insisted },
        { ...host, pool: host.pool() },
        {
          signal: controller.signal,
          onProgress,
          confirmReplace: (earlier) =>
            new Promise<ReplaceChoice>((resolve) => {
              setPhase('confirming');
              setConfirm({ earlier, resolve });
            }),
        },
      );
      if (outcome.kind === 'problems') {
        setCheck(outcome.check);
        const n = outcome.check.problems.length;
        const planned = outcome.check.plan?.problems.length ?? 0;
        const correlated = outcome.check.correlations?.problems.length ?? 0;
        const text = nothingRanText(n, planned, correlated, outcome.check.history?.problems.length ?? 0);
        setNotice({ intent: 'error', text: text.notice });
        announce(text.announcement);
        focus(
          n > 0
            ? 'problems-heading'
            : planned > 0
              ? 'plan-problems-heading'
              : correlated > 0
                ? 'correlation-problems-heading'
                : 'history-problems-heading',
        );
      } else if (outcome.kind === 'stopped') {
        setNotice({ intent: 'info', text: 'Nothing ran; the earlier report is as it was.' });
        announce('Nothing ran.');
      } else if (outcome.kind === 'cancelled') {
        const text = 'Cancelled: nothing was written to the workbook.';
        setNotice({ intent: 'warning', text });
        announce(text);
      } else {
        setCheck(outcome.check);
        setWritten(outcome);
        const replaced = outcome.replaced.length > 0 ? `, replacing ${outcome.replaced.join(', ')}` : '';
        const text = `Report written: ${outcome.sheets.join(', ')}${replaced}.`;
        setNotice({ intent: 'success', text });
        announce(text);
        focus('results-heading');
      }
    } catch (e) {
      fail(e);
      announce(errorText(e));
    } finally {
      abort.current = undefined;
      setConfirm(undefined);
      setPhase('idle');
      setProgress(undefined);
    }
  };

  const running = phase !== 'idle';
  // The dialog closes as soon as it is answered; the run goes on behind it.
  const answer = (choice: ReplaceChoice) => {
    setConfirm(undefined);
    confirm?.resolve(choice);
  };
  const cancel = () => {
    abort.current?.abort();
    answer('stop'); // a confirmation pending when Cancel is pressed is answered "stop"
  };

  const tableText = !check
    ? unreadable
      ? `Could not read the workbook yet (${unreadable}); Run reads it again.`
      : 'Reading the workbook…'
    : check.fromTable
      ? `Runs read the table BeekeeperAssumptions on sheet ${sheetOfReference(check.source)}.`
      : 'This workbook has no assumptions table: runs use the defaults with their default uncertainty. Create the table to edit the inputs.';
  const planText = !check
    ? undefined
    : check.plan
      ? `Runs follow the plan table ${PLAN_TABLE} on sheet ${sheetOfReference(check.plan.source)}.`
      : 'No plan table: the assumptions hold in every month. Create one to plan funding rounds, hiring and price changes by month.';
  const correlationsText = !check
    ? undefined
    : check.correlations
      ? `Runs correlate the inputs as the table ${CORRELATIONS_TABLE} on sheet ${sheetOfReference(check.correlations.source)} says.`
      : 'No correlation table: the uncertain inputs are sampled independently. Create one to give pairs of them a rank correlation.';
  const historyText = !check
    ? undefined
    : check.history
      ? `Runs are conditioned on the history table ${HISTORY_TABLE} on sheet ${sheetOfReference(check.history.source)}.`
      : "No history table: the trials are the assumptions' own uncertainty. Create one to condition them on what already happened.";

  return (
    <main className={styles.root}>
      <section className={styles.section} aria-labelledby="assumptions-heading">
        <h2 className={styles.heading} id="assumptions-heading">
          Assumptions and plan
        </h2>
        <p className={styles.hint}>{tableText}</p>
        {planText && <p className={styles.hint}>{planText}</p>}
        {correlationsText && <p className={styles.hint}>{correlationsText}</p>}
        {historyText && <p className={styles.hint}>{historyText}</p>}
        <div className={styles.row}>
          <Button onClick={createTable(createAssumptionsTable)} disabled={busyTable || running}>
            Create assumptions table
          </Button>
          <Button onClick={createTable(createPlanTable)} disabled={busyTable || running}>
            Create plan table
          </Button>
          <Button onClick={createTable(createCorrelationsTable)} disabled={busyTable || running}>
            Create correlations table
          </Button>
          <Button onClick={createTable(createHistoryTable)} disabled={busyTable || running}>
            Create history table
          </Button>
        </div>
      </section>

      <section className={styles.section} aria-labelledby="run-heading">
        <h2 className={styles.heading} id="run-heading">
          Simulation
        </h2>
        <Field label="Scenario" validationMessage={fieldProblems.scenario}>
          <Select
            id="run-scenario"
            value={form.scenario}
            disabled={running}
            onChange={(_, d) => update('scenario', d.value)}
          >
            {RUN_SCENARIOS.map((s) => (
              <option key={s} value={s}>
                {SCENARIO_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        <div className={styles.row}>
          <Field
            className={styles.narrow}
            label="Trials"
            hint={`1 to ${MAX_PANE_TRIALS.toLocaleString('en-US')}`}
            validationMessage={fieldProblems.trials}
          >
            <Input
              className={styles.fill}
              id="run-trials"
              inputMode="numeric"
              value={form.trials}
              disabled={running}
              onChange={(_, d) => update('trials', d.value)}
            />
          </Field>
          <Field className={styles.narrow} label="Seed" hint="0 to 100,000,000" validationMessage={fieldProblems.seed}>
            <Input
              className={styles.fill}
              id="run-seed"
              inputMode="numeric"
              value={form.seed}
              disabled={running}
              onChange={(_, d) => update('seed', d.value)}
            />
          </Field>
        </div>
        <Field label="Sampling" validationMessage={fieldProblems.sampling}>
          <Select
            id="run-sampling"
            value={form.sampling}
            disabled={running}
            onChange={(_, d) => update('sampling', d.value)}
          >
            {SAMPLING_METHODS.map((s) => (
              <option key={s} value={s}>
                {SAMPLING_LABELS[s]}
              </option>
            ))}
          </Select>
        </Field>
        {(check?.history || fieldProblems.historyError) && (
          <Field
            className={styles.narrow}
            label="History error (σ)"
            hint="For history rows with an empty error cell: σ of ln value, 0.1 is about ±10 %"
            validationMessage={fieldProblems.historyError}
          >
            <Input
              className={styles.fill}
              id="run-historyError"
              inputMode="decimal"
              value={form.historyError}
              disabled={running}
              onChange={(_, d) => update('historyError', d.value)}
            />
          </Field>
        )}
        <Checkbox
          label="Per-trial sheet (one row per trial)"
          checked={form.trialsSheet}
          disabled={running}
          onChange={(_, d) => update('trialsSheet', d.checked === true)}
        />
        <div className={styles.row}>
          <Button appearance="primary" onClick={run} disabled={running}>
            Run simulation
          </Button>
          {running && <Button onClick={cancel}>Cancel run</Button>}
        </div>
        {running && (
          <Field
            label={PHASE_LABELS[phase]}
            hint={
              progress
                ? progressText(progress)
                : phase === 'confirming'
                  ? 'Waiting for your answer…'
                  : 'Checking the assumptions…'
            }
          >
            <ProgressBar
              value={
                progress && progress.phase !== 'building' ? progress.done / Math.max(1, progress.total) : undefined
              }
              max={1}
            />
          </Field>
        )}
      </section>

      {notice && (
        <MessageBar intent={notice.intent}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}

      {check && (
        <PlaceList
          id="problems-heading"
          title="Problems in the assumptions table"
          items={check.problems}
          excel={host.excel}
          onError={fail}
        />
      )}
      {check && check.implausible.length > 0 && (
        <Checkbox
          id="run-implausible"
          label="Run values outside the plausible ranges"
          checked={insistsOnAll(check, insisted)}
          disabled={running}
          onChange={(_, d) => setInsisted(d.checked === true ? check.implausible : [])}
        />
      )}
      {check?.plan && (
        <PlaceList
          id="plan-problems-heading"
          title="Problems in the plan table"
          items={check.plan.problems}
          excel={host.excel}
          onError={fail}
        />
      )}
      {check?.correlations && (
        <PlaceList
          id="correlation-problems-heading"
          title="Problems in the correlation table"
          items={check.correlations.problems}
          excel={host.excel}
          onError={fail}
        />
      )}
      {(check?.correlations?.mendable || form.nearestCorrelations) && (
        <Checkbox
          id="run-nearest-correlations"
          label="Run the nearest valid correlations (a warning lists each pair changed)"
          checked={form.nearestCorrelations}
          disabled={running}
          onChange={(_, d) => update('nearestCorrelations', d.checked === true)}
        />
      )}
      {check?.history && (
        <PlaceList
          id="history-problems-heading"
          title="Problems in the history table"
          items={check.history.problems}
          excel={host.excel}
          onError={fail}
        />
      )}
      {check && (
        <PlaceList
          id="warnings-heading"
          title="Warnings"
          items={check.warnings.map((w) => ({ where: w.where, message: w.message }))}
          excel={host.excel}
          onError={fail}
        />
      )}

      {written && (
        <Results
          headline={written.headline}
          trials={written.trials}
          seconds={written.seconds}
          summary={written.sheets[0]}
          excel={host.excel}
          onError={fail}
        />
      )}

      <section className={styles.section} aria-labelledby="functions-heading">
        <h2 className={styles.heading} id="functions-heading">
          Formulas
        </h2>
        <p className={styles.hint}>
          Type <code>=OSS.</code> in a cell for the model's functions;{' '}
          <code>=OSS.SIMULATE(&quot;arr&quot;, BeekeeperAssumptions)</code> runs a simulation in a cell.
        </p>
        <Link href="help.html" target="_blank" rel="noopener">
          Reference of the functions and their arguments
        </Link>
      </section>

      <div role="status" aria-live="polite" className={styles.visuallyHidden}>
        {announcement}
      </div>
      <ReplaceDialog open={confirm !== undefined} earlier={confirm?.earlier ?? []} onChoice={answer} />
    </main>
  );
}
