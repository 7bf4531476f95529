// An independent Agent Manager for tests/am_interop.rs: a second implementation of the
// server side of PROTOCOL.md, written against the official Node socket.io 4.x server, so the
// desk is proven against something other than its own simulator (src/sim).
//
// Usage: node tests/peer/am.js
//
// Listens on 127.0.0.1 (ephemeral port) and prints the port as the first stdout line. The AM
// lives under a base path other than the simulator's, `/cx/agent-manager`, so the desk's path
// derivation is exercised:
//
//   POST /cx/agent-manager/agent/login      login.response.json for sana/pw, else 401 login.error.json
//   GET  /unified-admin/reasons             reasons.json; needs `Authorization: Bearer <login token>`
//   GET  /routing-engine/precision-queues/available-agents   available-agents.json (bearer needed)
//   POST /realtime-reports/queue-active-chats/detail          conversation B as one live chat, in a
//                                           flat list (a shape variant the desk must read too)
//   POST /realtime-reports/agent-activity/detail              404: a server without that report
//   socket.io at /cx/agent-manager/socket.io/
//   pull mode and team announcements: see pull_announce.js
//   bot suggestions, the response SLA, raised hands: see answer_faster.js
//
// Transfer, conference, consult (PROTOCOL.md §2/§3): directTransferRequest → agentAssistanceRequestPlaced
// then topicUnsubscription.transferred.json; directConferenceRequest → agentAssistanceRequestPlaced
// (conference) then AGENT_SUBSCRIBED of the available agent; consultRequest → agentAssignedForAssistance
// then AGENT_SUBSCRIBED of that agent as ASSISTANT; consultTransferRequest → consulTransferRequestSuccess
// then topicUnsubscription.transferred.json. A request naming another queue or agent than the fixture's
// gets `errors {task, msg: "Queue not found" | "Agent not found"}`.
//
// Supervisor (sana has the role): JoinAsSilentMonitor → taskRequest SILENT_MONITOR / STARTED
// (taskRequest.consult_started.json with that direction: the desk's other join path), and its
// topicSubscription (role SILENT_MONITOR) → onTopicData of conversation B with the desk's participant;
// JoinAsBargin → cimEvent.participant_role_changed.json (sana → PRIMARY); joinAsWhisper → the same
// with role WHISPER; a WHISPER_MESSAGE is echoed like an AGENT_MESSAGE (never a delivery notification).
//
// Every payload sent is a fixture from tests/fixtures, verbatim except for the ids and the
// state fields named where it is sent. Test control (not part of the protocol):
//
//   GET  /__records                         everything seen so far, as JSON (see `record`)
//   POST /__disconnect                      `socket.disconnect(true)` every agent socket
//   POST /__drop                            close every agent's connection under socket.io
//                                           (a network loss: no DISCONNECT packet)
//
// The process exits when its stdin closes (the test holds the pipe).
"use strict";

const fs = require("fs");
const http = require("http");
const path = require("path");
const { Server } = require("socket.io");
const pullAnnounce = require("./pull_announce");
const answerFaster = require("./answer_faster");

const BASE = "/cx/agent-manager";
const FIXTURES = path.join(__dirname, "..", "fixtures");

function fixture(name) {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
}

const LOGIN = fixture("login.response.json");
const LOGIN_ERROR = fixture("login.error.json");
const REASONS = fixture("reasons.json");
const PRESENCE = fixture("agentPresence.state_changed.json");
const CHANNEL_TYPES = fixture("onChannelTypes.json");
const OFFER = fixture("taskRequest.reserved.json");
const TOPIC_DATA = fixture("onTopicData.json");
const CUSTOMER_MESSAGE = fixture("onCimEvent.customer_message.string.json");
const DELIVERY = fixture("cimEvent.delivery_notification.json");
const BOT_SUGGESTION = fixture("cimEvent.bot_suggestion.json");
const UNSUBSCRIBED = fixture("topicUnsubscription.received.json");
const TRANSFERRED = fixture("topicUnsubscription.transferred.json");
const AVAILABLE = fixture("available-agents.json");
const PLACED = fixture("agentAssistanceRequestPlaced.json");
const AGENT_SUBSCRIBED = fixture("cimEvent.agent_subscribed.json");
const ROLE_CHANGED = fixture("cimEvent.participant_role_changed.json");
const CONSULT_STARTED = fixture("taskRequest.consult_started.json");

