/** What the report says about the run beyond its results. */
export interface RunInfo {
  /** Version of Beekeeper that ran it. */
  readonly version: string;
  /** When the run started. */
  readonly startedAt: Date;
  /**
   * The UTC offset, in minutes east of UTC, of the local time the report shows `startedAt` in
   * (+60 for 13:00 local when it is 12:00 UTC). Default: this machine's offset at that time.
   */
  readonly utcOffsetMinutes?: number;
  /** Wall time of the run, in seconds. */
  readonly seconds: number;
  /** Write the per-trial sheet. */
  readonly trialsSheet: boolean;
  /** Where the assumptions came from (a file name, "defaults", a sheet). */
  readonly source: string;
}
