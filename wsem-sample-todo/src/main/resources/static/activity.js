// The activity feed: a plain EventSource on wsem's SSE endpoint, and nothing of wsem.js.
// The server tells every change as an `activity` event, {"text": "...", "at": "..."};
// an event whose data is not such an object (an application may emit a plain string,
// which arrives as-is, its lines joined by "\n") is shown as it came. Text always goes
// through textContent, never innerHTML. EventSource reconnects by itself.
(function () {
  'use strict';

  /** Entries kept on the page, newest first. */
  const MAX_ENTRIES = 50;

  const panel = document.getElementById('activity');
  const feed = document.getElementById('activity-list');
  const empty = document.getElementById('activity-empty');
  const template = document.getElementById('activity-template');
  const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

  // wsem.endpoint is /wsem (application.yml); the stream joins the room `activity`.
  const source = new EventSource('/wsem/sse?events=activity');

  source.addEventListener('open', () => {
    panel.dataset.state = 'live';
  });
  source.addEventListener('error', () => {
    panel.dataset.state = source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting';
  });
  source.addEventListener('activity', (event) => add(read(event.data)));

  function read(data) {
    try {
      const activity = JSON.parse(data);
      if (activity && typeof activity === 'object' && typeof activity.text === 'string') return activity;
    } catch (e) {
      // not JSON: a plain string
    }
    return { text: data, at: null };
  }

  function add(activity) {
    const item = template.content.firstElementChild.cloneNode(true);
    item.querySelector('.activity-text').textContent = activity.text;
    const at = activity.at ? new Date(activity.at) : new Date();
    const time = item.querySelector('.activity-time');
    if (!isNaN(at)) {
      time.dateTime = at.toISOString();
      time.textContent = timeFormat.format(at);
    }
    feed.prepend(item);
    while (feed.children.length > MAX_ENTRIES) feed.lastElementChild.remove();
    empty.hidden = true;
  }
})();
