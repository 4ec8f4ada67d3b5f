/**
 * Type declarations of wsem.js, the browser client of wsem (WebSocket Event Manager),
 * wire protocol version 1.
 *
 * The same client is served as a classic script at `/wsem.js`, which defines the global
 * `WsEventMgr`, and as an ES module at `/wsem.mjs`, whose named and default export is
 * `WsEventMgr`.
 */

/** Reconnection with exponential backoff after the connection drops. */
export interface WsemReconnectOptions {
  /** Delay before the first attempt, in milliseconds. Default 500. */
  minDelay?: number;
  /** Largest delay between two attempts, in milliseconds. Default 10000. */
  maxDelay?: number;
  /** Factor applied to the delay after each failed attempt. Default 2. */
  factor?: number;
  /** Fraction of the delay (0 to 1) that may be randomly taken off it. Default 0.5. */
  jitter?: number;
}

/**
 * A transport: `'websocket'`, or `'sse'`, an event stream (`GET {url}/sse?frames=1`) with
 * client frames POSTed to `{url}/emit`, for networks where WebSocket cannot get through.
 */
export type WsemTransport = 'websocket' | 'sse';

/** Options of {@link WsEventMgr}. */
export interface WsemOptions {
  /**
   * Server URL: `ws://`, `wss://`, `http://`, `https://` or a path. Default: the configured
   * endpoint (`/wsem`) on the origin the script was loaded from, else on `location.origin`.
   * SSE uses the same URL over http(s), with `/sse` and `/emit` appended to its path.
   */
  url?: string;
  /** WebSocket subprotocols offered to the server. Default `['wsem.v1']`. Not used by SSE. */
  protocols?: string[];
  /**
   * Whether to reconnect after a drop, or how. Default `true`. Falling back to the next of
   * {@link transports} after a failed first connection happens either way.
   */
  reconnect?: boolean | WsemReconnectOptions;
  /**
   * Time to wait for the answer to an `emit` or `send` that asks for one (a callback,
   * {@link WsEventMgr.emitWithAck}, {@link WsEventMgr.sendWithAck}), in milliseconds, before
   * failing with code `'timeout'`; `0` waits forever. Default 30000.
   */
  ackTimeout?: number;
  /**
   * Transports to try, in order; those the browser lacks are skipped. Default `['websocket']`.
   * With `['websocket', 'sse']`, a connection that fails before its welcome hands over to the
   * next transport at once (then with backoff, once every transport has failed). A transport
   * that got a welcome is kept for reconnections until one of them fails.
   */
  transports?: WsemTransport[];
}

/**
 * The failure of a request. `code` is the `wsem:error` code (`no_handler`, `forbidden`,
 * `unknown_client`, `timeout`, ...) or a local one: `'timeout'` (no answer within
 * `ackTimeout`), `'disconnected'` (the connection dropped after the frame was sent),
 * `'closed'` (the client was closed) or `'transport'` (a socket or stream error, or a failed
 * `POST {url}/emit` on SSE; `data` is then the server's `wsem:error` data, if any).
 */
export interface WsemError extends Error {
  code: string;
  /** The `data` of the `wsem:error` frame (`{code, message, ...}`), or null for local errors. */
  data: any;
}

/** The data of the server's `wsem:welcome` frame. */
export interface WsemWelcome {
  /** This client's id, unique across the cluster. */
  id: string;
  /** The protocol version, 1. */
  protocol: number;
  /** The media type the server reads. */
  receive: string;
  /** The media type the server writes. */
  send: string;
  /** SSE only: the secret that authenticates this client's `POST {url}/emit` requests. */
  token?: string;
  [key: string]: unknown;
}

/** What a server event callback gets besides the data. */
export interface WsemEventMeta {
  /** The event name. */
  event: string;
  /** The event id when history is on for the room, else null. */
  id: string | null;
  /**
   * True for a frame that is not a wsem JSON frame (a server's `client.sendText(...)`),
   * handed as its text to the listeners of `message`.
   */
  raw?: boolean;
}

