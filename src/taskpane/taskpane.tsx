/* global document, navigator, Worker, Excel, Office */
/**
 * The task pane's entry: waits for Office, then renders the pane (App.tsx) inside Fluent's
 * provider with Excel's light theme. Outside Excel (the page opened in a plain browser) it says
 * where to open it instead of offering buttons that cannot work.
 */
import { createRoot } from 'react-dom/client';
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { SimulationPool } from '../engine/pool';
import { excelRun } from '../excel/excel-run';
import { App, AppHost } from './App';
import { paneWorkers, webWorkerHost } from './web-workers';
import { reportsInWorker } from './report-builder';

/** package.json's version, put in by webpack's DefinePlugin (webpack.config.js). */
declare const __BEEKEEPER_VERSION__: string;

/** One pool for the pane's life: workers stay warm between runs (a cancel or a failure ends them). */
function lazyPool(): () => SimulationPool {
  let pool: SimulationPool | undefined;
  return () => (pool ??= new SimulationPool(paneWorkers(navigator.hardwareConcurrency), webWorkerHost()));
}

Office.onReady((info) => {
  const container = document.getElementById('root');
  if (!container) return;
  const root = createRoot(container);
  if (info.host !== Office.HostType.Excel) {
    root.render(
      <FluentProvider theme={webLightTheme}>
        <p style={{ padding: '0 12px' }}>Open Beekeeper from Excel (Home tab › Beekeeper) to run simulations.</p>
      </FluentProvider>,
    );
    return;
  }
  const host: AppHost = {
    excel: excelRun((options, batch) => Excel.run(options, batch)),
    pool: lazyPool(),
    now: () => Date.now(),
    version: __BEEKEEPER_VERSION__,
    pageSetup: Office.context.requirements.isSetSupported('ExcelApi', '1.9'),
    buildReport: reportsInWorker(() => new Worker('report-worker.js', { name: 'beekeeper-report' })),
  };
  root.render(
    <FluentProvider theme={webLightTheme}>
      <App host={host} />
    </FluentProvider>,
  );
});
