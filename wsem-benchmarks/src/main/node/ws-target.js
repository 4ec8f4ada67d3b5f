// The raw Node ws target, the practical floor of a WebSocket server: every text message
// on /raw is sent as-is to every other open client (the same as the raw Tomcat target).
// GET /bench/memory collects garbage and answers the heap in use (node --expose-gc).
'use strict';
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const port = Number(process.argv[2] || 8085);
const server = http.createServer((req, res) => {
  if (req.url === '/bench/memory') {
    global.gc();
    global.gc();
    const m = process.memoryUsage();
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ heapUsed: m.heapUsed + m.external, heapCommitted: m.heapTotal }));
    return;
  }
  res.writeHead(404);
  res.end();
});
const wss = new WebSocketServer({ server, path: '/raw', perMessageDeflate: false, clientTracking: true });
wss.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    for (const other of wss.clients) {
      if (other !== socket && other.readyState === WebSocket.OPEN) {
        other.send(data, { binary: isBinary });
      }
    }
  });
});
server.listen(port, '127.0.0.1', () => console.log('READY ws ' + require('ws/package.json').version));