const USER = LOGIN.data.keycloak_User;
const TOKEN = LOGIN.data.token;
const USERNAME = "sana";
const PASSWORD = "pw";

const clone = (v) => JSON.parse(JSON.stringify(v));

// Everything the peer saw, in order. Kinds:
//   {kind:"login", username, ok}                 REST login attempt
//   {kind:"reasons", authorized}                 GET /unified-admin/reasons
//   {kind:"rejected", reason, agentType, query}  socket handshake refused
//   {kind:"connection", id, agentType, query}    socket connected
//   {kind:"emit", event, payload, args}          event emitted by the desk (payload = first arg)
//   {kind:"ack", event, error, args}             the desk's answer to a server ack request
//   {kind:"disconnect", id, reason}              socket gone
const records = [];
function record(entry) {
  records.push(entry);
}

// The fixture's presence is about another agent (sabahat); a real AM sends the logged-in
// agent's own presence, so the agent is the login's user.
// Whether the agent accepted the offer (its conversation is open until the process ends).
let accepted = false;

function sendTopicData(socket) {
  socket.timeout(5000).emit("onTopicData", topicDataForOffer(), (err, ...args) => {
    record({ kind: "ack", event: "onTopicData", error: err ? err.message : null, args });
  });
}

function agentPresence(state) {
  const event = clone(PRESENCE);
  event.agentPresence.state = state;
  event.agentPresence.agent = { ...event.agentPresence.agent, id: USER.id, keycloakUser: USER };
  return event;
}

// onTopicData for the offer's conversation: the fixture is a snapshot of another conversation,
// so its ids are patched to the offer's (conversationId, topicData.id and roomInfo), so the
// desk's offer → conversation link holds. Everything else is sent as recorded (so the channel
// session inside still names conversation B: transfer requests are answered for the
// conversation the desk accepted, see `assist`).
function topicDataForOffer() {
  const event = clone(TOPIC_DATA);
  event.conversationId = OFFER.conversationId;
  event.topicData.id = OFFER.conversationId;
  event.roomInfo = clone(OFFER.roomInfo);
  return event;
}

// The fixture's available agent, as it joins a conversation (`role` PRIMARY or ASSISTANT):
// cimEvent.agent_subscribed.json with the conversation and the participant patched.
function agentSubscribed(conversationId, roomInfo, role) {
  const event = clone(AGENT_SUBSCRIBED);
  const agent = AVAILABLE[0].availableAgents[0];
  event.conversationId = conversationId;
  event.roomInfo = clone(roomInfo);
  event.eventEmitter = { id: agent.id, type: "AGENT", senderName: agent.name, additionalDetail: null };
  const participant = event.data.agentParticipant;
  participant.role = role;
  participant.conversationId = conversationId;
  participant.id = "9d1f0c52-7b7e-4c55-9a39-0f6a3c1e2b01";
  participant.participant.id = agent.id;
  participant.participant.keycloakUser = { id: agent.id, username: agent.name, firstName: agent.name, lastName: "" };
  return event;
}

// The conversation a transfer / conference / consult is about (channel session, else participant).
function conversationOf(payload) {
  return (
    (payload && payload.channelSession && payload.channelSession.conversationId) ||
    (payload && payload.agentParticipant && payload.agentParticipant.conversationId) ||
    (payload && payload.conversationId) ||
    null
  );
}

function roomOf(payload) {
  return (payload && payload.channelSession && payload.channelSession.roomInfo) || OFFER.roomInfo;
}

function transferred(conversationId, roomInfo) {
  const event = clone(TRANSFERRED);
  event.conversationId = conversationId;
  event.roomInfo = clone(roomInfo);
  return event;
}

