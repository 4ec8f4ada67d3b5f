// The Socket.IO target: clients emit "join" (with an ack) to enter the room "bench";
// a "bench" event is emitted to that room. GET /bench/memory collects garbage and
// answers the heap in use (node --expose-gc).
'use strict';
const http = require('http');
const { Server } = require('socket.io');

const port = Number(process.argv[2] || 8084);
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
const io = new Server(server, { serveClient: false, transports: ['websocket'], perMessageDeflate: false });
io.on('connection', (socket) => {
  socket.on('join', (room, ack) => {
    socket.join(room);
    if (typeof ack === 'function') {
      ack('ok');
    }
  });
  socket.on('bench', (data) => io.to('bench').emit('bench', data));
});
server.listen(port, '127.0.0.1', () => console.log('READY socketio ' + require('socket.io/package.json').version));
