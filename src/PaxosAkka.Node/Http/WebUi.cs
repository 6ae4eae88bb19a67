using Microsoft.AspNetCore.Http;

namespace PaxosAkka.Node.Http;

/// <summary>
/// <c>GET /</c> and <c>/ui</c>: one self-contained page (inline CSS and JS, no CDN: nodes run without internet)
/// that polls <c>/cluster</c>, <c>/paxos</c> and <c>/metrics</c> every second and offers a small key-value form.
/// Everything shown is written with <c>textContent</c>, so keys and values cannot inject markup.
/// </summary>
internal static class WebUi
{
    public static IResult Page() => Results.Content(Html, "text/html; charset=utf-8");

    private const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>PaxosAkka node</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; background: #fafafa; }
  h1 { font-size: 1.3rem; } h2 { font-size: 1.05rem; margin-top: 1.5rem; }
  table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25rem .6rem; text-align: left; }
  th { background: #eee; } .up { color: #080; } .down { color: #b00; } .leader { font-weight: bold; }
  .grid { display: grid; grid-template-columns: max-content auto; gap: .2rem 1rem; }
  input { font-family: monospace; } #out { white-space: pre-wrap; font-family: monospace; background: #fff; border: 1px solid #ccc; padding: .5rem; min-height: 2rem; }
  #err { color: #b00; }
</style>
</head>
<body>
<h1>PaxosAkka node <span id="self">?</span></h1>
<div id="err"></div>
<h2>Paxos</h2>
<div class="grid">
  <span>leader</span><span id="leader">?</span>
  <span>ballot</span><span id="ballot">?</span>
  <span>first unchosen slot</span><span id="firstUnchosen">?</span>
  <span>last applied slot</span><span id="lastApplied">?</span>
  <span>HTTP requests</span><span id="requests">?</span>
  <span>commands applied (ok)</span><span id="commandsOk">?</span>
  <span>outcome unknown (503)</span><span id="unknown">?</span>
</div>
<h2>Members</h2>
<table><thead><tr><th>id</th><th>roles</th><th>status</th><th>reachable</th><th>HTTP</th></tr></thead><tbody id="members"></tbody></table>
<h2>Key-value</h2>
<form id="kv" onsubmit="return false">
  key <input id="key" size="20"> value <input id="value" size="30">
  <button id="put">PUT</button> <button id="get">GET</button> <button id="del">DELETE</button>
</form>
<div id="out"></div>
<script>
"use strict";
const $ = id => document.getElementById(id);
function text(id, v) { $(id).textContent = v === null || v === undefined ? "none" : String(v); }
function sumMetric(body, name, filter) {
  let total = 0;
  for (const line of body.split("\n")) {
    if (line.startsWith("#") || !line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== " " && rest[0] !== "{") continue;
    if (filter && !line.includes(filter)) continue;
    total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}
async function poll() {
  try {
    const [paxos, cluster, metrics] = await Promise.all([
      fetch("/paxos").then(r => r.json()), fetch("/cluster").then(r => r.json()), fetch("/metrics").then(r => r.text())]);
    text("self", paxos.self); text("leader", paxos.leader); text("ballot", paxos.ballot);
    text("firstUnchosen", paxos.firstUnchosenSlot); text("lastApplied", paxos.lastAppliedSlot);
    text("requests", sumMetric(metrics, "paxos_http_requests_total"));
    text("commandsOk", sumMetric(metrics, "paxos_kv_commands_total", 'outcome="ok"'));
    text("unknown", sumMetric(metrics, "paxos_kv_outcome_unknown_total"));
    const rows = $("members"); rows.replaceChildren();
    for (const m of cluster.members) {
      const tr = document.createElement("tr");
      if (m.id === cluster.leader) tr.className = "leader";
      for (const v of [m.id + (m.id === cluster.leader ? " (leader)" : ""), m.roles.join(", "), m.status, m.reachable ? "yes" : "no", m.httpUrl]) {
        const td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
      }
      tr.children[3].className = m.reachable ? "up" : "down";
      rows.appendChild(tr);
    }
    text("err", "");
  } catch (e) { text("err", "poll failed: " + e); }
}
async function kv(method) {
  const key = $("key").value;
  if (!key) { text("out", "enter a key"); return; }
  const url = "/kv/" + encodeURIComponent(key);
  try {
    const r = await fetch(url, { method, body: method === "PUT" ? $("value").value : undefined });
    const rev = r.headers.get("X-Revision");
    text("out", method + " " + key + " -> " + r.status + (rev ? " (revision " + rev + ")" : "") + "\n" + await r.text());
  } catch (e) { text("out", "request failed: " + e); }
}
$("put").onclick = () => kv("PUT"); $("get").onclick = () => kv("GET"); $("del").onclick = () => kv("DELETE");
poll(); setInterval(poll, 1000);
</script>
</body>
</html>
""";
}
