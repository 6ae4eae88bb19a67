// PaxosAkka web console. Plain JavaScript, no framework and no CDN: the node serves this file from memory.
// Everything the cluster says is written with textContent (never parsed as markup), so keys and values cannot inject markup.
"use strict";
(() => {
  const $ = id => document.getElementById(id);
  const SVG = "http://www.w3.org/2000/svg";
  const HISTORY_MS = 120000;
  const MAX_SAMPLES = 240;
  const STALE_MS = 3000;
  const ROLE_LETTERS = { proposer: "P", acceptor: "A", learner: "L", store: "S" };
  const REASONS = { 200: "OK", 400: "Bad Request", 404: "Not Found", 409: "Conflict", 413: "Payload Too Large", 500: "Internal Server Error", 503: "Service Unavailable" };
  const META_PREFIX = ".file-meta/";
  const VALUE_LIMIT = 1024 * 1024;
  const SEND_LIMIT = 16 * 1024 * 1024; // what the node drains before answering 413; above it the connection would just break

  let samples = [];
  let lastEventAt = 0;
  let lastServerTime = 0;
  let source = null;
  let filesCursor = null;

  // ---------- small helpers ----------
  function setText(target, value) {
    (typeof target === "string" ? $(target) : target).textContent = value === null || value === undefined ? "none" : String(value);
  }

  function element(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "text") e.textContent = v;
      else if (k === "className") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  function svgElement(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  }

  const encodeKey = key => encodeURIComponent(key);
  const nodeName = id => (id === null || id === undefined ? "none" : "node " + id);

  function bytes(n) {
    if (n < 1024) return n + " B";
    if (n < 1024 * 1024) return (n / 1024).toFixed(1) + " KiB";
    return (n / 1024 / 1024).toFixed(2) + " MiB";
  }

  function show(target, ok, lines) {
    const out = $(target);
    out.className = "result " + (ok ? "ok" : "error");
    out.textContent = lines.join("\n");
  }

  async function errorText(response) {
    const body = await response.text();
    try {
      const json = JSON.parse(body);
      if (json && typeof json.error === "string") {
        return json.error + (json.outcome ? " (outcome " + json.outcome + "; " + json.hint + ")" : "");
      }
    } catch (_) { /* not JSON: show it as it came */ }
    return body;
  }

  const statusLine = r => r.status + " " + (r.statusText || REASONS[r.status] || "");

  // ---------- live status (server-sent events) ----------
  function setConnection(state, detail) {
    const pill = $("connection");
    pill.dataset.state = state;
    pill.textContent = state === "live" ? "live" : state === "stale" ? "no update for " + detail + " s" : state === "reconnecting" ? "reconnecting…" : "connecting…";
  }

  function connect() {
    if (source) source.close();
    source = new EventSource("/events");
    source.addEventListener("status", e => {
      lastEventAt = Date.now();
      setConnection("live");
      render(JSON.parse(e.data));
    });
    source.addEventListener("error", () => {
      setConnection("reconnecting");
      // The browser retries by itself while the stream is only broken; a refused stream is closed for good.
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 2000);
    });
  }

  setInterval(() => {
    const age = Date.now() - lastEventAt;
    if (lastEventAt && age > STALE_MS && $("connection").dataset.state === "live") setConnection("stale", Math.round(age / 1000));
  }, 1000);

  function render(ev) {
    const banner = $("status-error");
    if (ev.error) {
      banner.hidden = false;
      banner.textContent = ev.error;
      return;
    }
    banner.hidden = true;
    lastServerTime = ev.atMs;
    setText("self", ev.self);
    setText("self-2", ev.self);
    document.title = "PaxosAkka console · node " + ev.self;
    setText("serving", ev.servesKv ? "" : "(hands key-value requests to the node that serves them)");
    renderCluster(ev.cluster, ev.self);
    renderProgress(ev);
    renderLog(ev.log);
  }

  // ---------- cluster map ----------
  function renderCluster(cluster, self) {
    const members = cluster.members;
    const leader = cluster.leader;
    const reachable = members.filter(m => m.reachable).length;
    setText("leader", nodeName(leader));
    $("leader").dataset.leader = leader === null ? "" : String(leader);
    setText("member-count", members.length + " (" + reachable + " reachable)");

    const n = members.length;
    const radius = n <= 1 ? 0 : Math.max(70, n * 13);
    const size = 2 * radius + 110;
    const cx = size / 2, cy = radius + 45;
    const map = $("cluster-map");
    map.setAttribute("viewBox", "0 0 " + size + " " + (2 * radius + 110));
    const at = members.map((m, i) => {
      const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
      return { m, x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle) };
    });
    const nodes = [];
    const leaderAt = at.find(p => p.m.id === leader);
    if (leaderAt) {
      for (const p of at) {
        if (p !== leaderAt && p.m.reachable) nodes.push(svgElement("line", { class: "link", x1: leaderAt.x, y1: leaderAt.y, x2: p.x, y2: p.y }));
      }
    }
    for (const p of at) {
      const m = p.m;
      const g = svgElement("g", {
        class: "member", "data-node": m.id, "data-reachable": m.reachable, "data-leader": m.id === leader, "data-self": m.id === self,
      });
      g.append(svgElement("title", {}, "node " + m.id + ": " + m.roles.join(", ") + " — " + m.status));
      if (m.id === leader) g.append(svgElement("circle", { class: "halo", cx: p.x, cy: p.y, r: 30 }));
      g.append(svgElement("circle", { class: "body", cx: p.x, cy: p.y, r: 24 }));
      g.append(svgElement("text", { class: "id", x: p.x, y: p.y }, "n" + m.id));
      g.append(svgElement("text", { class: "roles", x: p.x, y: p.y + 36 }, m.roles.map(r => ROLE_LETTERS[r] || r).join(" ")));
      const tag = !m.reachable ? "unreachable" : m.id === leader ? "leader" : "";
      if (tag) g.append(svgElement("text", { class: "tag", x: p.x, y: p.y + 48 }, tag));
      nodes.push(g);
    }
    map.replaceChildren(...nodes);

    const rows = members.map(m => {
      const link = element("a", { href: m.httpUrl, text: "open" });
      const tr = element("tr", { className: (m.reachable ? "" : "unreachable ") + (m.id === leader ? "leader" : ""), "data-node": m.id },
        element("td", { text: m.id + (m.id === leader ? " ★ leader" : "") + (m.id === self ? " (this)" : "") }),
        element("td", { text: m.roles.join(", ") }),
        element("td", { text: m.reachable ? "up" : "unreachable" }),
        element("td", {}, link));
      return tr;
    });
    $("members").replaceChildren(...rows);
  }

  // ---------- Paxos progress ----------
  function renderProgress(ev) {
    samples = ev.full ? ev.progress.slice() : samples.concat(ev.progress);
    if (samples.length > MAX_SAMPLES) samples = samples.slice(samples.length - MAX_SAMPLES);
    const last = samples[samples.length - 1];
    setText("rate", last ? last.slotsPerSecond.toFixed(1) : "?");
    setText("ballot", ev.ballot);
    setText("first-unchosen", ev.paxos.firstUnchosenSlot);
    setText("last-applied", ev.paxos.lastAppliedSlot);
    setText("leader-changes", leaderChanges(samples).length);
    renderLeaderHistory();
    drawChart();
  }

  // Newest first: when each leader took over as this node saw it, and under which ballot.
  function renderLeaderHistory() {
    const entries = [];
    let known = null;
    for (const s of samples) {
      if (s.leader === null || s.leader === known) continue;
      entries.push(element("li", {},
        element("span", { className: "muted", text: new Date(s.atMs).toLocaleTimeString() + " " }),
        (known === null ? "node " + s.leader + " leads" : "node " + known + " → node " + s.leader) + ", ballot " + s.ballot));
      known = s.leader;
    }
    $("leader-history").replaceChildren(...entries.reverse().slice(0, 6));
  }

  // A change is a sample whose known leader differs from the last leader known before it.
  function leaderChanges(list) {
    const changes = [];
    let known = null;
    for (const s of list) {
      if (s.leader === null) continue;
      if (known !== null && s.leader !== known) changes.push(s);
      known = s.leader;
    }
    return changes;
  }

  function drawChart() {
    const canvas = $("progress-chart");
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 640, height = canvas.clientHeight || 170;
    if (canvas.width !== Math.round(width * ratio)) { canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio); }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const left = 44, right = width - 10, top = 14, bottom = height - 22;
    const now = lastServerTime || (samples.length ? samples[samples.length - 1].atMs : 0);
    // The window grows with the history this node kept, from 30 s up to two minutes.
    const span = Math.min(HISTORY_MS, Math.max(30000, samples.length ? now - samples[0].atMs : 0));
    const x = t => left + ((t - (now - span)) / span) * (right - left);
    const max = niceMax(Math.max(1, ...samples.map(s => s.slotsPerSecond)));
    const y = v => bottom - (v / max) * (bottom - top);
    const css = getComputedStyle(document.documentElement);
    const color = name => css.getPropertyValue(name).trim();

    // Spans without a known leader.
    g.fillStyle = color("--none");
    for (let i = 0; i < samples.length; i++) {
      if (samples[i].leader !== null) continue;
      const next = samples[i + 1] ? samples[i + 1].atMs : now;
      g.fillRect(Math.max(left, x(samples[i].atMs)), top, Math.max(1, x(next) - x(samples[i].atMs)), bottom - top);
    }

    // Axes and grid.
    g.strokeStyle = "#dde1e7"; g.lineWidth = 1; g.fillStyle = "#6b7280"; g.font = "11px system-ui, sans-serif";
    for (const v of [0, max / 2, max]) {
      g.beginPath(); g.moveTo(left, y(v)); g.lineTo(right, y(v)); g.stroke();
      g.fillText(formatRate(v), 4, y(v) + 4);
    }
    for (const [label, t] of [["-" + Math.round(span / 1000) + " s", now - span], ["-" + Math.round(span / 2000) + " s", now - span / 2], ["now", now]]) {
      const w = g.measureText(label).width;
      g.fillText(label, Math.min(right - w, Math.max(left, x(t) - w / 2)), height - 6);
    }

    // Leader changes.
    g.strokeStyle = color("--leader"); g.fillStyle = "#9a6a00"; g.setLineDash([4, 3]); g.lineWidth = 1.5;
    for (const s of leaderChanges(samples)) {
      const px = x(s.atMs);
      if (px < left) continue;
      g.beginPath(); g.moveTo(px, top); g.lineTo(px, bottom); g.stroke();
      g.fillText("→ n" + s.leader, Math.min(px + 3, right - 30), top + 9);
    }
    g.setLineDash([]);

    // Chosen slots per second.
    g.strokeStyle = color("--accent"); g.lineWidth = 2; g.beginPath();
    let started = false;
    for (const s of samples) {
      const px = x(s.atMs);
      if (px < left) continue;
      if (started) g.lineTo(px, y(s.slotsPerSecond)); else { g.moveTo(px, y(s.slotsPerSecond)); started = true; }
    }
    g.stroke();
  }

  function niceMax(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5, 10]) if (v <= m * p) return m * p;
    return 10 * p;
  }

  const formatRate = v => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(0) : v.toFixed(1));

  // ---------- chosen log ----------
  function renderLog(log) {
    $("log-empty").hidden = log.length > 0;
    const rows = log.map(entry => {
      const cell = element("td");
      if (entry.commandCount === 0) cell.append(element("span", { className: "muted", text: "no-op (gap filled by a new leader)" }));
      for (const c of entry.commands) {
        const line = element("div", {},
          element("span", { className: "kind", text: c.kind }),
          " " + (c.key === null ? "" : c.kind === "list" ? "prefix '" + c.key + "'" : c.key),
          element("span", { className: "muted", text: (c.size ? " · " + bytes(c.size) : "") + " · " + c.client + "#" + c.sequence }));
        cell.append(line);
      }
      if (entry.commandCount > entry.commands.length) cell.append(element("div", { className: "muted", text: "+ " + (entry.commandCount - entry.commands.length) + " more in this batch" }));
      return element("tr", { "data-slot": entry.slot }, element("td", { className: "num", text: entry.slot }), cell);
    });
    $("log").replaceChildren(...rows);
  }

  // ---------- key-value forms ----------
  $("kv-form").addEventListener("submit", async e => {
    e.preventDefault();
    const op = e.submitter ? e.submitter.dataset.op : "get";
    const key = $("kv-key").value;
    if (!key) { show("kv-result", false, ["enter a key"]); return; }
    const url = "/kv/" + encodeKey(key);
    const label = op.toUpperCase() + " " + key;
    try {
      let r;
      if (op === "put") r = await fetch(url, { method: "PUT", body: $("kv-value").value });
      else if (op === "get") r = await fetch(url);
      else if (op === "delete") r = await fetch(url, { method: "DELETE" });
      else {
        const expected = $("kv-absent").checked ? null : $("kv-expected").value;
        r = await fetch(url + "/cas", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ expected, value: $("kv-value").value }) });
      }
      if (r.status === 409) {
        const body = await r.json();
        show("kv-result", false, [label + " → " + statusLine(r), "conflict: the current value is " + (body.current === null ? "absent" : JSON.stringify(body.current))]);
      } else if (!r.ok) {
        show("kv-result", false, [label + " → " + statusLine(r), await errorText(r)]);
      } else if (op === "get") {
        const value = new Uint8Array(await r.arrayBuffer());
        show("kv-result", true, [label + " → " + statusLine(r) + " (revision " + r.headers.get("X-Revision") + ", " + bytes(value.length) + ")", new TextDecoder().decode(value)]);
      } else {
        const body = await r.json();
        show("kv-result", true, [label + " → " + statusLine(r), "revision " + (body.revision === null ? "unknown (a retry of an applied write)" : body.revision)]);
      }
    } catch (error) {
      show("kv-result", false, [label + " failed: " + error]);
    }
  });

  $("prime-form").addEventListener("submit", async e => {
    e.preventDefault();
    const n = $("prime-n").value.trim();
    show("prime-result", true, ["checking " + n + " by consensus…"]);
    try {
      const r = await fetch("/prime/" + encodeURIComponent(n), { method: "POST" });
      if (!r.ok) { show("prime-result", false, ["prime " + n + " → " + statusLine(r), await errorText(r)]); return; }
      const v = await r.json();
      show("prime-result", true, [
        v.n + (v.prime ? " is prime" : " is not prime" + (v.divisor ? ": " + v.divisor + " divides it" : "")),
        "recorded at revision " + v.revision + "; checked by nodes " + v.checkedBy.join(", ")]);
    } catch (error) {
      show("prime-result", false, ["prime " + n + " failed: " + error]);
    }
  });

  // ---------- files ----------
  async function listFiles(reset) {
    const prefix = $("files-prefix").value;
    if (reset) filesCursor = null;
    const query = new URLSearchParams({ prefix, limit: "50" });
    if (filesCursor) query.set("after", filesCursor);
    try {
      const r = await fetch("/kv?" + query);
      if (!r.ok) { show("files-result", false, ["list '" + prefix + "' → " + statusLine(r), await errorText(r)]); return; }
      const page = await r.json();
      const showMeta = $("files-show-meta").checked || prefix.startsWith(META_PREFIX);
      const visible = page.keys.filter(k => showMeta || !k.key.startsWith(META_PREFIX));
      const rows = visible.map(k => element("tr", { "data-key": k.key },
        element("td", { text: k.key }),
        element("td", { className: "num", text: bytes(k.size) }),
        element("td", { className: "num", text: k.revision }),
        element("td", {},
          element("a", { href: "/files/" + encodeKey(k.key), className: "download", "data-key": k.key, text: "download" }),
          " ",
          deleteButton(k.key))));
      if (reset) $("files").replaceChildren(...rows); else $("files").append(...rows);
      filesCursor = page.next;
      $("files-more").hidden = page.next === null;
      const hidden = page.keys.length - visible.length;
      setText("files-summary", $("files").children.length + " key(s) with prefix '" + prefix + "' as of revision " + page.revision
        + (hidden ? "; " + hidden + " metadata key(s) hidden" : "") + (page.next === null ? "" : "; more follow"));
    } catch (error) {
      show("files-result", false, ["list failed: " + error]);
    }
  }

  function deleteButton(key) {
    const b = element("button", { type: "button", className: "small danger", "data-key": key, text: "delete" });
    b.addEventListener("click", async () => {
      try {
        const r = await fetch("/files/" + encodeKey(key), { method: "DELETE" });
        if (r.ok) show("files-result", true, ["deleted " + key + " at revision " + (await r.json()).revision]);
        else show("files-result", false, ["delete " + key + " → " + statusLine(r), await errorText(r)]);
      } catch (error) {
        show("files-result", false, ["delete " + key + " failed: " + error]);
      }
      await listFiles(true);
    });
    return b;
  }

  $("files-list-form").addEventListener("submit", e => { e.preventDefault(); listFiles(true); });
  $("files-show-meta").addEventListener("change", () => listFiles(true));
  $("files-more").addEventListener("click", () => listFiles(false));

  $("upload-form").addEventListener("submit", async e => {
    e.preventDefault();
    const file = $("upload-file").files[0];
    if (!file) { show("files-result", false, ["choose a file"]); return; }
    const key = $("upload-key").value || "files/" + file.name;
    if (file.size > SEND_LIMIT) {
      show("files-result", false, [file.name + " is " + bytes(file.size) + ": a file may be at most " + VALUE_LIMIT + " bytes (1 MiB), the limit of one value"]);
      return;
    }
    show("files-result", true, ["uploading " + file.name + " (" + bytes(file.size) + ") as " + key + "…"]);
    try {
      const r = await fetch("/files/" + encodeKey(key) + "?name=" + encodeURIComponent(file.name), {
        method: "PUT", headers: { "Content-Type": file.type || "application/octet-stream" }, body: file,
      });
      if (!r.ok) { show("files-result", false, ["upload " + file.name + " → " + statusLine(r), await errorText(r)]); return; }
      const u = await r.json();
      show("files-result", true, ["uploaded " + u.name + " as " + u.key + " (" + bytes(u.size) + ", " + u.contentType + ") at revision " + u.revision]);
      await listFiles(true);
    } catch (error) {
      show("files-result", false, ["upload " + file.name + " failed: " + error]);
    }
  });

  window.addEventListener("resize", drawChart);
  connect();
  listFiles(true);
})();
