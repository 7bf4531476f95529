// Conformance peer for tests/transport_conformance.rs: the official Node socket.io 4.x server.
//
// Usage: node tests/peer/server.js [--ping-interval MS] [--ping-timeout MS]
//
// Listens on an ephemeral port on 127.0.0.1 with the Agent Manager's path
// `/agent-manager/socket.io/` and prints the port as the first stdout line. Every later stdout
// line is one JSON report of something the server saw (`connection`, `rejected`, `disconnect`),
// so the test can assert on the server's view. The process exits when stdin closes (the test
// holds the pipe), so it never outlives the test even if the kill is missed.
"use strict";

const http = require("http");
const { Server } = require("socket.io");

const argv = process.argv.slice(2);
function numberOption(name, fallback) {
  const i = argv.indexOf("--" + name);
  if (i < 0 || i + 1 >= argv.length) return fallback;
  const n = Number(argv[i + 1]);
  return Number.isFinite(n) ? n : fallback;
}

function report(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

// Anything that is not the socket.io path answers 404 at once, like a reverse proxy would.
const httpServer = http.createServer((req, res) => {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found\n");
});

const io = new Server(httpServer, {
  path: "/agent-manager/socket.io/",
  serveClient: false,
  pingInterval: numberOption("ping-interval", 25000),
  pingTimeout: numberOption("ping-timeout", 20000),
});

// Authentication like the Agent Manager: auth.agent must be a JSON *string* with a username.
io.use((socket, next) => {
  const auth = socket.handshake.auth || {};
  let agent = null;
  if (typeof auth.agent === "string") {
    try {
      agent = JSON.parse(auth.agent);
    } catch (_) {
      agent = null;
    }
  }
  const username = agent && typeof agent.username === "string" ? agent.username : null;
  if (username === null || username === "bad") {
    report({ event: "rejected", username, agentType: typeof auth.agent });
    return next(new Error("login-failed"));
  }
  if (username === "licence") {
    report({ event: "rejected", username, agentType: typeof auth.agent });
    const err = new Error("login-failed");
    err.data = { msg: "licence expired" };
    return next(err);
  }
  socket.data.agent = agent;
  // "slow" holds the CONNECT ack back, so a client that emits before the ack is caught: the
  // server closes a connection that sends an event to a namespace it has not joined yet.
  if (username === "slow") {
    setTimeout(() => next(), 400);
    return;
  }
  next();
});

io.on("connection", (socket) => {
  const username = socket.data.agent.username;
  report({ event: "connection", id: socket.id, username });

  // Sent straight after the CONNECT ack: the client must not lose it.
  socket.emit("hello", {
    auth: socket.handshake.auth,
    agentType: typeof socket.handshake.auth.agent,
    agent: socket.data.agent,
    query: socket.handshake.query,
    transport: socket.conn.transport.name,
  });

  socket.on("echo", (...args) => {
    socket.emit("echo", ...args);
  });

  // The server asks the client for an ack and reports what it got back.
  socket.on("requestAck", (payload) => {
    socket.timeout(5000).emit("onTopicData", payload, (err, ...args) => {
      socket.emit("ackResult", { error: err ? err.message : null, args });
    });
  });

  // The client asks for an ack: answer with what was received.
  socket.on("withAck", (...args) => {
    const cb = args.pop();
    if (typeof cb === "function") cb({ received: args }, "second");
  });

  // The client asks for an ack that never comes.
  socket.on("noAck", () => {});

  socket.on("burst", (n) => {
    const count = Number(n) || 0;
    for (let i = 0; i < count; i++) socket.emit("seq", i);
    socket.emit("burstDone", count);
  });

  socket.on("binary", () => {
    socket.emit("bin", Buffer.from([1, 2, 3]), { note: "has a buffer" });
    socket.emit("afterBinary", "still here");
  });

  socket.on("later", (ms) => {
    setTimeout(() => {
      socket.emit("later", { connected: socket.connected, ms });
    }, Number(ms) || 0);
  });

  // A last event straight before the server-side disconnect (like `socketSessionRemoved`).
  socket.on("kickMe", () => {
    socket.emit("goodbye", "forced logout");
    socket.disconnect(true);
  });

  socket.on("disconnect", (reason) => {
    report({ event: "disconnect", id: socket.id, username, reason });
  });
});

httpServer.listen(0, "127.0.0.1", () => {
  process.stdout.write(String(httpServer.address().port) + "\n");
});

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
