// The projector page (the teacher's): join code and QR, roster, round controls, results, reveal.
// The class's view comes live from the server (live.js). The teacher's token comes from this
// page's address and goes with every request as a header.
"use strict";

const TOKEN = new URLSearchParams(location.search).get("token") || "";
const OFFLINE = "No connection to the server: is alignsim class still running? Trying again…";
const COLOURS = { class: "#111111", smith: "#d95f02", nash: "#1b9e77", conditional: "#7570b3", model: "#888888" };
const GROUP_NAMES = {
  class: "The class",
  smith: "Smith agents (own payoff only)",
  nash: "Nash agents (weigh their team too)",
  conditional: "Conditional cooperators",
};
const SHORT_NAMES = { class: "The class", smith: "Smith agents", nash: "Nash agents", conditional: "Conditional" };
const WHO = { class: "students", smith: "own payoff only", nash: "weigh their team too", conditional: "give as others do" };
let state = null;
let finalShown = undefined;   // the "written" value the reveal was drawn with (undefined: not drawn)
let finalLoading = false;
let written = null;
let openRound = null;   // the open round as last shown, for the countdown
const showLeft = countdown((left) => {
  if (openRound) $("headline").textContent = `Round ${openRound.number}: ${openRound.answered} of ` +
    `${openRound.playing} answered · ${left} s left`;
});

async function call(path, body) {
  const result = await api(path, { "X-Teacher-Token": TOKEN }, body);
  $("error").textContent = result.ok ? "" : result.data.error;
  return result;
}

function groupFigures(groups) {
  const row = el("div", null, "figures");
  for (const [key, g] of Object.entries(groups)) {
    if (key === "class" && g.n === 0) continue;
    const box = el("div", null, "figure " + key);
    box.appendChild(el("div", SHORT_NAMES[key] || key, "label"));
    box.appendChild(el("div", `${g.n} ${WHO[key] || ""}`, "sub"));
    box.appendChild(el("div", pct(g.contribution_rate), "value"));
    box.appendChild(el("div", "gave, of those in a team", "sub"));
    box.appendChild(el("div", `in a team: ${pct(g.follow_rate)}`, "sub"));
    box.appendChild(el("div", `payoff: ${num(g.mean_payoff)}`, "sub"));
    row.appendChild(box);
  }
  return row;
}

function leadersTable(leaders, afterRound) {
  const box = el("div", null, "table-box");
  const table = el("table", null, "leaders");
  box.appendChild(table);
  const head = table.createTHead().insertRow();
  const columns = afterRound
    ? ["Leader", "Promised", "Can pay", "Followers", "Share who gave",
       "Leader's payoff", "Trust, all", "Trust, class", "Threshold a*"]
    : ["Leader", "Project multiplies by", "Promised per follower", "Project can pay", "Leader keeps"];
  for (const name of columns) head.appendChild(el("th", name));
  const body = table.createTBody();
  for (const l of leaders) {
    const row = body.insertRow();
    const cells = afterRound
      ? [l.name, num(l.pitch), num(l.wiifm), l.team, pct(l.team_contribution), num(l.leader_payoff),
         num(l.trust), num(l.class_trust), num(l.threshold)]
      : [l.name, num(l.vision, 1), num(l.pitch), num(l.wiifm), pct(l.cut)];
    for (const value of cells) row.appendChild(el("td", value));
  }
  return box;
}

function thresholdNote(scenario) {
  let text = `An agent gives when its group weight a is above the threshold a*: ` +
    `Nash agents have a = ${scenario.group_weight}, Smith agents a = 0 (a* below 0: everyone gives).`;
  if (!scenario.exact) {
    text += ` Here choices are ${scenario.rule === "logit" ? "noisy (logit)" : scenario.rule}` +
      (scenario.game === "linear_public_goods" ? "" : ` and the game is ${scenario.game.replaceAll("_", " ")}`) +
      `, so a* marks where giving becomes more likely than not, not a sharp line.`;
  }
  return el("p", text, "note");
}

function seriesOf(history, key) {
  return history.map((h) => [h.round, h.groups[key] ? h.groups[key].contribution_rate : null]);
}

function trajectory(history) {
  const series = [{ name: "The class", colour: COLOURS.class, width: 6, dots: true, points: seriesOf(history, "class") }];
  for (const key of ["smith", "nash", "conditional"]) {
    if (history.some((h) => h.groups[key])) {
      series.push({ name: GROUP_NAMES[key], colour: COLOURS[key], points: seriesOf(history, key) });
    }
  }
  return lineChart(series, { title: "Share of team members who gave, round by round", height: 300,
    width: $("trajectory").clientWidth });
}

function renderRoster(view) {
  const list = $("roster");
  list.replaceChildren();
  $("roster-title").textContent = `Class: ${view.seats.length} joined`;
  for (const seat of view.seats) {
    const item = el("li", null, (seat.answered ? "answered " : "") + seat.role);
    const button = el("button", `${seat.number} · ${seat.name}${seat.role === "leader" ? " (leader)" : ""}`);
    button.type = "button";
    button.title = seat.role === "leader" ? "make a follower" : "make a leader";
    button.addEventListener("click", () =>
      call("/api/teacher/role", { seat: seat.number, role: seat.role === "leader" ? "follower" : "leader" }));
    item.appendChild(button);
    list.appendChild(item);
  }
}

