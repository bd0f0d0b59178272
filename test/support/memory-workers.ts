/**
 * An in-memory host for the engine's pool: each "worker" is serveWorker running in this thread,
 * and every message (pool to worker, worker to pool, worker to worker) is a structured clone
 * delivered on a later turn, as between threads. Channel ends are plain numbers that only this
 * host interprets, so they survive the clone like any data.
 */
import type { WorkerHost } from '../../src/engine/pool';
import { ChannelEnd, PeerPort, WorkerPort, serveWorker } from '../../src/engine/worker-protocol';

type Listener = (message: unknown) => void;

/** A one-way mailbox: clones on post, delivers on a later turn, queues until someone listens. */
class Mailbox {
  private listeners: Listener[] = [];
  private queue: unknown[] = [];
  closed = false;

  post(message: unknown): void {
    const copy = structuredClone(message);
    setImmediate(() => (this.listeners.length ? this.listeners.forEach((l) => l(copy)) : this.queue.push(copy)));
  }

  listen(listener: Listener): void {
    this.listeners.push(listener);
    this.queue.splice(0).forEach(listener);
  }
}

export interface MemoryHost extends WorkerHost {
  /** Workers started so far, and how many of them were terminated. */
  readonly started: number;
  readonly terminated: number;
  /** Messages that came with a transfer list, by type. */
  readonly transfers: string[];
}

/** @example const pool = new SimulationPool(3, memoryHost()) */
export function memoryHost(): MemoryHost {
  /** channels[c][side]: the mailbox that side `side` of channel c receives on. */
  const channels: [Mailbox, Mailbox][] = [];
  const peer = (end: ChannelEnd): PeerPort => {
    const { channel, side } = end as { channel: number; side: 0 | 1 };
    const [inbox, outbox] = [channels[channel][side], channels[channel][1 - side]];
    return {
      post: (message) => outbox.post(message),
      onMessage: (listener) => inbox.listen(listener),
      close: () => void (inbox.closed = true),
    };
  };
  const host = {
    started: 0,
    terminated: 0,
    transfers: [] as string[],
    startWorker(): WorkerPort {
      host.started++;
      const [toWorker, toPool] = [new Mailbox(), new Mailbox()];
      let alive = true;
      serveWorker({
        post: (message) => alive && toPool.post(message),
        onMessage: (listener) => toWorker.listen((m) => alive && listener(m)),
        peer,
      });
      return {
        post: (message, transfer) => {
          if (transfer?.length) host.transfers.push((message as { type: string }).type);
          toWorker.post(message);
        },
        onMessage: (listener) => toPool.listen(listener),
        onError: () => undefined, // a function in this thread cannot crash on its own
        terminate: async () => {
          alive = false;
          host.terminated++;
        },
      };
    },
    createChannel(): [ChannelEnd, ChannelEnd] {
      const channel = channels.push([new Mailbox(), new Mailbox()]) - 1;
      return [
        { channel, side: 0 },
        { channel, side: 1 },
      ];
    },
    nextTurn: () => new Promise<void>((resolve) => setImmediate(resolve)),
  };
  return host;
}
