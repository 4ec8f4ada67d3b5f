// The shared to-do list. Every change is made by the server and broadcast as a `todo`
// event to every open page, this one included; after each (re)connect the page asks for
// the whole list with `todos:list`, so it never misses a change made while it was away.
// Text always goes through textContent, never innerHTML. The page speaks WebSocket;
// `?transport=sse` makes it use Server-Sent Events (a stream plus HTTP POSTs), and
// `?transport=auto` tries WebSocket first and falls back to SSE.
(function () {
  'use strict';

  const TRANSPORTS = { websocket: ['websocket'], sse: ['sse'], auto: ['websocket', 'sse'] };
  const TRANSPORT_NAMES = { websocket: 'WebSocket', sse: 'SSE' };
  const requested = new URLSearchParams(location.search).get('transport');
  const wsem = new WsEventMgr({ transports: TRANSPORTS[requested] || TRANSPORTS.websocket });

  const form = document.getElementById('new-todo-form');
  const input = document.getElementById('new-todo');
  const errorBox = document.getElementById('error');
  const list = document.getElementById('todo-list');
  const empty = document.getElementById('empty');
  const count = document.getElementById('count');
  const status = document.getElementById('status');
  const statusText = document.getElementById('status-text');
  const template = document.getElementById('todo-template');
  const transportName = document.getElementById('transport');
  const switchTransport = document.getElementById('switch-transport');

  /** id -> to-do, in list order. */
  let todos = new Map();
  /** `todo` events received while a sync is under way, replayed on top of its result. */
  let pendingChanges = null;
  let syncRun = 0;

  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  // --- connection status -------------------------------------------------------------

  let connected = false;

  function setStatus(state, text) {
    connected = state === 'connected';
    status.dataset.state = state;
    statusText.textContent = text;
  }

  wsem.on('wsem:open', () => {
    const transport = wsem.transport;
    status.dataset.transport = transport;
    setStatus('connected', 'connected · ' + (TRANSPORT_NAMES[transport] || transport));
    transportName.textContent = transport === 'sse' ? 'Server-Sent Events' : 'a WebSocket';
    switchTransport.textContent = transport === 'sse' ? 'try WebSocket' : 'try SSE';
    switchTransport.search = transport === 'sse' ? '' : '?transport=sse';
    sync();
  });
  function lost() {
    delete status.dataset.transport;
    if (navigator.onLine) setStatus('reconnecting', 'reconnecting…');
    else setStatus('offline', 'offline');
  }
  wsem.on('wsem:close', lost);
  wsem.on('wsem:reconnecting', lost);
  window.addEventListener('offline', () => setStatus('offline', 'offline'));
  window.addEventListener('online', () => {
    if (status.dataset.state === 'offline') setStatus('reconnecting', 'reconnecting…');
  });

  // --- the list ----------------------------------------------------------------------

  // Registered before anything is emitted, so the registration reaches the server before
  // `todos:list`: no change can fall between the snapshot and the first event.
  wsem.on('todo', (change) => {
    if (pendingChanges) pendingChanges.push(change);
    apply(change);
    render();
  });

  function sync() {
    const run = ++syncRun;
    pendingChanges = [];
    wsem.emitWithAck('todos:list').then((snapshot) => {
      if (run !== syncRun) return;
      const replay = pendingChanges;
      pendingChanges = null;
      todos = new Map(snapshot.map((todo) => [todo.id, todo]));
      // Changes that arrived while the snapshot was on its way may be newer than it.
      replay.forEach(apply);
      render();
    }).catch((error) => {
      if (run !== syncRun) return;
      pendingChanges = null;
      // A dropped connection syncs again on the next `open`.
      if (connected) showError('Could not load the list: ' + error.message);
    });
  }

  function apply(change) {
    if (!change || typeof change.id !== 'string') return;
    if (change.action === 'deleted') {
      todos.delete(change.id);
    } else if (change.action === 'added' || change.action === 'updated') {
      todos.set(change.id, { id: change.id, text: change.text, done: change.done, createdAt: change.createdAt });
    }
  }

  /** Bring the DOM in line with `todos`, reusing the element of every to-do that stays. */
  function render() {
    const existing = new Map();
    for (const item of list.children) existing.set(item.dataset.id, item);
    let previous = null;
    for (const todo of todos.values()) {
      const item = existing.get(todo.id) || createItem(todo.id);
      existing.delete(todo.id);
      fill(item, todo);
      const wanted = previous ? previous.nextSibling : list.firstChild;
      if (item !== wanted) list.insertBefore(item, wanted);
      previous = item;
    }
    existing.forEach((item) => item.remove());

    const open = [...todos.values()].filter((todo) => !todo.done).length;
    count.textContent = todos.size === 0 ? 'No to-dos'
      : open === 0 ? 'All done!'
        : open === 1 ? '1 item left' : open + ' items left';
    empty.hidden = todos.size !== 0;
  }

  function createItem(id) {
    const item = template.content.firstElementChild.cloneNode(true);
    item.dataset.id = id;
    item.querySelector('.toggle').addEventListener('change', () => request('todo:toggle', id, item));
    item.querySelector('.delete').addEventListener('click', () => {
      item.classList.add('leaving');
      request('todo:delete', id, item);
    });
    return item;
  }

  function fill(item, todo) {
    const text = String(todo.text);
    item.classList.toggle('done', !!todo.done);
    item.querySelector('.toggle').checked = !!todo.done;
    item.querySelector('.toggle').setAttribute('aria-label', (todo.done ? 'Reopen: ' : 'Complete: ') + text);
    item.querySelector('.text').textContent = text;
    item.querySelector('.delete').setAttribute('aria-label', 'Delete: ' + text);
    const created = new Date(todo.createdAt);
    const time = item.querySelector('.created');
    if (!isNaN(created)) {
      time.dateTime = created.toISOString();
      time.textContent = timeFormat.format(created);
      time.title = 'Added ' + dateFormat.format(created);
    }
  }

  /** Ask the server for a change; its `todo` event updates every page, this one too. */
  function request(event, id, item) {
    wsem.emitWithAck(event, { id }).then(hideError, (error) => {
      item.classList.remove('leaving');
      showError(error.message);
      render();
      if (error.code === 'not_found') sync();
    });
  }

  // --- adding ------------------------------------------------------------------------

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value;
    // The new to-do arrives as a `todo` event, like everyone else's.
    wsem.emitWithAck('todo', { text }).then(() => {
      hideError();
      if (input.value === text) input.value = '';
    }).catch((error) => {
      showError(connected ? error.message
        : 'The connection dropped before the to-do was saved. Try again in a moment.', true);
    });
  });

  input.addEventListener('input', () => {
    if (!errorBox.hidden) hideError();
  });

  /** Show a message under the input; `aboutInput` when it is what was typed that is wrong. */
  function showError(message, aboutInput) {
    errorBox.textContent = message || 'Something went wrong.';
    errorBox.hidden = false;
    if (aboutInput) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  }

  function hideError() {
    errorBox.hidden = true;
    errorBox.textContent = '';
    input.removeAttribute('aria-invalid');
  }

  render();
})();
