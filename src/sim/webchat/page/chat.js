// The agentdesk simulator's customer chat page. It uses only the Web Interaction REST API
// (OpenScape Contact Center, seed 002) served beside it under /restinteractionsdk.
// Everything the server sends is shown with textContent: never parsed as HTML.
"use strict";

(() => {
  const API = "/restinteractionsdk";
  // The demo web chat client (a real deployment keeps its secret on its web server).
  const CLIENT_ID = "webchat";
  const CLIENT_SECRET = "webchat-secret";
  // Long poll: the server answers as soon as something changes, else after this many s.
  const WAIT_SECS = 25;
  // Seed 002 §3.3.7: report "stopped typing" 4 s after the last key.
  const TYPING_IDLE_MS = 4000;
  // The desk shows "typing" for a few seconds per indicator: repeat while typing.
  const TYPING_REPEAT_MS = 3000;
  const STORE = "agentdesk-webchat";

  const $ = (id) => document.getElementById(id);
  let token = null;
  let sessionId = null;
  let nextKey = 0;
  let connected = false;
  let typingSentAt = 0;
  let typingIdle = null;
  let typingShownAt = 0;
  const agentNames = new Map();

  function setStatus(text, isError) {
    const status = $("status");
    status.textContent = text || "";
    status.classList.toggle("error", Boolean(isError));
  }

  function save() {
    try {
      sessionStorage.setItem(STORE, JSON.stringify({ token, sessionId }));
    } catch (_) { /* private mode: a reload starts over */ }
  }

  function forget() {
    try { sessionStorage.removeItem(STORE); } catch (_) { /* ignore */ }
  }

  async function getToken() {
    const res = await fetch(API + "/oauth/token", {
      method: "POST",
      headers: {
        "Authorization": "Basic " + btoa(CLIENT_ID + ":" + CLIENT_SECRET),
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: "grant_type=client_credentials",
    });
    if (!res.ok) throw new Error("could not sign in to the chat service (HTTP " + res.status + ")");
    const body = await res.json();
    token = body.access_token;
  }

  async function api(method, path, body) {
    const send = () => {
      const init = { method, headers: { "authorization": "bearer " + token } };
      if (body !== undefined) {
        init.headers["Content-Type"] = "application/json; charset=utf-8";
        init.body = JSON.stringify(body);
      }
      return fetch(API + path, init);
    };
    let res = await send();
    if (res.status === 401) {
      await getToken();
      save();
      res = await send();
    }
    return res;
  }

  function sessionPath(suffix) {
    return "/v1/sessions/" + encodeURIComponent(sessionId) + suffix;
  }

  // Who wrote a content: "You", the agent's name, or nobody (system lines, disconnects).
  function author(c) {
    switch (kind(c)) {
      case "me":
        return "You";
      case "agent":
        return [c.agentFirstName, c.agentLastName].filter(Boolean).join(" ") || "Agent";
      default:
        return "";
    }
  }

  function kind(c) {
    const t = String(c.messageType || "");
    if (t.startsWith("CUSTOMER_MESSAGE")) return "me";
    if (t === "AGENT_MESSAGE" || t === "AGENT_PUSH_URL") return "agent";
    return "system";
  }

  function addContent(c) {
    const li = document.createElement("li");
    li.className = "msg " + kind(c);
    li.dataset.type = String(c.messageType || "");
    const who = author(c);
    if (who) {
      const span = document.createElement("span");
      span.className = "who";
      span.textContent = who;
      li.append(span);
    }
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = String(c.content ?? "");
    li.append(text);
    if (c.from && (c.agentFirstName || c.agentLastName)) {
      agentNames.set(String(c.from), String(c.agentFirstName || c.agentLastName));
    }
    const log = $("log");
    log.append(li);
    log.scrollTop = log.scrollHeight;
  }

  function showTyping(who) {
    const p = $("typing");
    if (who) {
      const names = String(who).split(",").map((k) => agentNames.get(k.trim()) || "The agent");
      p.textContent = names.join(", ") + " is typing…";
      p.hidden = false;
      typingShownAt = Date.now();
    } else {
      p.hidden = true;
    }
  }

  function render(q) {
    if (Array.isArray(q.content)) q.content.forEach(addContent);
    if (Number.isInteger(q.newIndexKey)) nextKey = q.newIndexKey;
    showTyping(q.whoIsTyping);
  }

  function ended(text) {
    connected = false;
    forget();
    showTyping("");
    $("message").disabled = true;
    $("send").disabled = true;
    $("end").hidden = true;
    $("again").hidden = false;
    setStatus(text || "The chat has ended.");
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function poll() {
    let failures = 0;
    while (connected) {
      try {
        const path = sessionPath(nextKey === 0 ? "/contents" : "/contents/" + nextKey);
        const res = await api("GET", path + "?wait=" + WAIT_SECS);
        if (res.status === 404) {
          ended("This chat is no longer available.");
          return;
        }
        if (!res.ok) throw new Error("HTTP " + res.status);
        const q = await res.json();
        if (failures > 0) setStatus("");
        failures = 0;
        if (!connected) return;
        render(q);
        if (q.connected === false) {
          const agentLeft = $("log").querySelector('[data-type="AGENT_DISCONNECT"]');
          ended(agentLeft ? "The agent has left the chat." : "The chat has ended.");
          return;
        }
      } catch (err) {
        failures += 1;
        setStatus("Connection problem, trying again… (" + err.message + ")", true);
        await sleep(Math.min(3000 * failures, 15000));
      }
    }
  }

  // A typing indicator the server stopped confirming (a long poll in flight) fades.
  setInterval(() => {
    if (!$("typing").hidden && Date.now() - typingShownAt > 6000) showTyping("");
  }, 1000);

  function openChat() {
    $("start").hidden = true;
    $("chat").hidden = false;
    $("message").disabled = false;
    $("send").disabled = false;
    $("end").hidden = false;
    $("again").hidden = true;
    $("message").focus();
  }

  function sourceFrom(email) {
    // Seed 002 §4.2.1: source is ASCII without ! " % * , _ ` |
    const clean = (email || "").normalize("NFKD").replace(/[^\x21-\x7e]|[!"%*,_`|]/g, "-");
    return clean || "web-visitor-" + Math.random().toString(36).slice(2, 10);
  }

  $("start").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("name").value.trim();
    const first = $("first").value.trim();
    if (!name || !first) {
      setStatus("Please give your name and your question.", true);
      return;
    }
    const email = $("email").value.trim();
    const request = {
      businessUnitName: "DEFAULT",
      caption: first,
      customerName: name,
      language: "English",
      priority: 5,
      source: sourceFrom(email),
      contactData: email ? [{ key: "E-mail", value: email }] : [],
    };
    if ($("topic").value) request.destination = $("topic").value;
    $("start-chat").disabled = true;
    setStatus("Connecting…");
    try {
      await getToken();
      const res = await api("POST", "/v1/sessions", request);
      if (res.status !== 201) throw new Error("the chat could not start (HTTP " + res.status + ")");
      sessionId = (await res.json()).sessionId;
      nextKey = 0;
      connected = true;
      save();
      setStatus("");
      openChat();
      poll();
    } catch (err) {
      setStatus(err.message, true);
    } finally {
      $("start-chat").disabled = false;
    }
  });

  async function notifyTyping(isTyping) {
    if (!connected) return;
    try {
      await api("POST", sessionPath("/typing"), { isTyping });
    } catch (_) { /* typing is best effort */ }
  }

  $("message").addEventListener("input", () => {
    const now = Date.now();
    if (now - typingSentAt > TYPING_REPEAT_MS) {
      typingSentAt = now;
      notifyTyping(true);
    }
    clearTimeout(typingIdle);
    typingIdle = setTimeout(() => {
      typingSentAt = 0;
      notifyTyping(false);
    }, TYPING_IDLE_MS);
  });

  $("message").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("compose").requestSubmit();
    }
  });

  $("compose").addEventListener("submit", async (event) => {
    event.preventDefault();
    const box = $("message");
    const text = box.value;
    if (!connected || !text.trim()) return;
    $("send").disabled = true;
    try {
      const res = await api("POST", sessionPath("/contents"), { content: text });
      if (res.status === 201) {
        box.value = "";
        clearTimeout(typingIdle);
        typingSentAt = 0;
        setStatus("");
      } else if (res.status === 503 || res.status === 404) {
        ended();
      } else {
        setStatus("Your message was not sent (HTTP " + res.status + "). Please try again.", true);
      }
    } catch (err) {
      setStatus("Your message was not sent: " + err.message, true);
    } finally {
      if (connected) $("send").disabled = false;
      box.focus();
    }
  });

  $("end").addEventListener("click", async () => {
    if (!connected) return;
    $("end").disabled = true;
    try {
      // Seed 002 §3.3.3: fetch pending messages before disconnecting.
      const res = await api("GET", sessionPath(nextKey === 0 ? "/contents" : "/contents/" + nextKey));
      if (res.ok) render(await res.json());
      await api("DELETE", "/v1/sessions", { sessionId });
    } catch (_) { /* the session ends on the server anyway */ }
    $("end").disabled = false;
    ended("You ended the chat.");
  });

  $("again").addEventListener("click", () => {
    forget();
    sessionId = null;
    nextKey = 0;
    agentNames.clear();
    $("log").replaceChildren();
    $("first").value = "";
    $("chat").hidden = true;
    $("start").hidden = false;
    setStatus("");
    $("first").focus();
  });

  // A reload resumes the chat of this tab.
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
    if (saved && saved.sessionId && saved.token) {
      token = saved.token;
      sessionId = saved.sessionId;
      nextKey = 0;
      connected = true;
      openChat();
      poll();
    }
  } catch (_) { forget(); }
})();
