/* global self */
/**
 * The report Web Worker's entry (webpack entry `report-worker`): analyses a finished run and
 * builds its report off the pane's thread (report-builder.ts says why).
 */
import { ReportRequest, serveReportRequest } from './report-builder';

const scope = self as unknown as {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
};
scope.addEventListener('message', (e) => scope.postMessage(serveReportRequest(e.data as ReportRequest)));
