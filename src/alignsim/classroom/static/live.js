// What both pages share: building text nodes, numbers as shown, the server's API and the live view.
// Everything shown from the server is inserted as text (never as HTML).
"use strict";

const $ = (id) => document.getElementById(id);

function el(tag, text, cls) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}
const num = (x, digits = 2) => (x === null || x === undefined ? "–" : Number(x).toFixed(digits));
const pct = (x) => (x === null || x === undefined ? "–" : Math.round(100 * x) + " %");

// One request to the server's API: a GET, or a POST of `body` as JSON. Never throws: a lost
// network comes back as { ok: false, status: 0, data: { error } }.
async function api(path, headers, body) {
  const options = { headers: { "Content-Type": "application/json", ...headers } };
  if (body !== undefined) { options.method = "POST"; options.body = JSON.stringify(body); }
  try {
    const response = await fetch(path, options);
    const data = await response.json().catch(() => ({ error: "the server sent no answer" }));
    return { ok: response.ok, status: response.status, data };
  } catch (err) {
    return { ok: false, status: 0, data: { error: "No connection to the class: try again in a moment." } };
  }
}

// The page's live view: a websocket on which the server pushes the page's view at every change.
// It sends `token` first. When the connection drops (a phone asleep, a change of network, a
// restarted server) it reconnects after 0.5 s, then 1, 2, 4, up to 8 s (with a little jitter, so
// a class does not come back all at once), and at once when the network or the page comes back.
// A network can also die silently (no close at all): the page sends "ping" every 10 s, the server
// answers with the view, and a page that hears nothing for 25 s drops the connection and reconnects.
// A close with code 4403 means the token is not this session's: `onRefused(reason)`, no retry.
// `onStatus(connected)` tells the page whether it is live (and <body data-live> says so too).
function live(path, token, { onView, onRefused, onStatus }) {
  const LONGEST_MS = 8000, PING_MS = 10000, SILENCE_MS = 25000;
  let pause = 500;
  let heard = 0;   // when the server last sent anything
  let socket = null;
  let timer = null;
  let stopped = false;
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";

  function status(connected) {
    document.body.dataset.live = connected ? "yes" : "no";
    onStatus(connected);
  }

  function connect() {
    clearTimeout(timer);
    timer = null;
    if (stopped || (socket && socket.readyState <= WebSocket.OPEN)) return;
    socket = new WebSocket(`${scheme}//${location.host}${path}`);
    socket.onopen = () => { heard = Date.now(); socket.send(token); };
    socket.onmessage = (event) => {
      heard = Date.now();
      pause = 500;
      status(true);
      onView(JSON.parse(event.data));
    };
    socket.onclose = (event) => {
      socket = null;
      if (event.code === 4403) { stopped = true; onRefused(event.reason); return; }
      status(false);
      if (stopped) return;
      timer = setTimeout(connect, pause * (0.8 + 0.4 * Math.random()));
      pause = Math.min(2 * pause, LONGEST_MS);
    };
  }
  setInterval(() => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return;
    if (Date.now() - heard < SILENCE_MS) { socket.send("ping"); return; }
    const dead = socket;     // silent too long: give up on it without waiting for its close
    dead.onclose = dead.onmessage = null;
    dead.close();
    socket = null;
    status(false);
    connect();
  }, PING_MS);
  const soon = () => { if (timer !== null) { pause = 500; connect(); } };
  window.addEventListener("online", soon);
  document.addEventListener("visibilitychange", () => { if (!document.hidden) soon(); });
  connect();
  return { stop() { stopped = true; clearTimeout(timer); if (socket) socket.close(); } };
}

// Seconds left in a round, counted down on the page between the server's views.
function countdown(render) {
  let deadline = null;
  setInterval(() => { if (deadline !== null) render(Math.max(0, Math.ceil((deadline - Date.now()) / 1000))); }, 250);
  return (secondsLeft) => {
    deadline = secondsLeft === null || secondsLeft === undefined ? null : Date.now() + 1000 * secondsLeft;
    if (deadline !== null) render(Math.ceil(secondsLeft));
  };
}
