// Pull mode and team announcements for the independent Agent Manager (am.js), kept in their own
// file so the peer's other sections merge easily. Every payload is a fixture from tests/fixtures,
// verbatim except for the ids and the fields named where it is sent (PROTOCOL.md §2, §3, §5).
//
// REST (answered by `route`, which returns true when it handled the request):
//   GET    /unified-admin/pull-mode-list                  pull-mode-list.json
//   GET    /unified-admin/forms/62d07f4f0980a50a91210bef  wrapup-form.json
//   GET    /team-announcement/announcement/?teamIds=T&status=active
//                                                         team-announcements.json (for its team,
//                                                         expiryTime 8 hours from now)
//   POST   /team-announcement/announcement/               201 announcement.json with the posted
//                                                         text and a new id; ANNOUNCEMENT_CREATED
//                                                         to every socket
//   DELETE /team-announcement/announcement/{id}           200; ANNOUNCEMENT_DELETED to every socket
// Each is recorded as {kind:"rest", method, path, query, body}.
//
// Socket (set up by `attach` for each connection):
//   subscribePullModeList   → onPullModeSubscribedList.json, pullModeSubscribedListRequests.json
//                             (request R1), then onPullModeSubscribedListRequest.json with its
//                             pullModeEvent (a JSON string) re-encoded for a second request R2
//   unsubscribePullModeList → removePullModeSubscribedListRequests.json (a bare string)
//   joinPullModeRequest R1  → onPullModeSubscribedListRequest.state_changed.json (ACCEPTED), then
//                             onTopicData for the request's conversation (with ack)
//   joinPullModeRequest R2  → the same state change for R2, then
//                             errors {task: "joinPullModeRequest", msg} (someone else took it)
//   deletePullModeRequest   → the bare id; the state change with status DELETED for it
"use strict";

const fs = require("fs");
const path = require("path");

const FIXTURES = path.join(__dirname, "..", "fixtures");
const fixture = (name) => JSON.parse(fs.readFileSync(path.join(FIXTURES, name), "utf8"));
const clone = (v) => JSON.parse(JSON.stringify(v));

const LISTS = fixture("pull-mode-list.json");
const FOLLOWED = fixture("onPullModeSubscribedList.json");
const REQUESTS = fixture("pullModeSubscribedListRequests.json");
const RECEIVED = fixture("onPullModeSubscribedListRequest.json");
const CHANGED = fixture("onPullModeSubscribedListRequest.state_changed.json");
const REMOVED = fixture("removePullModeSubscribedListRequests.json");
const FORM = fixture("wrapup-form.json");
const ANNOUNCEMENTS = fixture("team-announcements.json");
const ANNOUNCEMENT = fixture("announcement.json");

const R1 = REQUESTS[0].id;
// The second waiting chat: the fixture request with another id (the same customer and channel
// session; the desk tells them apart by request id).
const R2 = "6630b1f2c1d4e5f6a7b8c1b2";
const FORM_ID = FORM.id;

function requestWith(id, status) {
  const request = clone(REQUESTS[0]);
  request.id = id;
  if (status) request.status = status;
  return request;
}

// onPullModeSubscribedListRequest carrying `request` as a JSON string, shaped like `template`.
function requestEvent(template, request) {
  const event = clone(template);
  event.pullModeEvent = JSON.stringify(request);
  return event;
}

let nextId = 1;

function route(req, res, url, ctx) {
  const { sendJson, readBody, record, io } = ctx;
  const p = url.pathname;
  const rest = (body) =>
    record({ kind: "rest", method: req.method, path: p, query: url.search, body });
  if (req.method === "GET" && p === "/unified-admin/pull-mode-list") {
    rest(null);
    sendJson(res, 200, LISTS);
    return true;
  }
  if (req.method === "GET" && p === "/unified-admin/forms/" + FORM_ID) {
    rest(null);
    sendJson(res, 200, FORM);
    return true;
  }
  const base = "/team-announcement/announcement/";
  if (req.method === "GET" && p === base) {
    rest(null);
    const teams = url.searchParams.getAll("teamIds");
    // Still active: the fixture's expiryTime is moved to 8 hours from now.
    const list = ANNOUNCEMENTS.filter((a) => a.teamIds.some((t) => teams.includes(t))).map(
      (a) => Object.assign(clone(a), { expiryTime: Date.now() + 8 * 3600 * 1000 })
    );
    sendJson(res, 200, list);
    return true;
  }
  if (req.method === "POST" && p === base) {
    readBody(req, (text) => {
      let body = null;
      try {
        body = JSON.parse(text);
      } catch (_) {
        body = null;
      }
      rest(body);
      if (!body || !Array.isArray(body.teamIds) || typeof body.announcementText !== "string") {
        sendJson(res, 400, { error_message: "teamIds and announcementText are required" });
        return;
      }
      const created = clone(ANNOUNCEMENT);
      created.id = "6630b1f2c1d4e5f6a7b8d" + String(nextId++).padStart(3, "0");
      created.announcementText = body.announcementText;
      created.teamIds = body.teamIds;
      created.createdAt = new Date().toISOString();
      created.expiryTime = body.expiryTime;
      sendJson(res, 201, created);
      io.of("/").emit("ANNOUNCEMENT_CREATED", created);
    });
    return true;
  }
  if (req.method === "DELETE" && p.startsWith(base) && p.length > base.length) {
    const id = decodeURIComponent(p.slice(base.length));
    rest(null);
    const gone = clone(ANNOUNCEMENT);
    gone.id = id;
    sendJson(res, 200, gone);
    io.of("/").emit("ANNOUNCEMENT_DELETED", gone);
    return true;
  }
  return false;
}

function attach(socket, ctx) {
  const { topicDataForRequest, record } = ctx;

  socket.on("subscribePullModeList", () => {
    socket.emit("onPullModeSubscribedList", FOLLOWED);
    socket.emit("pullModeSubscribedListRequests", REQUESTS);
    socket.emit("onPullModeSubscribedListRequest", requestEvent(RECEIVED, requestWith(R2)));
  });

  socket.on("unsubscribePullModeList", () => {
    socket.emit("removePullModeSubscribedListRequests", REMOVED);
  });

  socket.on("joinPullModeRequest", (payload) => {
    const id = payload && payload.requestId;
    if (id !== R1 && id !== R2) {
      socket.emit("errors", { task: "joinPullModeRequest", msg: "no such request" });
      return;
    }
    socket.emit("onPullModeSubscribedListRequest", requestEvent(CHANGED, requestWith(id, "ACCEPTED")));
    if (id === R2) {
      socket.emit("errors", {
        task: "joinPullModeRequest",
        msg: "request already accepted by another agent",
      });
      return;
    }
    const topic = topicDataForRequest(payload.channelSession.conversationId);
    socket.timeout(5000).emit("onTopicData", topic, (err, ...args) => {
      record({ kind: "ack", event: "onTopicData", error: err ? err.message : null, args });
    });
  });

  socket.on("deletePullModeRequest", (id) => {
    if (typeof id !== "string") return;
    socket.emit("onPullModeSubscribedListRequest", requestEvent(CHANGED, requestWith(id, "DELETED")));
  });
}

module.exports = { route, attach, R1, R2 };
