// The students' page: join with a code and a name, then answer each round.
// The seat's view comes live from the server (live.js); answers go as requests, each answered.
"use strict";

const params = new URLSearchParams(location.search);
const OFFLINE = "No connection to the class: trying again…";
let token = localStorage.getItem("alignsim-seat");
let connection = null;
let shownRound = null;   // the round whose form is on screen
let answering = null;    // the round whose countdown is on screen
let picked = { leader: null, contribute: null };
const showLeft = countdown((left) => {
  if (answering !== null) $("status").textContent = `Round ${answering}: ${left} s left`;
});

async function join() {
  $("join-error").textContent = "";
  const result = await api("/api/join", {}, { code: $("code").value, name: $("name").value });
  if (!result.ok) { $("join-error").textContent = result.data.error; return; }
  token = result.data.token;
  localStorage.setItem("alignsim-seat", token);
  goLive();
}

function leaveSeat() {   // the seat is unknown here (another session): join again
  localStorage.removeItem("alignsim-seat");
  token = null;
  $("play").classList.add("hidden");
  $("join").classList.remove("hidden");
}

function goLive() {
  if (connection) connection.stop();
  connection = live("/ws/student", token, {
    onView: render,
    onRefused: leaveSeat,
    onStatus: (connected) => {
      const error = $("play-error");
      if (!connected) error.textContent = OFFLINE;
      else if (error.textContent === OFFLINE) error.textContent = "";
    },
  });
}

function optionButton(title, lines, chosen, onClick) {
  const button = el("button", null, "option" + (chosen ? " chosen" : ""));
  button.type = "button";
  button.appendChild(el("div", title, "title"));
  for (const line of lines) button.appendChild(el("div", line));
  button.addEventListener("click", onClick);
  return button;
}

function followerForm(round) {
  const box = $("choose");
  box.replaceChildren();
  box.appendChild(el("h2", "Whom do you follow?"));
  for (const offer of round.offers) {
    const lines = [
      `Project multiplies what the team gives by ${num(offer.vision, 1)}.`,
      `Promises you ${num(offer.pitch)} if the whole team gives.`,
      `Your trust in this leader: ${num(offer.trust)}`,
    ];
    if (offer.capacity !== null) lines.push(`Takes at most ${offer.capacity} followers: ` +
      "if more ask, those who trust this leader most get in.");
    box.appendChild(optionButton(offer.name, lines, picked.leader === offer.slot, () => { picked.leader = offer.slot; followerForm(round); }));
  }
  box.appendChild(optionButton("Stay out", ["Keep your 1 and take no part this round."],
    picked.leader === -1, () => { picked.leader = -1; picked.contribute = false; followerForm(round); }));
  if (picked.leader !== null && picked.leader !== -1) {
    box.appendChild(el("h2", "Do you give your 1 to the project?"));
    const pair = el("div", null, "pair");
    pair.appendChild(optionButton("Give it", [], picked.contribute === true,
      () => { picked.contribute = true; followerForm(round); }));
    pair.appendChild(optionButton("Keep it", [], picked.contribute === false,
      () => { picked.contribute = false; followerForm(round); }));
    box.appendChild(pair);
  }
  const ready = picked.leader === -1 || (picked.leader !== null && picked.contribute !== null);
  const send = el("button", "Send my answer", "bigbutton");
  send.disabled = !ready;
  send.addEventListener("click", () =>
    answer({ round: round.number, leader: picked.leader, contribute: picked.leader !== -1 && picked.contribute }));
  box.appendChild(send);
}

