// Answering faster (issue 12) for the independent Agent Manager (am.js), kept in its own file so
// the peer's other sections merge easily. Every payload is a fixture from tests/fixtures, verbatim
// except for the ids and the fields named where it is sent (PROTOCOL.md §2, §4).
//
// Socket (set up by `attach` for each connection):
//   topicSubscription (PRIMARY, the offer's conversation A), after am.js's onTopicData and
//                           CUSTOMER_MESSAGE → cimEvent.bot_suggestion.json with requestedMessage.id =
//                           that customer message, then cimEvent.agent_sla_started.json
//   publishCimEvent AGENT_MESSAGE   → cimEvent.agent_sla_stopped.json (after am.js's echo)
//   publishCimEvent RESET_AGENT_SLA → cimEvent.agent_sla_started.json again (a fresh event id)
//   publishCimEvent HAND_RAISED / HAND_DOWN → the desk's own event echoed (a JSON string), and
//                           the hand kept for the snapshot and the team board
// REST (answered by `route`, which returns true when it handled the request):
//   POST /__raise_hand      test control: cimEvent.hand_raised.json for conversation B, raised by
//                           its agent sabahat-agent1, to every socket (a supervisor who is not in
//                           the conversation hears of it); answers {raised: <sockets>}
// Hooks for am.js: `decorateActiveChat(chat)` adds `agentHandRaise {handRaised, agentNames}` to a
// queue-active-chats entry, `decorateTopicData(event)` sets `topicData.agentHandRaise` of a
// snapshot (the real onTopicData.json has `{handRaised: false, agentNames: []}`).
"use strict";

const fs = require("fs");
const path = require("path");

const FIXTURES = path.join(__dirname, "..", "fixtures");
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
const clone = (v) => JSON.parse(JSON.stringify(v));

const SUGGESTION = fixture("cimEvent.bot_suggestion.json");
const SLA_STARTED = fixture("cimEvent.agent_sla_started.json");
const SLA_STOPPED = fixture("cimEvent.agent_sla_stopped.json");
const HAND_RAISED = fixture("cimEvent.hand_raised.json");
const CUSTOMER_MESSAGE = JSON.parse(fixture("onCimEvent.customer_message.string.json").cimEvent);
const TOPIC_B = fixture("onTopicData.json");

// conversationId → agent names with a raised hand.
const hands = new Map();
let resets = 0;

function send(socket, event) {
  socket.emit("onCimEvent", {
    cimEvent: JSON.stringify(event),
    conversationId: event.conversationId,
    roomInfo: event.roomInfo,
  });
}

function parseEvent(payload) {
  let event = payload && payload.cimEvent;
  if (typeof event === "string") {
    try {
      event = JSON.parse(event);
    } catch (_) {
      return null;
    }
  }
  return event && typeof event === "object" ? event : null;
}

function handRaise(conversationId) {
  const names = hands.get(conversationId);
  return names ? { handRaised: true, agentNames: names } : { handRaised: false, agentNames: [] };
}

function decorateActiveChat(chat) {
  chat.agentHandRaise = handRaise(chat.conversationId);
  return chat;
}

function decorateTopicData(event) {
  event.topicData.agentHandRaise = handRaise(event.conversationId);
  return event;
}

function route(req, res, url, ctx) {
  if (req.method === "POST" && url.pathname === "/__raise_hand") {
    const event = clone(HAND_RAISED);
    const agent = TOPIC_B.topicData.topicParticipant.participant;
    event.id = "65aa1b3c2d53786eb16040b0";
    event.conversationId = TOPIC_B.conversationId;
    event.roomInfo = clone(TOPIC_B.roomInfo);
    event.data.agentId = agent.id;
    event.data.userName = agent.keycloakUser.username;
    event.eventEmitter.id = agent.id;
    event.eventEmitter.senderName = agent.keycloakUser.username;
    hands.set(event.conversationId, [agent.keycloakUser.username]);
    let count = 0;
    for (const socket of ctx.io.of("/").sockets.values()) {
      send(socket, event);
      count += 1;
    }
    ctx.record({ kind: "raise_hand", conversationId: event.conversationId });
    ctx.sendJson(res, 200, { raised: count });
    return true;
  }
  return false;
}

function attach(socket, ctx) {
  socket.on("topicSubscription", (payload) => {
    const tp = payload && payload.topicParticipant;
    if (!payload || payload.conversationId !== CUSTOMER_MESSAGE.conversationId) return;
    if (tp && tp.role !== "PRIMARY") return;
    const suggestion = clone(SUGGESTION);
    suggestion.conversationId = CUSTOMER_MESSAGE.conversationId;
    suggestion.data.requestedMessage.id = CUSTOMER_MESSAGE.data.id;
    send(socket, suggestion);
    send(socket, clone(SLA_STARTED));
  });

  socket.on("publishCimEvent", (payload) => {
    const event = parseEvent(payload);
    if (!event) return;
    switch (event.name) {
      case "AGENT_MESSAGE":
        send(socket, clone(SLA_STOPPED));
        break;
      case "RESET_AGENT_SLA": {
        resets += 1;
        const started = clone(SLA_STARTED);
        started.id = SLA_STARTED.id.slice(0, -2) + String(10 + resets);
        started.conversationId = event.conversationId || started.conversationId;
        ctx.record({ kind: "reset_agent_sla", conversationId: event.conversationId });
        send(socket, started);
        break;
      }
      case "HAND_RAISED":
      case "HAND_DOWN": {
        const name = event.data && event.data.userName;
        if (event.name === "HAND_RAISED") hands.set(event.conversationId, [name]);
        else hands.delete(event.conversationId);
        send(socket, event);
        break;
      }
      default:
    }
  });
}

module.exports = { attach, route, decorateActiveChat, decorateTopicData };