async function showFinal() {
  finalLoading = true;
  const result = await call("/api/final").finally(() => { finalLoading = false; });
  if (!result.ok) return;
  const f = result.data;
  const box = $("trajectory");
  box.replaceChildren();
  const series = [
    { name: "The class", colour: COLOURS.class, width: 6, dots: true,
      points: f.class.map((r) => [r.round, r.contribution_rate]) },
  ];
  for (const kind of ["smith", "nash"]) {
    const key = `contribution_rate_${kind}`;
    if (f.session.some((r) => key in r)) {
      series.push({ name: `${GROUP_NAMES[kind]} beside the class`, colour: COLOURS[kind],
        points: f.session.map((r) => [r.round, key in r ? r[key] : null]) });
    }
  }
  series.push({ name: "The model with no students (everyone)", colour: COLOURS.model, dash: "10 6",
    points: f.simulated.map((r) => [r.round, r.contribution_rate]) });
  if (f.exact && f.rounds > 0) {
    for (const kind of ["smith", "nash"]) {
      const verdicts = new Set(f.theory.map((p) => p[`${kind}_contributes`]));
      if (verdicts.size === 1) {
        const gives = [...verdicts][0];
        series.push({ name: `Theory: ${kind === "smith" ? "Smith" : "Nash"} agents ${gives ? "give" : "keep"}`,
          colour: COLOURS[kind], dash: "3 6", width: 3,
          points: [[1, gives ? 1 : 0], [f.rounds, gives ? 1 : 0]] });
      }
    }
  }
  box.appendChild(lineChart(series, { title: "The class beside the model and the theory", height: 340,
    width: box.clientWidth }));
  const list = el("ul");
  for (const p of f.theory) {
    if (p.team_size === null) {  // a leader nobody follows has no team, and no threshold
      list.appendChild(el("li", `${p.leader_group}: no followers, so no team and no threshold.`));
      continue;
    }
    const verdicts = [];
    if (p.smith_contributes !== null) verdicts.push(`Smith agents ${p.smith_contributes ? "give" : "keep"}`);
    if (p.nash_contributes !== null) verdicts.push(`Nash agents (a = ${f.group_weight}) ${p.nash_contributes ? "give" : "keep"}`);
    list.appendChild(el("li", `${p.leader_group}: team of ${p.team_size}, return ${num(p.r, 1)}, cut ${pct(p.cut)}: ` +
      `a* = ${num(p.threshold_group_weight)}` + (verdicts.length ? `, so ${verdicts.join(" and ")}.` : ".")));
  }
  box.appendChild(el("h3", "Theory (linear public goods, docs/model.md)"));
  box.appendChild(list);
  if (!f.exact) box.appendChild(el("p", "Choices in this scenario are noisy or the game is not linear: " +
    "the theory says which way agents lean, the model shows how much.", "note"));
  if (written) box.appendChild(el("p", `Session written to ${written}: alignsim report ${written}`, "note"));
  finalShown = written;
}

function render(view) {
  state = view;
  written = view.written || written;
  $("title").textContent = `${view.scenario.name}: play it with the class`;
  $("code").textContent = view.code;
  $("address").textContent = view.join_url;
  renderRoster(view);
  const played = view.history.length;
  const open = view.phase === "open";
  const ended = view.phase === "ended";
  $("start").textContent = `Start round ${played + 1}`;
  $("start").disabled = open || ended;
  $("close").disabled = !open;
  $("end").disabled = ended;
  $("roster-help").classList.toggle("hidden", open || ended);
  const results = $("results");
  results.replaceChildren();
  openRound = open ? view.round : null;
  showLeft(open ? view.round.seconds_left : null);
  if (ended) {
    $("headline").textContent = `The reveal: ${played} round${played === 1 ? "" : "s"} played`;
    if (played) {
      results.appendChild(groupFigures(view.history[played - 1].groups));
      if (finalShown !== written && !finalLoading) showFinal();
    }
    return;
  }
  if (open) {
    const r = view.round;
    results.appendChild(el("h2", "This round's pitches"));
    results.appendChild(leadersTable(r.offers, false));
  } else if (played) {
    const last = view.history[played - 1];
    $("headline").textContent = `Round ${last.round}: ${last.answered} of ${last.seats} answered in time`;
    results.appendChild(groupFigures(last.groups));
    results.appendChild(leadersTable(last.leaders, true));
    results.appendChild(thresholdNote(view.scenario));
  } else {
    $("headline").textContent = `${view.seats.length} joined. Start round 1 when everyone is in.`;
  }
  const box = $("trajectory");
  box.replaceChildren();
  if (played) box.appendChild(trajectory(view.history));
}

$("start").addEventListener("click", () => call("/api/teacher/start", {}));
$("close").addEventListener("click", () => call("/api/teacher/close", {}));
$("end").addEventListener("click", async () => {
  if (!confirm("End the game and reveal the model and the theory?")) return;
  const result = await call("/api/teacher/end", {});
  if (result.ok) written = result.data.written;
});
live("/ws/projector", TOKEN, {
  onView: render,
  onRefused: (reason) => { $("error").textContent = reason; },
  onStatus: (connected) => {
    const error = $("error");
    if (!connected) error.textContent = OFFLINE;
    else if (error.textContent === OFFLINE) error.textContent = "";
  },
});