/** The answer to a direct message. */
export interface WsemAnswer<T = any> {
  /** The id of the client that answered first. */
  from: string;
  /** The answer. */
  message: T;
}

/** Information about a closed connection. */
export interface WsemCloseInfo {
  /**
   * The WebSocket close code. SSE: 1006 when the stream fails or ends, 1008 when the server
   * refuses the client's token (403), 1000 on {@link WsEventMgr.close}.
   */
  code: number;
  /** The close reason. */
  reason: string;
}

/** Information about a coming reconnection attempt. */
export interface WsemReconnectInfo {
  /** The attempt number, from 1; back to 1 after a successful welcome. */
  attempt: number;
  /** The delay before the attempt, in milliseconds; 0 when falling back to the next transport. */
  delay: number;
  /** The transport of the attempt. */
  transport: WsemTransport;
}

/** Answers a direct message; also callable as `respond.send(answer)`, WSMsgBroker's `response.send`. */
export interface WsemRespond {
  (answer?: unknown): void;
  send(answer?: unknown): void;
}

/**
 * Receives a direct message (`wsem:message`).
 * @param message the message
 * @param from the sender's client id (`'server'` for application code)
 * @param respond sends an answer when the sender waits for one; otherwise (a `send` without
 *   callback), and after the first call, a no-op
 */
export type WsemMessageListener = (message: any, from: string, respond: WsemRespond) => void;

/**
 * A wsem client: one connection to the server, reconnecting after drops.
 *
 * The client's own events are named `wsem:open`, `wsem:close`, `wsem:reconnecting`,
 * `wsem:error` and `wsem:message` (direct messages): names in the protocol's reserved
 * namespace, so that every application event name, `open` and `message` included, can be
 * received. Every other name passed to {@link on} is an event (a room) registered on the
 * server; other `wsem:` names throw.
 */
export declare class WsEventMgr {
  /**
   * Create a client and start connecting. Frames emitted before the connection is welcomed
   * are queued and sent once it is.
   * @throws Error when none of `options.transports` is supported
   */
  constructor(options?: WsemOptions);

  /** This client's id from `wsem:welcome`; null before it and while disconnected. */
  readonly id: string | null;

  /** Whether the connection is open and welcomed. */
  readonly connected: boolean;

  /** The transport of the welcomed connection; null before the welcome and while disconnected. */
  readonly transport: WsemTransport | null;

  /** Call back after `wsem:welcome`, with its data: on the first connection and after each reconnection. */
  on(event: 'wsem:open', callback: (welcome: WsemWelcome) => void): this;
  /** Call back when a connection closes or fails, including on {@link close}. */
  on(event: 'wsem:close', callback: (info: WsemCloseInfo) => void): this;
  /** Call back before each reconnection attempt, and before falling back to the next transport. */
  on(event: 'wsem:reconnecting', callback: (info: WsemReconnectInfo) => void): this;
  /**
   * Call back with `wsem:error` frames that answer no request (a fire-and-forget emit that
   * failed; without these listeners they are logged with `console.error`), failed room
   * registrations, and transport errors.
   */
  on(event: 'wsem:error', callback: (err: WsemError) => void): this;
  /** Call back with direct messages (WSMsgBroker's `message` event). */
  on(event: 'wsem:message', callback: WsemMessageListener): this;
  /**
   * Call back for each server event of this name. The first callback of an event registers
   * it on the server (`wsem:register`); several callbacks per event are allowed. A callback
   * that throws is logged and does not stop the others. Listeners of `message` also get
   * frames that are not wsem JSON frames, as their text (`meta.raw` is true), and the
   * unnamed events of simple-sse's `send(client, data)`.
   * @param event the event name (not starting with `wsem:`)
   * @param callback called with the event data and `{event, id}`
   * @returns this client
   * @throws TypeError for an empty name or a `wsem:` name other than the client's own events
   */
  on<T = any>(event: string, callback: (data: T, meta: WsemEventMeta) => void): this;

