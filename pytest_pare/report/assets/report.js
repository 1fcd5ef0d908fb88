/* pytest-pare report: scenario table, run grid, details and trace views.
   State lives in the URL hash (#q=..&status=..&app=..&tag=..&scenario=..&trace=..)
   so a view can be linked, bookmarked, and opened by a headless browser. */
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("pare-data").textContent);
  const OUT = { P: "passed", F: "failed", A: "agent_error", I: "infra_error", E: "error", N: "no_validation" };
  const $ = (sel) => document.querySelector(sel);

  function el(tag, attrs, kids) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids || []) {
      if (kid !== null && kid !== undefined) node.append(kid);
    }
    return node;
  }
  const pct = (x) => (x === null || x === undefined ? "n/a" : (100 * x).toFixed(1) + "%");
  const secs = (x) => (x === null || x === undefined ? "" : Number(x).toFixed(2) + " s");

  // --- hash state -----------------------------------------------------------
  const state = { q: "", status: "", app: "", tag: "", sort: "id", dir: 1, scenario: "", trace: "" };
  function readHash() {
    const params = new URLSearchParams(location.hash.replace(/^#/, ""));
    for (const key of ["q", "status", "app", "tag", "scenario", "trace"]) {
      state[key] = params.get(key) || "";
    }
    if (params.get("sort")) {
      const s = params.get("sort");
      state.dir = s.startsWith("-") ? -1 : 1;
      state.sort = s.replace(/^-/, "");
    }
  }
  function writeHash() {
    const params = new URLSearchParams();
    for (const key of ["q", "status", "app", "tag", "scenario", "trace"]) {
      if (state[key]) params.set(key, state[key]);
    }
    if (state.sort !== "id" || state.dir !== 1) params.set("sort", (state.dir < 0 ? "-" : "") + state.sort);
    history.replaceState(null, "", "#" + params.toString());
  }

  // --- scenario table -------------------------------------------------------
  function status(s) {
    if (s.agent_errors) return "agent_error";
    if (s.infra_errors) return "infra_error";
    if (s.errors) return "error";
    if (s.failed && s.passed) return "mixed";
    if (s.failed) return "failed";
    return s.passed ? "passed" : "none";
  }
  function matches(s) {
    if (state.q) {
      const hay = [s.id, s.apps.join(" "), s.tags.join(" "), s.reason || ""].join(" ").toLowerCase();
      for (const word of state.q.toLowerCase().split(/\s+/).filter(Boolean)) {
        if (!hay.includes(word)) return false;
      }
    }
    if (state.status) {
      const st = status(s);
      if (state.status === "failing") {
        if (!(s.failed || s.errors)) return false;
      } else if (state.status === "error" || state.status.endsWith("_error")) {
        const n = { error: s.errors, agent_error: s.agent_errors, infra_error: s.infra_errors }[state.status];
        if (!n) return false;
      } else if (st !== state.status) return false;
    }
    if (state.app && !s.apps.includes(state.app)) return false;
    if (state.tag && !s.tags.includes(state.tag)) return false;
    return true;
  }
  const sorters = {
    id: (s) => s.id,
    rate: (s) => (s.passed / Math.max(1, s.runs)),
    errors: (s) => s.errors,
    apps: (s) => s.apps.join(","),
  };
  function chips(s) {
    return el("span", { class: "chips" }, s.r.map((r) => el("span", {
      class: "chip o-" + OUT[r[2]],
      title: D.noise[r[0]] + " run " + r[1] + ": " + OUT[r[2]] + (r[10] ? " (cached)" : ""),
    })));
  }
  function renderTable() {
    const body = $("#scenario-rows");
    const key = sorters[state.sort] || sorters.id;
    const shown = D.scenarios.filter(matches).sort((a, b) => {
      const x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : 0) * state.dir || (a.id < b.id ? -1 : 1);
    });
    const frag = document.createDocumentFragment();
    for (const s of shown) {
      frag.append(el("tr", { "data-id": s.id, "data-status": status(s) }, [
        el("td", {}, [el("a", { href: "#scenario=" + encodeURIComponent(s.id), text: s.id })]),
        el("td", {}, s.apps.map((a) => el("span", { class: "tag", text: a }))),
        el("td", {}, s.tags.map((t) => el("span", { class: "tag", text: t }))),
        el("td", {}, [chips(s)]),
        el("td", { text: s.passed + "/" + s.runs + (s.errors ? " (" + s.errors + " err" + (s.agent_errors ? ", " + s.agent_errors + " agent" : "") + ")" : "") }),
        el("td", { class: "reason", text: s.reason || "" }),
      ]));
    }
    body.replaceChildren(frag);
    $("#table-count").textContent = shown.length + " of " + D.scenarios.length + " scenarios";
  }
  function fillSelect(sel, values) {
    for (const v of values) sel.append(el("option", { value: v, text: v }));
  }
  function setupFilters() {
    const apps = [...new Set(D.scenarios.flatMap((s) => s.apps))].sort();
    const tags = [...new Set(D.scenarios.flatMap((s) => s.tags))].sort();
    fillSelect($("#f-app"), apps);
    fillSelect($("#f-tag"), tags);
    const bind = (id, key) => {
      const input = $(id);
      input.addEventListener("input", () => { state[key] = input.value; writeHash(); renderTable(); });
    };
    bind("#f-q", "q"); bind("#f-status", "status"); bind("#f-app", "app"); bind("#f-tag", "tag");
    for (const th of document.querySelectorAll("th[data-sort]")) {
      th.addEventListener("click", () => {
        const k = th.getAttribute("data-sort");
        state.dir = state.sort === k ? -state.dir : 1;
        state.sort = k;
        writeHash(); renderTable();
      });
    }
  }
  function syncInputs() {
    $("#f-q").value = state.q; $("#f-status").value = state.status;
    $("#f-app").value = state.app; $("#f-tag").value = state.tag;
  }

  // --- scenario x run grid --------------------------------------------------
  function renderGrid() {
    const cols = [];
    D.noise.forEach((n, i) => { for (let r = 1; r <= D.k; r++) cols.push([i, r]); });
    // The first column of each noise level is set apart, so levels read as blocks.
    const gap = (r) => (D.noise.length > 1 && r === 1 ? "gap" : null);
    const runHead = el("tr", {}, [el("th", { text: D.noise.length > 1 ? "" : "scenario / run" })].concat(cols.map(([i, r]) =>
      el("th", { class: ["run", gap(r)].filter(Boolean).join(" "), title: D.noise[i] + " run " + r, text: String(r) }))));
    // With several noise levels a header row names each level above its runs.
    const levelHead = D.noise.length > 1 ? el("tr", {}, [el("th", { text: "scenario / noise, run" })].concat(D.noise.map((n) =>
      el("th", { class: "lvl gap", colspan: String(D.k), text: n })))) : null;
    const rows = D.scenarios.map((s) => {
      const byCol = new Map(s.r.map((r) => [r[0] + ":" + r[1], r]));
      return el("tr", {}, [el("th", { text: s.id })].concat(cols.map(([i, r]) => {
        const run = byCol.get(i + ":" + r);
        if (!run) return el("td", { class: gap(r) });
        const href = run[8] === 1 ? "#trace=" + encodeURIComponent(run[7]) : "#scenario=" + encodeURIComponent(s.id);
        return el("td", { class: gap(r) }, [el("a", {
          class: "c o-" + OUT[run[2]] + (run[10] ? " cached" : ""), href: href,
          title: s.id + " · " + D.noise[i] + " · run " + r + ": " + OUT[run[2]] + (run[10] ? " (cached)" : ""),
        })]);
      })));
    });
    $("#grid").replaceChildren(el("table", {}, [el("thead", {}, [levelHead, runHead]), el("tbody", {}, rows)]));
  }

  // --- details and trace ----------------------------------------------------
  function findRun(key) {
    for (const s of D.scenarios) for (const r of s.r) if (r[7] === key) return [s, r];
    return [null, null];
  }
  function renderDetails() {
    const box = $("#details");
    const s = D.scenarios.find((x) => x.id === state.scenario);
    if (!s) { box.hidden = true; return; }
    const rows = s.r.map((r) => el("tr", { class: "run" }, [
      el("td", { text: D.noise[r[0]] }), el("td", { text: String(r[1]) }),
      el("td", {}, [el("span", { class: "chip o-" + OUT[r[2]] }), OUT[r[2]] + (r[10] ? " (cached)" : "")]),
      el("td", { text: secs(r[3]) }),
      el("td", { text: r[4] === null ? "" : r[4] + " / " + (r[5] === null ? "-" : r[5]) }),
      el("td", { class: "reason", text: (r[9] ? r[9] + ": " : "") + (r[6] || "") }),
      el("td", {}, [r[8] === 1 ? el("a", { href: "#trace=" + encodeURIComponent(r[7]), text: "trace" })
        : r[8] === 2 ? "trace in results folder" : "no trace"]),
    ]));
    box.replaceChildren(el("h2", { text: "Scenario " + s.id }),
      el("p", { class: "muted", text: "apps: " + (s.apps.join(", ") || "-") + " · tags: " + (s.tags.join(", ") || "-") }),
      el("table", { class: "data" }, [
        el("thead", {}, [el("tr", {}, ["noise", "run", "outcome", "duration", "proposals / accepted", "rationale", ""].map((t) => el("th", { text: t })))]),
        el("tbody", {}, rows)]),
      el("p", {}, [el("a", { href: "#", text: "close" })]));
    box.hidden = false;
  }
  const KIND_LABEL = { env: "environment", user: "user", proposal: "proposal", accept: "accepted", reject: "rejected", assistant: "assistant", other: "event" };
  function renderTrace() {
    const box = $("#trace");
    const tr = D.traces[state.trace];
    const [s, run] = findRun(state.trace);
    if (!tr || !s) { box.hidden = true; return; }
    const end = Math.max(tr.end || 0, ...tr.ev.map((e) => e[0] || 0), 1);
    const svgNS = "http://www.w3.org/2000/svg";
    const strip = document.createElementNS(svgNS, "svg");
    strip.setAttribute("class", "strip"); strip.setAttribute("viewBox", "0 0 1000 28");
    strip.setAttribute("preserveAspectRatio", "none");
    const axis = document.createElementNS(svgNS, "line");
    for (const [a, v] of [["x1", 0], ["x2", 1000], ["y1", 14], ["y2", 14], ["stroke", "#d0d7de"]]) axis.setAttribute(a, v);
    strip.append(axis);
    const colour = { env: "#8250df", user: "#0969da", proposal: "#bf8700", accept: "#1a7f37", reject: "#cf222e", assistant: "#57606a", other: "#9e9e9e" };
    for (const e of tr.ev) {
      const m = document.createElementNS(svgNS, "rect");
      const x = 1000 * (e[0] || 0) / end;
      for (const [a, v] of [["x", Math.min(998, x)], ["y", e[6] ? 2 : 6], ["width", 2], ["height", e[6] ? 24 : 16], ["fill", e[6] ? "#cf222e" : colour[e[1]] || "#9e9e9e"]]) m.setAttribute(a, v);
      strip.append(m);
    }
    // The assistant's idle "wait" calls are most of an agent trace: keep them, but quiet.
    const items = tr.ev.map((e) => el("li", { class: "ev k-" + e[1] + (e[6] ? " err" : "") + (e[3] === "wait" && !e[6] ? " quiet" : ""), "data-kind": e[1] }, [
      el("span", { class: "t", text: "t+" + Number(e[0] || 0).toFixed(1) + "s" }),
      el("span", { class: "k", text: (KIND_LABEL[e[1]] || e[1]) + (e[7] && e[1] === "assistant" ? " · " + e[7] : "") }),
      el("code", { text: (e[2] ? e[2] + "." : "") + (e[3] || "") + (e[4] ? "(" + e[4] + ")" : "") }),
      e[6] ? el("span", { class: "ret", text: "raised: " + e[6] }) : (e[5] ? el("span", { class: "ret", text: "→ " + e[5] }) : null),
    ]));
    const transcript = (tr.transcript || []).map((m) => el("div", {}, [
      el("strong", { text: m[0] + (m[1] ? " · " + m[1] : "") }), el("pre", { text: m[2] })]));
    // One line per model call: round, role, what came of the answer; open it for the
    // newest prompt message and the raw answer.
    const calls = (tr.calls || []).map((c) => el("details", { class: "call" + (c[3].startsWith("invalid") || c[3].startsWith("raised") ? " err" : "") }, [
      el("summary", { text: "round " + c[0] + " · " + c[2] + " · " + (c[6] || 0) + "+" + (c[7] || 0) + " tok · " +
        Number(c[8] || 0).toFixed(2) + " s · " + (c[3] || "") }),
      el("div", { class: "muted", text: "prompt: " + c[9] + " messages; the newest:" }), el("pre", { text: c[5] }),
      el("div", { class: "muted", text: "answer:" }), el("pre", { text: c[4] })]));
    box.replaceChildren(
      el("h2", { text: "Trace: " + s.id + " · " + D.noise[run[0]] + " · run " + run[1] }),
      el("div", { class: "trace-layout" }, [
        el("div", {}, [
          strip,
          tr.ev.length ? el("ol", { class: "tl" }, items) : el("p", { class: "muted", text: "No events in this trace." }),
          transcript.length ? el("div", { class: "transcript" }, [el("h3", { text: "Conversation" })].concat(transcript)) : null,
          calls.length ? el("div", { class: "transcript calls" }, [el("h3", { text: "Model calls" + (tr.calls_omitted ? " (first " + calls.length + ", " + tr.calls_omitted + " more in the trace file)" : "") })].concat(calls)) : null,
        ]),
        el("div", { class: "panel" }, [
          el("h3", { text: "Validation" }),
          el("p", {}, [el("span", { class: "chip o-" + OUT[run[2]] }), OUT[run[2]] + (tr.decision ? " (" + tr.decision + ")" : "")]),
          el("p", { class: "rationale", text: tr.rationale || run[6] || "No rationale recorded." }),
          run[9] ? el("p", { class: "reason", text: "exception: " + run[9] }) : null,
          el("p", {}, [el("a", { href: "#scenario=" + encodeURIComponent(s.id), text: "back to scenario" }), " · ",
            el("a", { href: "#", text: "close" })]),
        ]),
      ]));
    box.hidden = false;
  }

  function route() {
    readHash(); syncInputs(); renderTable(); renderDetails(); renderTrace();
    const target = state.trace ? $("#trace") : state.scenario ? $("#details") : null;
    // Scroll only when the opened panel's heading is out of sight (e.g. after a click
    // far down the grid); a panel already on screen stays put, header and all.
    if (target && !target.hidden) {
      const top = target.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight / 2) window.scrollTo(0, window.scrollY + top - 8);
    }
  }
  setupFilters();
  renderGrid();
  window.addEventListener("hashchange", route);
  route();
  document.body.setAttribute("data-ready", "1");
})();
