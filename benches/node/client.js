// The official socket.io-client 4.x doing the desk's wire work against the Agent Manager
// simulator in a load run (benches/ingest.rs runs it side by side with agentdesk):
// log in over REST, connect with the desk's auth, go READY, accept every offer
// (topicSubscription), answer every onTopicData ack with {"status":"ok"}, JSON.parse every
// cimEvent, keep the lines per conversation, and send one READ receipt per customer message,
// shaped like publishCimEvent.read_receipt.json (the channel session and customer of the
// conversation included, as the desk sends them).
//
// Usage: node client.js <AM base URL, e.g. http://127.0.0.1:PORT/agent-manager> <user> <password>
// Runs until killed. Prints "online" once the namespace is joined.
"use strict";

const { io } = require("socket.io-client");
const crypto = require("crypto");

const [base, username, password] = process.argv.slice(2);
if (!base || !username || !password) {
  console.error("usage: node client.js <AM base URL> <username> <password>");
  process.exit(2);
}

const conversations = new Map(); // conversationId -> {channelSession, customer, roomInfo, lines}

async function main() {
  const login = await fetch(`${base}/agent/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) {
    console.error(`login failed: ${login.status}`);
    process.exit(1);
  }
  const user = (await login.json()).data.keycloak_User;
  const url = new URL(base);
  const socket = io(url.origin, {
    path: `${url.pathname.replace(/\/$/, "")}/socket.io/`,
    transports: ["websocket"],
    query: { username: user.username },
    auth: {
      agent: JSON.stringify(user),
      fcm: { desktopFcmKey: null, mobileFcmKey: null },
    },
  });

  socket.on("connect", () => {
    console.log("online");
    socket.emit("changeAgentState", {
      agentId: user.id,
      action: "agentState",
      state: { name: "READY", reasonCode: null },
    });
  });
  socket.on("connect_error", (e) => {
    console.error(`connect_error: ${e.message}`);
  });

  socket.on("taskRequest", (task) => {
    if (task && task.taskState && task.taskState.name === "RESERVED") {
      socket.emit("topicSubscription", {
        topicParticipant: {
          id: crypto.randomUUID(),
          type: "AGENT",
          participant: {
            id: user.id,
            participantType: "CCUser",
            keycloakUser: user,
            associatedRoutingAttributes: [],
          },
          token: null,
          conversationId: task.conversationId,
          role: "PRIMARY",
          userCredentials: null,
          state: "SUBSCRIBED",
        },
        agentId: user.id,
        roomInfo: task.roomInfo,
        taskId: task.taskId,
        conversationId: task.conversationId,
      });
    }
  });

  socket.on("onTopicData", (topic, ack) => {
    if (typeof ack === "function") ack({ status: "ok" });
    const data = topic.topicData || {};
    const id = topic.conversationId;
    let conversation = conversations.get(id);
    if (!conversation) {
      conversation = { lines: [] };
      conversations.set(id, conversation);
    }
    conversation.channelSession = data.channelSession;
    conversation.customer = data.customer;
    conversation.roomInfo = topic.roomInfo;
    for (const event of data.topicEvents || []) keep(conversation, event);
  });

  socket.on("onCimEvent", (payload) => {
    const event =
      typeof payload.cimEvent === "string" ? JSON.parse(payload.cimEvent) : payload.cimEvent;
    const conversation = conversations.get(payload.conversationId || event.conversationId);
    if (!conversation) return;
    keep(conversation, event);
    if (event.name === "CUSTOMER_MESSAGE" && event.data) {
      socket.emit("publishCimEvent", readReceipt(conversation, user, payload, event.data.id));
    }
  });
}

function keep(conversation, event) {
  const message = event.data;
  if (message && message.body) {
    conversation.lines.push({
      id: message.id,
      sender: (message.header && message.header.sender && message.header.sender.senderName) || "",
      at: (message.header && message.header.timestamp) || event.timestamp,
      text: message.body.markdownText || "",
    });
  }
}

function readReceipt(conversation, user, payload, readMessageId) {
  const session = conversation.channelSession || {};
  const channelData = session.channelData || {};
  const now = Date.now();
  const sender = {
    id: user.id,
    senderName: user.username,
    type: "AGENT",
    additionalDetail: { firstName: user.firstName || "", lastName: user.lastName || "" },
  };
  const conversationId = payload.conversationId;
  const roomInfo = conversation.roomInfo || payload.roomInfo;
  return {
    cimEvent: {
      id: crypto.randomUUID(),
      name: "MESSAGE_DELIVERY_NOTIFICATION",
      type: "NOTIFICATION",
      conversationId,
      roomInfo,
      timestamp: now,
      data: {
        id: crypto.randomUUID(),
        header: {
          channelData: {
            channelCustomerIdentifier: channelData.channelCustomerIdentifier,
            serviceIdentifier: channelData.serviceIdentifier,
          },
          sender,
          language: {},
          timestamp: "",
          securityInfo: {},
          stamps: [],
          intent: null,
          entities: {},
          conversationId,
          roomId: roomInfo && roomInfo.id,
          channelSessionId: session.id,
          customer: conversation.customer,
        },
        body: {
          type: "DELIVERYNOTIFICATION",
          markdownText: "",
          messageId: readMessageId,
          status: "READ",
          reasonCode: 200,
        },
      },
      channelSession: session,
      eventEmitter: sender,
    },
    agentId: user.id,
    conversationId,
    roomInfo,
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