  /**
   * Remove a callback, or all the callbacks of the event when none is given. When the last
   * callback of a server event goes, the event is unregistered on the server (`wsem:unregister`).
   * @returns this client
   */
  end(event: string, callback?: (...args: any[]) => void): this;

  /**
   * Emit an event to the server's handlers, fire-and-forget as the seed's `emit(event, data)`:
   * the frame carries no ack and nothing answers it. A failure (`no_handler` is not one: an
   * event nobody handles is dropped) arrives at the `wsem:error` listeners.
   * @returns this client
   * @throws TypeError when the event is not a non-empty string, starts with `wsem:`, or data
   *   cannot be serialized
   */
  emit(event: string, data?: unknown): this;
  /**
   * Emit an event and ask for the ack, which carries the handler's result.
   * @param ackCallback called with `(null, result)` or `(error)`
   * @returns this client
   */
  emit<T = any>(event: string, data: unknown, ackCallback: (err: WsemError | null, result?: T) => void): this;
  /** Emit an event without data and ask for the ack. */
  emit<T = any>(event: string, ackCallback: (err: WsemError | null, result?: T) => void): this;
  /**
   * Emit an event and ask for the ack, as Socket.IO's `emitWithAck`.
   * @returns a promise of the handler's result, rejected with a {@link WsemError}
   *   (`no_handler`, `timeout`, the handler's own code, ...)
   */
  emitWithAck<T = any>(event: string, data?: unknown): Promise<T>;

  /**
   * Send a direct message to one or more clients by id (`wsem:send`), in WSMsgBroker's order
   * `send(msg, dest, callback)`. Without a callback nobody can answer (the recipients'
   * `respond` is a no-op) and unknown ids are ignored. With one, the first answer from any
   * recipient calls back `(from, answer)`; a failure (`unknown_client`, `timeout` after the
   * server's answer timeout, ...) calls back `(null, undefined, error)`.
   * @returns this client
   * @throws TypeError when `to` is not an id or a non-empty array of ids
   */
  send<T = any>(message: unknown, to: string | string[],
    onAnswer?: (from: string | null, answer: T | undefined, err?: WsemError) => void): this;
  /**
   * Send a direct message that the recipients may answer.
   * @returns a promise of the first answer, rejected with a {@link WsemError}
   *   (`unknown_client`, `timeout`, ...)
   */
  sendWithAck<T = any>(message: unknown, to: string | string[]): Promise<WsemAnswer<T>>;

  /**
   * Give up this client's id for a fresh random one without reconnecting (`wsem:id`),
   * WSMsgBroker's `unregister`: direct messages to the old id get `unknown_client` from then
   * on; the client stays in its rooms.
   * @returns a promise of the new id ({@link WsEventMgr.id} follows), rejected with a
   *   {@link WsemError} (`forbidden` when the id comes from the user)
   */
  releaseId(): Promise<string>;

  /**
   * Take the given id without reconnecting (`wsem:id`), WSMsgBroker's `register(id)`; the
   * server must allow chosen ids (`wsem.allow-chosen-ids`). After a reconnection the client
   * has the id of its new welcome.
   * @returns a promise of the id, rejected with a {@link WsemError}: `id_taken`,
   *   `invalid_id` (`server`, a `wsem:` name, not a valid name) or `forbidden`
   */
  takeId(id: string): Promise<string>;

  /** Close the connection for good: no reconnection; pending requests fail with code `'closed'`. */
  close(): void;
}

export default WsEventMgr;

type WsEventMgrConstructor = typeof WsEventMgr;
type WsEventMgrInstance = WsEventMgr;

declare global {
  /** The wsem client class, defined by the classic script `/wsem.js`. */
  var WsEventMgr: WsEventMgrConstructor;
  type WsEventMgr = WsEventMgrInstance;
}
