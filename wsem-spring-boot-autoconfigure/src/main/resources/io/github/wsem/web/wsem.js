/*
 * wsem.js: the browser client of wsem (WebSocket Event Manager), wire protocol version 1.
 * Served as a classic script at /wsem.js (global WsEventMgr) and as an ES module at
 * /wsem.mjs (the same text plus `export`). No dependencies; the API is in wsem.d.ts.
 * Transports: WebSocket, and Server-Sent Events (stream) with HTTP POST (client frames).
 */
var WsEventMgr = (function () {
  'use strict';

  // Written in by the server; the file served as-is falls back to the default endpoint.
  var endpoint = "__WSEM_ENDPOINT__";
  var registerEvent = "__WSEM_REGISTER__";
  var unregisterEvent = "__WSEM_UNREGISTER__";
  if (registerEvent.indexOf('__') === 0) registerEvent = 'wsem:register';
  if (unregisterEvent.indexOf('__') === 0) unregisterEvent = 'wsem:unregister';
  if (endpoint.indexOf('__') === 0) {
    endpoint = '/wsem';
  }

  // Names of the client's own events: in the reserved wsem: namespace, so that every
  // application event name can be received; never registered on the server.
  var LOCAL_EVENTS = new Set(['wsem:open', 'wsem:close', 'wsem:reconnecting', 'wsem:error', 'wsem:message']);
  // A non-JSON frame (PROTOCOL.md section 6) goes to the listeners of this event.
  var RAW_EVENT = 'message';
  // Most frames, and characters, of one SSE POST (the server takes up to 64 frames).
  var MAX_BATCH = 64;
  var MAX_BATCH_LENGTH = 60000;
  var RECONNECT_DEFAULTS = { minDelay: 500, maxDelay: 10000, factor: 2, jitter: 0.5 };

  // The origin the script was loaded from (classic scripts only), captured at load time.
  var scriptOrigin = (function () {
    try {
      var script = typeof document !== 'undefined' ? document.currentScript : null;
      var origin = script && script.src ? new URL(script.src).origin : null;
      return origin && origin !== 'null' ? origin : null;
    } catch (e) {
      return null;
    }
  })();

  // One entry per transport: connect(url, options, on) returns {send(text), close(code, reason)}
  // and reports through on.message(text), on.error(err) and on.close({code, reason}).
  var TRANSPORTS = {
    websocket: {
      supported: function () {
        return typeof WebSocket === 'function';
      },
      connect: function (url, options, on) {
        var socketUrl = new URL(url);
        socketUrl.protocol = socketUrl.protocol.replace(/^http/, 'ws');
        var ws = new WebSocket(socketUrl.href, options.protocols);
        ws.onmessage = function (e) { on.message(e.data); };
        ws.onerror = function () { on.error(wsemError('transport', 'WebSocket error')); };
        ws.onclose = function (e) { on.close({ code: e.code, reason: e.reason }); };
        return {
          send: function (text) { ws.send(text); },
          close: function (code, reason) {
            ws.onmessage = ws.onerror = ws.onclose = null;
            ws.close(code, reason);
          }
        };
      }
    },
    sse: {
      supported: function () {
        return typeof EventSource === 'function' && typeof fetch === 'function';
      },
      connect: connectSse
    }
  };

  // SSE: GET {url}/sse?frames=1 brings every frame as one message; frames go out as
  // POST {url}/emit, one request at a time so that the server reads them in call order.
  // With Wsem-Ack: stream the server answers each POST once its frames are dispatched and
  // sends their acks on the stream, so a slow handler or a waiting send holds up nothing.
  // What queues meanwhile goes in the next POST, one frame a line (application/x-ndjson).
  function connectSse(url, options, on) {
    var streamUrl = httpUrl(url, '/sse');
    streamUrl.searchParams.set('frames', '1');
    var emitUrl = httpUrl(url, '/emit').href;
    // Cross-origin, send cookies as a WebSocket handshake would (the server must allow it by CORS).
    var crossOrigin = typeof location !== 'undefined' && streamUrl.origin !== location.origin;
    var source = new EventSource(streamUrl.href, { withCredentials: crossOrigin });
    var client = null; // {id, token} from wsem:welcome
    var queue = [];
    var busy = false;
    var closed = false;

    function close() {
      closed = true;
      queue = [];
      source.onmessage = source.onerror = null;
      source.close();
    }

    function fail(err, info) {
      close();
      on.error(err);
      on.close(info);
    }

    function post() {
      if (busy || closed || queue.length === 0) {
        return;
      }
      busy = true;
      var frames = [queue.shift()];
      var length = frames[0].length;
      while (queue.length > 0 && frames.length < MAX_BATCH && length + queue[0].length < MAX_BATCH_LENGTH) {
        length += queue[0].length + 1;
        frames.push(queue.shift());
      }
      fetch(emitUrl, {
        method: 'POST',
        headers: {
          'Content-Type': frames.length > 1 ? 'application/x-ndjson' : 'application/json',
          'Wsem-Client': client.id,
          'Wsem-Token': client.token,
          'Wsem-Ack': 'stream'
        },
        body: frames.join('\n'),
        credentials: crossOrigin ? 'include' : 'same-origin'
      })
        .then(function (response) {
          return response.text().then(function (body) {
            if (!closed) {
              answered(response.status, body);
            }
          });
        })
        .catch(function (err) {
          if (!closed) {
            on.error(wsemError('transport', 'POST ' + emitUrl + ' failed: ' + (err && err.message)));
          }
        })
        .then(function () {
          busy = false;
          post();
        });
    }

    // 200 carries the answer frame, 202 nothing; 413 carries a too_large frame as WebSocket would.
    function answered(status, body) {
      var frame = parseFrame(body);
      if (status === 403) {
        var data = frame ? frame.data : null;
        var reason = (data && data.message) || 'Forbidden';
        fail(wsemError('transport', 'POST ' + emitUrl + ' answered 403: ' + reason, data), { code: 1008, reason: reason });
      } else if ((status >= 200 && status < 300 && body) || frame) {
        on.message(body);
      } else if (status >= 300) {
        on.error(wsemError('transport', 'POST ' + emitUrl + ' answered ' + status));
      }
    }

    source.onmessage = function (e) {
      var frame = client ? null : parseFrame(e.data);
      if (frame && frame.event === 'wsem:welcome' && frame.data) {
        client = { id: frame.data.id, token: frame.data.token };
      }
      on.message(e.data);
    };
    // Closed at once: the client's own backoff reconnects and re-registers, as for WebSocket.
    source.onerror = function () {
      fail(wsemError('transport', 'EventSource error'), { code: 1006, reason: '' });
    };
    return {
      send: function (text) {
        if (!closed) {
          queue.push(text);
          post();
        }
      },
      // The server takes the old id too, so POSTs already on their way stay valid.
      renamed: function (id) {
        if (client) {
          client.id = id;
        }
      },
      close: close
    };
  }

  function wsemError(code, message, data) {
    var err = new Error(message || code);
    err.code = code;
    err.data = data === undefined ? null : data;
    return err;
  }

  // Absolute URL of the server: option url (ws:, wss:, http:, https: or a path) or the endpoint.
  function resolveUrl(url) {
    var base = scriptOrigin || (typeof location !== 'undefined' ? location.origin : undefined);
    return new URL(url || endpoint, base).href;
  }

  // The http(s) URL of path below the server URL, keeping its query.
  function httpUrl(url, path) {
    var result = new URL(url);
    result.protocol = result.protocol.replace(/^ws/, 'http');
    result.pathname = result.pathname.replace(/\/+$/, '') + path;
    result.hash = '';
    return result;
  }

  // A JSON object with a string event, or null for anything else (raw frames, section 6).
  function parseFrame(text) {
    var frame;
    try {
      frame = JSON.parse(text);
    } catch (e) {
      return null;
    }
    var isObject = frame !== null && typeof frame === 'object' && !Array.isArray(frame);
    return isObject && typeof frame.event === 'string' ? frame : null;
  }

  function checkName(event) {
    if (typeof event !== 'string' || event === '') {
      throw new TypeError('wsem: event must be a non-empty string');
    }
  }

  // Listener names: an application event, or one of the client's own wsem: events.
  function checkListenerName(event) {
    checkName(event);
    if (event.indexOf('wsem:') === 0 && !LOCAL_EVENTS.has(event)) {
      throw new TypeError('wsem: ' + event + ' is reserved; the client\'s own events are ' +
        Array.from(LOCAL_EVENTS).join(', '));
    }
  }

  // Emitted names: application events only (the server answers wsem: ones with reserved_event).
  function checkEmitName(event) {
    checkName(event);
    if (event.indexOf('wsem:') === 0) {
      throw new TypeError('wsem: ' + event + ' is reserved and cannot be emitted');
    }
  }

  function checkRecipients(to) {
    var valid = (typeof to === 'string' && to !== '') || (Array.isArray(to) && to.length > 0 &&
      to.every(function (id) { return typeof id === 'string' && id !== ''; }));
    if (!valid) {
      throw new TypeError('wsem: send(message, to): to must be a client id or a non-empty array of ids');
    }
  }

  function safeCall(context, fn, args) {
    try {
      fn.apply(context, args);
    } catch (err) {
      console.error('wsem: a callback threw', err);
    }
  }

  class WsEventMgr {
    constructor(options) {
      options = options || {};
      var reconnect = options.reconnect === undefined ? true : options.reconnect;
      this._options = {
        url: resolveUrl(options.url),
        protocols: options.protocols || ['wsem.v1'],
        reconnect: reconnect ? Object.assign({}, RECONNECT_DEFAULTS, reconnect === true ? {} : reconnect) : null,
        ackTimeout: options.ackTimeout === undefined ? 30000 : options.ackTimeout,
        transports: (options.transports || ['websocket']).slice()
      };
      this._names = this._options.transports.filter(function (n) {
        return TRANSPORTS.hasOwnProperty(n) && TRANSPORTS[n].supported();
      });
      if (this._names.length === 0) {
        throw new Error('wsem: no supported transport in [' + this._options.transports.join(', ') + ']');
      }
      this._index = 0; // in _names: the transport of the current or next connection
      this._listeners = new Map(); // event -> callbacks
      this._lastIds = new Map(); // room -> last event id seen
      this._pending = new Map(); // ack -> {text, ack, callback, timer, sent}: requests awaiting an answer
      this._outbox = []; // frames made while not connected, in call order; sent after the next welcome
      this._nextAck = 1;
      this._conn = null;
      this._connected = false;
      this._id = null;
      this._closed = false;
      this._attempt = 0; // reconnection attempts since the last welcome
      this._backoff = 0; // of them, the ones that waited
      this._failures = 0; // connections that got no welcome since the last welcome
      this._timer = null;
      this._connect();
    }

    /** The client id from wsem:welcome, or null while not connected. */
    get id() {
      return this._id;
    }

    /** Whether the connection is open and welcomed. */
    get connected() {
      return this._connected;
    }

    /** The transport of the welcomed connection ('websocket' or 'sse'), or null while not connected. */
    get transport() {
      return this._connected ? this._names[this._index] : null;
    }

    on(event, callback) {
      checkListenerName(event);
      if (typeof callback !== 'function') {
        throw new TypeError('wsem: callback must be a function');
      }
      var callbacks = this._listeners.get(event);
      if (callbacks) {
        callbacks.push(callback);
      } else {
        this._listeners.set(event, [callback]);
        if (this._connected && !LOCAL_EVENTS.has(event)) {
          this._changeRooms(registerEvent, event);
        }
      }
      return this;
    }

    end(event, callback) {
      var callbacks = this._listeners.get(event);
      if (!callbacks) {
        return this;
      }
      if (callback !== undefined && callback !== null) {
        var index = callbacks.lastIndexOf(callback);
        if (index >= 0) {
          callbacks.splice(index, 1);
        }
        if (callbacks.length > 0) {
          return this;
        }
      }
      this._listeners.delete(event);
      this._lastIds.delete(event);
      if (this._connected && !LOCAL_EVENTS.has(event)) {
        this._changeRooms(unregisterEvent, event);
      }
      return this;
    }

    // Fire-and-forget, as the seed's emit(event, data): the frame carries no ack, so the
    // server answers nothing (a failure still arrives as a wsem:error event). With a
    // callback, the frame asks for an ack and the callback gets (err, result).
    emit(event, data, ackCallback) {
      checkEmitName(event);
      if (typeof data === 'function' && ackCallback === undefined) {
        ackCallback = data;
        data = undefined;
      }
      if (typeof ackCallback === 'function') {
        this._request(event, data, ackCallback);
      } else {
        this._post(event, data);
      }
      return this;
    }

    // Socket.IO's emitWithAck: a Promise of the handler's result.
    emitWithAck(event, data) {
      checkEmitName(event);
      return new Promise((resolve, reject) => {
        this._request(event, data, (err, result) => (err ? reject(err) : resolve(result)));
      });
    }

    // WSMsgBroker's send(msg, dest, callback): without a callback nobody may answer (the
    // recipients' respond is a no-op); with one, the first answer calls back (from, answer),
    // and a failure (unknown_client, timeout, ...) calls back (null, undefined, err).
    send(message, to, onAnswer) {
      checkRecipients(to);
      var data = { to: to, message: message };
      if (typeof onAnswer === 'function') {
        this._request('wsem:send', data, (err, answer) => {
          return err ? onAnswer(null, undefined, err) : onAnswer(answer && answer.from, answer && answer.message);
        });
      } else {
        this._post('wsem:send', data);
      }
      return this;
    }

    // A Promise of the first answer, {from, message}.
    sendWithAck(message, to) {
      checkRecipients(to);
      var data = { to: to, message: message };
      return new Promise((resolve, reject) => {
        this._request('wsem:send', data, (err, answer) => {
          return err ? reject(err) : resolve({ from: answer && answer.from, message: answer && answer.message });
        });
      });
    }

    // WSMsgBroker's unregister: a fresh random id without reconnecting (wsem:id); a Promise
    // of the new id.
    releaseId() {
      return this._changeId(undefined);
    }

    // WSMsgBroker's register(id): take that id without reconnecting, where the server allows
    // chosen ids; a Promise of the id.
    takeId(id) {
      if (typeof id !== 'string' || id === '') {
        throw new TypeError('wsem: takeId(id): id must be a non-empty string');
      }
      return this._changeId(id);
    }

    _changeId(id) {
      return new Promise((resolve, reject) => {
        this._request('wsem:id', id, (err, result) => {
          if (err) {
            reject(err);
            return;
          }
          this._id = result.id;
          if (this._conn && this._conn.renamed) {
            this._conn.renamed(result.id);
          }
          resolve(result.id);
        });
      });
    }

    close() {
      if (this._closed) {
        return;
      }
      var conn = this._conn;
      this._conn = null;
      this._connected = false;
      this._shutdown('closed', 'The client was closed');
      if (conn) {
        conn.close(1000, '');
        this._fire('wsem:close', [{ code: 1000, reason: '' }]);
      }
      this._id = null;
    }

    _connect() {
      this._timer = null;
      var conn = null;
      var on = {
        message: (text) => this._conn === conn && this._receive(text),
        error: (err) => this._conn === conn && this._fire('wsem:error', [err]),
        close: (info) => this._conn === conn && this._dropped(info)
      };
      try {
        conn = TRANSPORTS[this._names[this._index]].connect(this._options.url, this._options, on);
      } catch (err) {
        this._fire('wsem:error', [err]);
        this._dropped({ code: 1006, reason: String(err && err.message) });
        return;
      }
      this._conn = conn;
    }

    _receive(text) {
      var frame = typeof text === 'string' ? parseFrame(text) : null;
      if (!frame) {
        this._fire(RAW_EVENT, [text, { event: RAW_EVENT, id: null, raw: true }]);
        return;
      }
      var event = frame.event;
      var data = frame.data;
      if (event === 'wsem:welcome') {
        this._welcome(data || {});
      } else if (event === 'wsem:ack') {
        this._settle(frame.ack, null, data);
      } else if (event === 'wsem:error') {
        var info = data || {};
        var err = wsemError(info.code || 'internal', info.message, data);
        if (frame.ack === undefined) {
          this._error(err);
        } else {
          this._settle(frame.ack, err);
        }
      } else if (event === 'wsem:message') {
        this._direct(data || {});
      } else if (event.indexOf('wsem:') !== 0 && this._listeners.has(event)) {
        var id = frame.id === undefined ? null : frame.id;
        if (id !== null) {
          this._lastIds.set(event, String(id));
        }
        this._fire(event, [data, { event: event, id: id }]);
      }
    }

    _welcome(data) {
      this._id = data.id === undefined ? null : data.id;
      this._connected = true;
      this._attempt = this._backoff = this._failures = 0;
      // The server forgot our rooms: register every event in one frame, resuming where we were.
      var events = Array.from(this._listeners.keys()).filter((e) => !LOCAL_EVENTS.has(e));
      var since = {};
      var resuming = false;
      events.forEach((event) => {
        if (this._lastIds.has(event)) {
          since[event] = this._lastIds.get(event);
          resuming = true;
        }
      });
      if (resuming) {
        this._changeRooms(registerEvent, { events: events, since: since });
      } else if (events.length > 0) {
        this._changeRooms(registerEvent, events.length === 1 ? events[0] : events);
      }
      var outbox = this._outbox;
      this._outbox = [];
      outbox.forEach((entry) => (entry.ack === null || this._pending.has(entry.ack)) && this._transmit(entry));
      this._fire('wsem:open', [data]);
    }

    // A direct message: wsem:message listeners get (message, from, respond); respond.send is
    // WSMsgBroker's response.send.
    _direct(data) {
      var conn = this._conn;
      var reply = data.reply;
      var answered = false;
      var respond = (answer) => {
        if (reply === undefined || reply === null || answered || this._conn !== conn || !this._connected) {
          return;
        }
        answered = true;
        conn.send(JSON.stringify({ event: 'wsem:answer', data: { reply: reply, message: answer } }));
      };
      respond.send = respond;
      this._fire('wsem:message', [data.message, data.from === undefined ? null : data.from, respond]);
    }

    _changeRooms(type, data) {
      this._request(type, data, (err) => {
        if (err && err.code !== 'disconnected' && err.code !== 'closed') {
          this._error(err);
        }
      });
    }

    // Sends a frame with a new ack id now, or queues it until the next welcome.
    _request(event, data, callback) {
      var ack = this._nextAck++;
      var text = JSON.stringify({ event: event, data: data, ack: ack });
      if (this._closed) {
        Promise.resolve().then(() => callback(wsemError('closed', 'The client was closed')));
        return;
      }
      var entry = { text: text, ack: ack, callback: callback, timer: null, sent: false };
      var timeout = this._options.ackTimeout;
      if (timeout > 0 && timeout !== Infinity) {
        entry.timer = setTimeout(() => this._settle(ack, wsemError('timeout', 'No answer within ' + timeout + ' ms')), timeout);
      }
      this._pending.set(ack, entry);
      this._enqueue(entry);
    }

    // Sends a frame without ack now, or queues it until the next welcome; dropped once closed.
    _post(event, data) {
      var text = JSON.stringify({ event: event, data: data });
      if (!this._closed) {
        this._enqueue({ text: text, ack: null, sent: false });
      }
    }

    _enqueue(entry) {
      if (this._connected) {
        this._transmit(entry);
      } else {
        this._outbox.push(entry);
      }
    }

    _transmit(entry) {
      entry.sent = true;
      this._conn.send(entry.text);
    }

    _settle(ack, err, data) {
      var entry = this._pending.get(ack);
      if (!entry) {
        return;
      }
      this._pending.delete(ack);
      clearTimeout(entry.timer);
      safeCall(this, entry.callback, err ? [err] : [null, data]);
    }

    _dropped(info) {
      var welcomed = this._connected;
      this._conn = null;
      this._connected = false;
      this._pending.forEach((entry, ack) => {
        if (entry.sent) {
          this._settle(ack, wsemError('disconnected', 'The connection was lost'));
        }
      });
      this._fire('wsem:close', [info]);
      this._id = null;
      if (this._closed) {
        return;
      }
      var delay = this._nextDelay(welcomed);
      if (delay === null) {
        this._shutdown('disconnected', 'The connection was lost');
        return;
      }
      this._attempt++;
      this._fire('wsem:reconnecting', [{ attempt: this._attempt, delay: delay, transport: this._names[this._index] }]);
      if (!this._closed) {
        this._timer = setTimeout(() => this._connect(), delay);
      }
    }

    // The delay before the next connection, or null for none. A connection that got no welcome
    // hands over to the next transport, at once while some transport has not failed since the
    // last welcome (a fallback is not a reconnection); otherwise wait with exponential backoff.
    _nextDelay(welcomed) {
      if (!welcomed) {
        this._index = (this._index + 1) % this._names.length;
        if (++this._failures < this._names.length) {
          return 0;
        }
      }
      var options = this._options.reconnect;
      if (!options) {
        return null;
      }
      var delay = Math.min(options.maxDelay, options.minDelay * Math.pow(options.factor, this._backoff++));
      return Math.round(delay * (1 - options.jitter * Math.random()));
    }

    // No more connections: every pending request fails with the given code.
    _shutdown(code, message) {
      this._closed = true;
      clearTimeout(this._timer);
      this._timer = null;
      this._outbox = [];
      Array.from(this._pending.keys()).forEach((ack) => this._settle(ack, wsemError(code, message)));
    }

    _error(err) {
      if (!this._fire('wsem:error', [err])) {
        console.error('wsem:', err.code, err.message);
      }
    }

    _fire(event, args) {
      var callbacks = this._listeners.get(event);
      if (!callbacks) {
        return false;
      }
      callbacks.slice().forEach((callback) => safeCall(this, callback, args));
      return true;
    }
  }

  return WsEventMgr;
})();

if (typeof globalThis !== 'undefined' && !globalThis.WsEventMgr) {
  globalThis.WsEventMgr = WsEventMgr;
}