// Checks a request's target against available-agents.json: null when known, else the error text.
function unknownTarget(payload) {
  if (!payload) return "payload missing";
  if (payload.mode === "queue") {
    return AVAILABLE.some((q) => q.queueName === payload.queueName) ? null : "Queue not found";
  }
  if (payload.mode === "agent") {
    const ids = AVAILABLE.flatMap((q) => q.availableAgents.map((a) => a.id));
    return ids.includes(payload.requestedAgentId) ? null : "Agent not found";
  }
  return "mode must be queue or agent";
}

// onTopicData of conversation B for a silent monitor: the fixture, with the desk's own topic
// participant (as AM echoes it) and without the agent the fixture makes "me".
function monitorTopicData(topicParticipant) {
  const event = clone(TOPIC_DATA);
  event.topicData.topicParticipant = clone(topicParticipant);
  event.topicData.participants.push(clone(topicParticipant));
  return answerFaster.decorateTopicData(event);
}

function sendJson(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

function readBody(req, done) {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
  req.on("error", () => done(""));
}

let io = null;

// socket.io handles its own path first; everything else lands here.
const httpServer = http.createServer((req, res) => {
  const url = new URL(req.url, "http://localhost");
  const route = req.method + " " + url.pathname;
  switch (route) {
    case "POST " + BASE + "/agent/login":
      return readBody(req, (text) => {
        let body = null;
        try {
          body = JSON.parse(text);
        } catch (_) {
          body = null;
        }
        const ok =
          body !== null &&
          body.username === USERNAME &&
          body.password === PASSWORD;
        record({ kind: "login", username: body ? body.username : null, ok });
        if (ok) sendJson(res, 200, LOGIN);
        else sendJson(res, 401, LOGIN_ERROR);
      });
    case "GET /unified-admin/reasons": {
      const authorized = req.headers["authorization"] === "Bearer " + TOKEN;
      record({ kind: "reasons", authorized });
      if (authorized) return sendJson(res, 200, REASONS);
      return sendJson(res, 401, {
        error_message: "Unauthorized",
        error_detail: { status: 401, reason: "missing or wrong bearer token" },
      });
    }
    case "GET /routing-engine/precision-queues/available-agents": {
      const authorized = req.headers["authorization"] === "Bearer " + TOKEN;
      record({
        kind: "available-agents",
        authorized,
        conversationId: url.searchParams.get("conversationId"),
        agentId: url.searchParams.get("agentId"),
      });
      if (authorized) return sendJson(res, 200, AVAILABLE);
      return sendJson(res, 401, { error_message: "Unauthorized", error_detail: { status: 401 } });
    }
    case "POST /realtime-reports/queue-active-chats/detail":
      return readBody(req, (text) => {
        let body = null;
        try {
          body = JSON.parse(text);
        } catch (_) {
          body = null;
        }
        record({ kind: "queue-active-chats", body });
        const topic = TOPIC_DATA.topicData;
        sendJson(res, 200, [
          answerFaster.decorateActiveChat({
            conversationId: TOPIC_DATA.conversationId,
            queueName: AVAILABLE[0].queueName,
            customerName: topic.customer.firstName,
            agentName: "sabahat-agent1",
            startTime: 1740753781000,
            channelSession: topic.channelSession,
            roomInfo: TOPIC_DATA.roomInfo,
          }),
        ]);
      });
    case "POST /realtime-reports/agent-activity/detail":
      return readBody(req, (text) => {
        record({ kind: "agent-activity", body: text });
        sendJson(res, 404, { error_message: "Not Found", error_detail: { status: 404 } });
      });
    case "GET /__records":
      return sendJson(res, 200, records);
    case "POST /__disconnect": {
      let count = 0;
      for (const socket of io.of("/").sockets.values()) {
        socket.disconnect(true);
        count += 1;
      }
      return sendJson(res, 200, { disconnected: count });
    }
    case "POST /__drop": {
      let count = 0;
      for (const socket of io.of("/").sockets.values()) {
        socket.conn.close();
        count += 1;
      }
      return sendJson(res, 200, { dropped: count });
    }
    default:
      if (pullAnnounce.route(req, res, url, { sendJson, readBody, record, io })) return;
      if (answerFaster.route(req, res, url, { sendJson, record, io })) return;
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found\n");
  }
});

io = new Server(httpServer, {
  path: BASE + "/socket.io/",
  serveClient: false,
});

// Like AM: `auth.agent` is the keycloak user as a JSON *string*; `query.username` names it.
io.use((socket, next) => {
  const auth = socket.handshake.auth || {};
  const query = socket.handshake.query || {};
  const agentType = typeof auth.agent;
  let agent = null;
  if (agentType === "string") {
    try {
      agent = JSON.parse(auth.agent);
    } catch (_) {
      agent = null;
    }
  }
  let reason = null;
  if (agentType !== "string") reason = "auth.agent is not a string";
  else if (agent === null || typeof agent !== "object") reason = "auth.agent is not JSON";
  else if (agent.id !== USER.id) reason = "auth.agent is not the logged-in user";
  else if (query.username !== USERNAME) reason = "query.username is not the user";
  if (reason !== null) {
    record({ kind: "rejected", reason, agentType, query });
    return next(new Error("login-failed"));
  }
  socket.data.agent = agent;
  next();
});

io.on("connection", (socket) => {
  record({
    kind: "connection",
    id: socket.id,
    agentType: typeof socket.handshake.auth.agent,
    query: socket.handshake.query,
  });

  socket.emit("agentPresence", agentPresence({ name: "NOT_READY", reasonCode: null }));
  socket.emit("onChannelTypes", CHANNEL_TYPES);
  // After a reconnect, the conversation the agent is still in comes again (PROTOCOL.md §1.2).
  if (accepted) {
    socket.data.accepted = OFFER.conversationId;
    sendTopicData(socket);
  }

  // Things a desk must tolerate (PROTOCOL.md §6.8): an event it does not know, a cimEvent that
  // is not JSON, and a CIM event without a conversation id.
  socket.emit("someFutureEvent", { x: 1 });
  socket.emit("onCimEvent", { cimEvent: "{not json" });
  socket.emit("onCimEvent", { cimEvent: JSON.stringify(BOT_SUGGESTION) });

  // Record every emit of the desk, with its arguments (an ack callback shows as "<ack>").
  socket.onAny((event, ...args) => {
    record({
      kind: "emit",
      event,
      payload: args.length > 0 && typeof args[0] !== "function" ? args[0] : null,
      args: args.map((a) => (typeof a === "function" ? "<ack>" : a)),
    });
  });

  socket.on("changeAgentState", (payload) => {
    if (!payload || payload.action !== "agentState" || !payload.state) return;
    const name = payload.state.name;
    if (name === "READY") {
      socket.emit("agentPresence", agentPresence({ name: "READY", reasonCode: null }));
      socket.emit("taskRequest", OFFER);
    } else if (name === "NOT_READY") {
      const reasonCode = payload.state.reasonCode === undefined ? null : payload.state.reasonCode;
      socket.emit("agentPresence", agentPresence({ name: "NOT_READY", reasonCode }));
    }
  });

  socket.on("topicSubscription", (payload) => {
    const tp = payload && payload.topicParticipant;
    if (payload && payload.conversationId === OFFER.conversationId) socket.data.accepted = OFFER.conversationId;
    if (tp && tp.role === "SILENT_MONITOR") {
      socket.timeout(5000).emit("onTopicData", monitorTopicData(tp), (err, ...args) => {
        record({ kind: "ack", event: "onTopicData", error: err ? err.message : null, args });
      });
      return;
    }
    accepted = true;
    sendTopicData(socket);
    socket.emit("onCimEvent", CUSTOMER_MESSAGE);
  });

  const assist = (event, action) => (payload) => {
    const problem = unknownTarget(payload);
    if (problem) {
      socket.emit("errors", { task: event, msg: problem });
      return;
    }
    // The fixture's channel session names conversation B; the desk's chat is the accepted one.
    const conversationId = socket.data.accepted || conversationOf(payload);
    const roomInfo = socket.data.accepted ? OFFER.roomInfo : roomOf(payload);
    if (action === "consult") {
      socket.emit("agentAssignedForAssistance", { conversationId, task: { id: "t-consult" }, type: "consult" });
      socket.emit("onCimEvent", {
        cimEvent: JSON.stringify(agentSubscribed(conversationId, roomInfo, "ASSISTANT")),
        conversationId,
        roomInfo,
      });
      return;
    }
    const placed = clone(PLACED);
    placed.requestAction = action;
    placed.mode = payload.mode;
    socket.emit("agentAssistanceRequestPlaced", placed);
    if (action === "transfer") {
      socket.emit("topicUnsubscription", transferred(conversationId, roomInfo));
    } else {
      socket.emit("onCimEvent", {
        cimEvent: JSON.stringify(agentSubscribed(conversationId, roomInfo, "PRIMARY")),
        conversationId,
        roomInfo,
      });
    }
  };
  socket.on("directTransferRequest", assist("directTransferRequest", "transfer"));
  socket.on("directConferenceRequest", assist("directConferenceRequest", "conference"));
  socket.on("consultRequest", assist("consultRequest", "consult"));

  socket.on("consultTransferRequest", (payload) => {
    const conversationId = (payload && payload.conversationId) || conversationOf(payload);
    const roomInfo = socket.data.accepted ? OFFER.roomInfo : roomOf(payload);
    socket.emit("consulTransferRequestSuccess", {
      conversationId,
      newTask: { id: "t-new" },
      agentId: payload && payload.requestedAgentId,
    });
    socket.emit("topicUnsubscription", transferred(conversationId, roomInfo));
  });

  socket.on("JoinAsSilentMonitor", (payload) => {
    const task = clone(CONSULT_STARTED);
    task.taskDirection = "SILENT_MONITOR";
    task.conversationId = (payload && payload.topicParticipant && payload.topicParticipant.conversationId) || task.conversationId;
    task.note = null;
    socket.emit("taskRequest", task);
  });

  let roleChanges = 0;
  const roleChanged = (role) => (payload) => {
    const event = clone(ROLE_CHANGED);
    roleChanges += 1;
    event.id = event.id.slice(0, -2) + String(roleChanges).padStart(2, "0");
    event.conversationId = (payload && payload.conversationId) || event.conversationId;
    event.data.conversationParticipant.role = role;
    event.data.conversationParticipant.participant.id = USER.id;
    socket.emit("onCimEvent", {
      cimEvent: JSON.stringify(event),
      conversationId: event.conversationId,
      roomInfo: event.roomInfo,
    });
  };
  socket.on("JoinAsBargin", roleChanged("PRIMARY"));
  socket.on("joinAsWhisper", roleChanged("WHISPER"));

  socket.on("publishCimEvent", (payload) => {
    if (!payload) return;
    let event = payload.cimEvent;
    if (typeof event === "string") {
      try {
        event = JSON.parse(event);
      } catch (_) {
        return;
      }
    }
    if (!event || (event.name !== "AGENT_MESSAGE" && event.name !== "WHISPER_MESSAGE")) return;
    // The echo is the desk's only delivery confirmation (PROTOCOL.md §4); real servers send
    // cimEvent as a string.
    socket.emit("onCimEvent", {
      cimEvent: JSON.stringify(event),
      conversationId: event.conversationId,
      roomInfo: event.roomInfo,
    });
    if (event.name === "WHISPER_MESSAGE") return; // agents only: no customer delivery
    socket.emit("onCimEvent", {
      cimEvent: JSON.stringify(DELIVERY),
      conversationId: DELIVERY.conversationId,
      roomInfo: DELIVERY.roomInfo,
    });
  });

  socket.on("topicUnsubscription", (payload) => {
    const event = clone(UNSUBSCRIBED);
    event.conversationId = payload && payload.conversationId;
    socket.emit("topicUnsubscription", event);
  });

  // The pull-mode request fixtures are on the offer's conversation (conversation A).
  pullAnnounce.attach(socket, { record, topicDataForRequest: () => topicDataForOffer() });

  // Bot suggestions, the response SLA and raised hands (conversation A; hands on B too).
  answerFaster.attach(socket, { record });

  socket.on("disconnect", (reason) => {
    record({ kind: "disconnect", id: socket.id, reason });
  });
});

httpServer.listen(0, "127.0.0.1", () => {
  process.stdout.write(String(httpServer.address().port) + "\n");
});

process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