function leaderForm(round) {
  const box = $("choose");
  box.replaceChildren();
  const mine = round.my_offer;
  box.appendChild(el("h2", `You lead: ${mine.name}`));
  box.appendChild(el("p", `This round you promise ${num(mine.pitch)} to each follower ` +
    `(hype ${num(mine.hype, 1)}, you keep ${pct(mine.cut)} of the output).`));
  box.appendChild(el("h2", "Your pitch for the next round"));
  const rows = [
    ["hype", "Hype: how much you oversell", 0, round.hype_max, 0.1, mine.hype],
    ["cut", "Your cut: share of the output you keep", 0, 1, 0.05, mine.cut],
  ];
  const inputs = {};
  const preview = el("p", "", "status");
  const update = () => {
    const wiifm = (1 - inputs.cut.value) * mine.vision;
    preview.textContent = `You will promise ${num((1 + Number(inputs.hype.value)) * wiifm)} ` +
      `(the project can pay ${num(wiifm)}).`;
  };
  for (const [key, label, min, max, step, value] of rows) {
    const row = el("div", null, "slider-row");
    const caption = el("label", `${label}: ${num(value, 2)}`);
    const input = el("input");
    Object.assign(input, { type: "range", min, max, step, value });
    input.setAttribute("aria-label", label);
    input.addEventListener("input", () => { caption.textContent = `${label}: ${num(input.value, 2)}`; update(); });
    inputs[key] = input;
    row.append(caption, input);
    box.appendChild(row);
  }
  update();
  box.appendChild(preview);
  const send = el("button", "Send my pitch", "bigbutton");
  send.addEventListener("click", () =>
    answer({ round: round.number, hype: Number(inputs.hype.value), cut: Number(inputs.cut.value) }));
  box.appendChild(send);
}

async function answer(body) {
  $("play-error").textContent = "";
  const result = await api("/api/decide", { "X-Seat-Token": token }, body);
  if (!result.ok) $("play-error").textContent = result.data.error;
}

function describeChoice(choice) {
  if ("hype" in choice) return `pitch for next round: hype ${num(choice.hype, 1)}, cut ${pct(choice.cut)}`;
  if (choice.leader === -1) return "you stay out";
  return choice.contribute ? "you follow and give" : "you follow and keep";
}

function showLast(last) {
  const box = $("last");
  box.classList.toggle("hidden", !last);
  if (!last) return;
  box.replaceChildren(el("h2", `Round ${last.round}: you earned ${num(last.payoff)}`));
  box.appendChild(el("p", `Your total so far: ${num(last.wealth)}`));
  if (last.default) box.appendChild(el("p", "You did not answer in time, so " +
    (last.role === "leader" ? "your pitch stayed as it was." : "you stayed out.")));
  if (last.role === "leader") {
    box.appendChild(el("p", last.team ? `${last.team} followed you; ${pct(last.team_contribution)} of them gave.`
      : "Nobody followed you this round."));
  } else if (last.full) {
    box.appendChild(el("p", `${last.full} was full: the places went to those who trust ` +
      `${last.full} most, so you stayed out this round.`));
  } else if (last.leader) {
    box.appendChild(el("p", `You followed ${last.leader} and ${last.contributed ? "gave" : "kept"} your 1; ` +
      `${pct(last.team_contribution)} of the team gave.`));
  } else {
    box.appendChild(el("p", "You stayed out."));
  }
}

function render(view) {
  $("join").classList.add("hidden");
  $("play").classList.remove("hidden");
  $("who").textContent = `Seat ${view.seat} · ${view.name} · ${view.role === "leader" ? "leader" : "follower"}`;
  showLast(view.last);
  const round = view.round;
  const choose = $("choose");
  answering = round && round.playing && !round.answered && view.phase !== "ended" ? round.number : null;
  if (view.phase === "ended") {
    $("status").textContent = "The game has ended. Look at the projector.";
    choose.classList.add("hidden");
  } else if (!round) {
    $("status").textContent = "Waiting for your teacher to start the next round…";
    choose.classList.add("hidden");
    shownRound = null;
  } else if (!round.playing) {
    $("status").textContent = `Round ${round.number} has started: you play from the next one.`;
    choose.classList.add("hidden");
  } else if (round.answered) {
    $("status").textContent = `Round ${round.number}: answer sent (${describeChoice(round.choice)}). ` +
      "Waiting for the others…";
    choose.classList.add("hidden");
  } else {
    choose.classList.remove("hidden");
    if (shownRound !== round.number) {
      shownRound = round.number;
      picked = { leader: null, contribute: null };
      $("play-error").textContent = "";
      if (round.role === "leader") leaderForm(round); else followerForm(round);
    }
  }
  showLeft(answering === null ? null : round.seconds_left);
}

$("code").value = params.get("code") || "";
$("join-button").addEventListener("click", join);
$("name").addEventListener("keydown", (event) => { if (event.key === "Enter") join(); });
if (token) goLive();
