// faultline's map: alignment toward a pole by month, a country's partners,
// dyad timelines with detected changes, and the events (and sentences)
// behind every mark. Plain browser JavaScript over the read-only JSON API;
// d3 and topojson-client are vendored beside this file.
"use strict";

const state = {
  months: [],
  month: null,
  pole: null,
  country: null,
  partner: null,
  names: {},
  numeric: {},
  extra: {},
  alignment: new Map(),
  events: [],
  cursor: null,
  query: {},
  playing: null,
};

const $ = (id) => document.getElementById(id);

// ---------------------------------------------------------------- API

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const res = await fetch(url);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const msg = body.error || res.statusText;
    throw new Error(`${path}: ${msg}`);
  }
  return body;
}

function show(el, text) {
  el.textContent = text;
}

function fail(where, err) {
  show($("map-status"), `${where}: ${err.message}`);
}

// Country code of an actor code: the state prefix of RUSGOV is RUS; IGOs
// and other non-state codes stay whole.
function countryOf(code) {
  if (!code) return "";
  const head = code.slice(0, 3);
  return state.names[head] ? head : code;
}

function nameOf(code) {
  return state.names[code] ? `${state.names[code]} (${code})` : code;
}

function plover(e) {
  return e.plover ? e.plover.category : "";
}

// ---------------------------------------------------------------- map

const color = d3.scaleDiverging([-1, 0, 1], (t) => d3.interpolateRdBu(t));
let mapPaths = null;

async function drawMap() {
  const world = await fetch("vendor/countries-110m.json").then((r) => r.json());
  const features = topojson.feature(world, world.objects.countries).features;
  for (const f of features) {
    f.properties.code = state.numeric[f.id] || state.extra[f.properties.name] || null;
  }
  const width = 960;
  const height = 500;
  const projection = d3.geoNaturalEarth1().fitSize([width, height], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3
    .select("#map")
    .append("svg")
    .attr("viewBox", `0 0 ${width} ${height}`)
    .attr("role", "img");
  svg.append("path").attr("d", path({ type: "Sphere" })).attr("fill", "#eef3f7");
  const tip = d3.select("body").append("div").attr("class", "tooltip").style("display", "none");
  mapPaths = svg
    .append("g")
    .selectAll("path")
    .data(features.filter((f) => f.properties.name !== "Antarctica"))
    .join("path")
    .attr("class", "country")
    .attr("d", path)
    .attr("data-code", (f) => f.properties.code || "")
    .on("mousemove", (ev, f) => {
      const a = state.alignment.get(f.properties.code);
      const score = a && a.score !== null ? `${a.score.toFixed(2)} from ${a.events} events` : "no score";
      tip.style("display", null)
        .style("left", `${ev.clientX + 12}px`)
        .style("top", `${ev.clientY + 12}px`)
        .text(`${f.properties.name}: ${score}`);
    })
    .on("mouseleave", () => tip.style("display", "none"))
    .on("click", (_, f) => f.properties.code && selectCountry(f.properties.code));
  drawLegend();
}

function drawLegend() {
  const stops = d3.range(0, 1.01, 0.1).map((t) => `${color(t * 2 - 1)} ${t * 100}%`);
  $("legend").innerHTML = "";
  const away = document.createElement("span");
  away.textContent = "away −1";
  const ramp = document.createElement("span");
  ramp.className = "ramp";
  ramp.style.background = `linear-gradient(to right, ${stops.join(",")})`;
  const toward = document.createElement("span");
  toward.textContent = "+1 toward";
  const none = document.createElement("span");
  none.textContent = "· grey: no events";
  $("legend").append(away, ramp, toward, none);
}

function paintMap() {
  if (!mapPaths) return;
  mapPaths
    .attr("fill", (f) => {
      const a = state.alignment.get(f.properties.code);
      return a && a.score !== null && a.events > 0 ? color(Math.max(-1, Math.min(1, a.score))) : "var(--none)";
    })
    .classed("selected", (f) => f.properties.code === state.country);
}

async function loadAlignment() {
  if (!state.month || !state.pole) return;
  const month = state.month;
  try {
    const body = await api("/api/alignment", { month, pole: state.pole });
    if (month !== state.month) return;
    state.alignment = new Map(body.countries.map((c) => [c.country, c]));
    const counted = body.countries.filter((c) => c.score !== null && c.events > 0).length;
    show($("map-status"), `${month}: ${counted} countries with events toward or about ${state.pole}. Click a country.`);
    paintMap();
  } catch (err) {
    fail("alignment", err);
  }
}

// ---------------------------------------------------------------- time

function setMonth(i) {
  const idx = Math.max(0, Math.min(state.months.length - 1, i));
  $("month").value = String(idx);
  state.month = state.months[idx];
  show($("month-label"), state.month || "no data");
  loadAlignment();
}

function togglePlay() {
  if (state.playing) {
    clearInterval(state.playing);
    state.playing = null;
    $("play").textContent = "▶";
    return;
  }
  $("play").textContent = "❚❚";
  state.playing = setInterval(() => {
    const next = Number($("month").value) + 1;
    if (next >= state.months.length) {
      togglePlay();
      return;
    }
    setMonth(next);
  }, 900);
}

// ---------------------------------------------------------------- country

async function selectCountry(code) {
  state.country = code;
  state.partner = null;
  state.series = null;
  paintMap();
  const panel = $("country-panel");
  panel.hidden = false;
  show($("country-name"), nameOf(code));
  show($("country-meta"), "loading…");
  $("partners").innerHTML = "";
  $("changes").innerHTML = "";
  $("timeline").innerHTML = "";
  try {
    const body = await api(`/api/countries/${encodeURIComponent(code)}`);
    if (state.country !== code) return;
    const history = body.alignment.filter((a) => a.pole === state.pole && a.score !== null);
    const last = history.length ? history[history.length - 1] : null;
    show(
      $("country-meta"),
      `${body.events} events. ` +
        (last ? `Alignment toward ${state.pole} in ${last.month}: ${last.score.toFixed(2)}.` : ""),
    );
    const partners = body.partners;
    for (const p of partners.slice(0, 10)) {
      const li = document.createElement("li");
      const other = p.country;
      li.dataset.code = other;
      li.textContent = `${nameOf(other)}: ${p.events} events, net ${p.net_cooperation}`;
      li.addEventListener("click", () => selectPartner(other));
      $("partners").append(li);
    }
    if (!partners.length) show($("partners"), "No partners in the store.");
    loadChanges(code);
    if (partners.length) selectPartner(partners[0].country);
  } catch (err) {
    show($("country-meta"), err.message);
  }
  loadEvents({ actor: code });
}

async function loadChanges(code) {
  try {
    const body = await api("/api/changes", { country: code });
    if (state.country !== code) return;
    state.changes = body.changes;
    const list = $("changes");
    list.innerHTML = "";
    for (const c of state.changes.slice(0, 30)) {
      const li = document.createElement("li");
      const arrow = c.direction === "up" ? "▲" : "▼";
      li.textContent = `${arrow} ${c.period} ${c.series}: ${c.method} size ${c.size.toFixed(2)} (${c.event_ids.length} events)`;
      li.addEventListener("click", () => eventsByIds(c.event_ids, `change ${c.period}`));
      list.append(li);
    }
    if (!state.changes.length) show(list, "No changes detected.");
    // the partner's series may still be on its way; it draws the markers then
    if (state.partner && state.series) drawTimeline(state.series, state.partner);
  } catch (err) {
    show($("changes"), err.message);
  }
}

async function selectPartner(other) {
  state.partner = other;
  for (const li of $("partners").children) li.classList.toggle("selected", li.dataset.code === other);
  show($("dyad-label"), `${state.country} ↔ ${other}`);
  try {
    const body = await api(
      `/api/dyads/${encodeURIComponent(state.country)}/${encodeURIComponent(other)}/series`,
      { interval: "month", directed: "false" },
    );
    if (state.partner !== other) return;
    state.series = body.points;
    drawTimeline(state.series, other);
  } catch (err) {
    show($("timeline"), err.message);
  }
}

function drawTimeline(points, other) {
  const box = $("timeline");
  box.innerHTML = "";
  if (!points.length) {
    show(box, "No events between them.");
    return;
  }
  const width = 460;
  const height = 220;
  const m = { top: 10, right: 10, bottom: 24, left: 30 };
  const periods = points.map((p) => p.period);
  const x = d3.scaleBand(periods, [m.left, width - m.right]).padding(0.15);
  const up = (p) => p.quad[0] + p.quad[1];
  const down = (p) => p.quad[2] + p.quad[3];
  const peak = d3.max(points, (p) => Math.max(up(p), down(p), Math.abs(p.net_cooperation))) || 1;
  const y = d3.scaleLinear([-peak, peak], [height - m.bottom, m.top]);
  const svg = d3.select(box).append("svg").attr("viewBox", `0 0 ${width} ${height}`);
  const quadColors = ["#8fb8e6", "#2b6cb0", "#f0a39a", "#c0392b"];
  const bars = svg.append("g");
  for (const p of points) {
    const q = p.quad;
    let top = 0;
    let bottom = 0;
    q.forEach((n, i) => {
      if (!n) return;
      const coop = i < 2;
      const from = coop ? top : bottom;
      const to = coop ? top + n : bottom - n;
      if (coop) top = to;
      else bottom = to;
      bars
        .append("rect")
        .attr("x", x(p.period))
        .attr("width", x.bandwidth())
        .attr("y", y(Math.max(from, to)))
        .attr("height", Math.abs(y(from) - y(to)))
        .attr("fill", quadColors[i])
        .attr("data-period", p.period)
        .on("click", () => eventsByIds(p.event_ids, `${state.country}–${other}, ${p.period}`))
        .append("title")
        .text(`${p.period}: ${p.count} events, net cooperation ${p.net_cooperation}`);
    });
  }
  svg
    .append("path")
    .datum(points)
    .attr("fill", "none")
    .attr("stroke", "#1d1d1f")
    .attr("stroke-width", 1.5)
    .attr(
      "d",
      d3
        .line()
        .x((p) => x(p.period) + x.bandwidth() / 2)
        .y((p) => y(p.net_cooperation)),
    );
  svg.append("line").attr("x1", m.left).attr("x2", width - m.right).attr("y1", y(0)).attr("y2", y(0)).attr("stroke", "#999");
  const every = Math.max(1, Math.ceil(periods.length / 8));
  svg
    .append("g")
    .attr("transform", `translate(0,${height - m.bottom})`)
    .call(d3.axisBottom(x).tickValues(periods.filter((_, i) => i % every === 0)))
    .selectAll("text")
    .style("font-size", "9px");
  svg.append("g").attr("transform", `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(5)).selectAll("text").style("font-size", "9px");
  // change markers of this dyad or of the country, at their month
  for (const c of state.changes || []) {
    // weekly changes are marked at the month their week starts in
    const period = (c.date || c.period).slice(0, 7);
    if (x(period) === undefined) continue;
    if (!c.series.includes(other) && !c.series.includes(state.country)) continue;
    const upward = c.direction === "up";
    svg
      .append("text")
      .attr("class", "change")
      .attr("x", x(period) + x.bandwidth() / 2)
      .attr("y", upward ? m.top + 10 : height - m.bottom - 4)
      .attr("text-anchor", "middle")
      .attr("fill", "#8a5a00")
      .text(upward ? "▲" : "▼")
      .on("click", () => eventsByIds(c.event_ids, `change ${period}`))
      .append("title")
      .text(`${c.series}: ${c.direction} ${c.method}`);
  }
}

// ---------------------------------------------------------------- events

function readFilters() {
  const form = new FormData($("filters"));
  const q = {};
  for (const [k, v] of form.entries()) if (String(v).trim()) q[k] = String(v).trim();
  return q;
}

function writeFilters(q) {
  for (const el of $("filters").elements) if (el.name) el.value = q[el.name] || "";
}

async function loadEvents(query, append) {
  if (!append) {
    state.query = query;
    state.events = [];
    state.cursor = null;
    writeFilters(query);
  }
  try {
    const body = await api("/api/events", { ...state.query, limit: 100, cursor: state.cursor });
    state.events = state.events.concat(body.events);
    state.cursor = body.next_cursor;
    renderEvents(Object.entries(state.query).map(([k, v]) => `${k}=${v}`).join(", ") || "all");
  } catch (err) {
    show($("events-caption"), err.message);
  }
}

async function eventsByIds(ids, caption) {
  const wanted = ids.slice(0, 200);
  if (!wanted.length) return;
  try {
    const body = await api("/api/events", { ids: wanted.join(","), limit: wanted.length });
    state.query = {};
    writeFilters({});
    state.events = body.events;
    state.cursor = null;
    renderEvents(caption);
    $("events").scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (err) {
    show($("events-caption"), err.message);
  }
}

function renderEvents(caption) {
  show($("events-caption"), `${state.events.length} shown (${caption})`);
  const tbody = $("events").querySelector("tbody");
  tbody.innerHTML = "";
  for (const e of state.events) {
    const tr = document.createElement("tr");
    tr.dataset.id = e.id;
    const cells = [e.date, e.source, e.target, e.code, plover(e), e.goldstein, e.sentence];
    cells.forEach((v, i) => {
      const td = document.createElement("td");
      td.textContent = v === null || v === undefined ? "" : String(v);
      if (i === 6) td.className = "sentence";
      tr.append(td);
    });
    tr.addEventListener("click", () => openEvent(e.id));
    tbody.append(tr);
  }
  $("more").hidden = !state.cursor;
}

// Splits the sentence at the source, verb and target spans (character
// offsets into the sentence) and marks them.
function highlighted(sentence, spans) {
  const chars = Array.from(sentence);
  const marks = [];
  for (const role of ["source", "verb", "target"]) {
    const s = spans[role];
    if (!s) continue;
    const { start, end } = s;
    if (Number.isInteger(start) && Number.isInteger(end) && start < end && end <= chars.length) {
      marks.push({ role, start, end });
    }
  }
  marks.sort((a, b) => a.start - b.start);
  const out = document.createElement("p");
  out.className = "sentence-text";
  out.dataset.testid = "event-sentence";
  let at = 0;
  for (const mk of marks) {
    if (mk.start < at) continue;
    out.append(chars.slice(at, mk.start).join(""));
    const mark = document.createElement("mark");
    mark.className = mk.role;
    mark.title = mk.role;
    mark.textContent = chars.slice(mk.start, mk.end).join("");
    out.append(mark);
    at = mk.end;
  }
  out.append(chars.slice(at).join(""));
  return out;
}

async function openEvent(id) {
  try {
    const e = await api(`/api/events/${encodeURIComponent(id)}`);
    const box = $("event-detail");
    box.innerHTML = "";
    const h = document.createElement("h2");
    h.textContent = `${e.source} → ${e.target}: ${e.code} ${plover(e)}`;
    box.append(h, highlighted(e.sentence, e.spans));
    const dl = document.createElement("dl");
    dl.className = "fields";
    const doc = e.document;
    const rows = [
      ["date", `${e.date}${e.date_precision ? ` (${e.date_precision})` : ""}`],
      ["date evidence", e.date_evidence],
      ["Goldstein, quad", `${e.goldstein ?? ""}, ${e.quad_class ?? ""}`],
      ["document", doc.title || doc.doc_id],
      ["published", doc.date],
      ["place", e.location ? `${e.location.name} ${e.location.country}` : ""],
    ];
    for (const [k, v] of rows) {
      if (v === undefined || v === null || v === "") continue;
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = String(v);
      dl.append(dt, dd);
    }
    const url = doc.url;
    if (url && /^https?:\/\//.test(url)) {
      const dt = document.createElement("dt");
      dt.textContent = "link";
      const dd = document.createElement("dd");
      const a = document.createElement("a");
      a.href = url;
      a.rel = "noopener noreferrer";
      a.target = "_blank";
      a.textContent = url;
      dd.append(a);
      dl.append(dt, dd);
    }
    for (const line of e.dictionary_lines) {
      const dt = document.createElement("dt");
      dt.textContent = line.role;
      const dd = document.createElement("dd");
      dd.textContent = `${line.file}:${line.line}`;
      dl.append(dt, dd);
    }
    box.append(dl);
    $("event-dialog").showModal();
  } catch (err) {
    show($("events-caption"), err.message);
  }
}

// ---------------------------------------------------------------- download

function download(name, type, text) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.append(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 0);
}

function csvCell(v) {
  const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function eventsCsv(events) {
  const cols = ["id", "date", "source", "target", "code", "plover", "goldstein", "quad_class", "sentence"];
  const rows = events.map((e) => cols.map((c) => csvCell(c === "plover" ? plover(e) : e[c])).join(","));
  return [cols.join(",")].concat(rows).join("\n") + "\n";
}

// ---------------------------------------------------------------- start

async function start() {
  $("play").addEventListener("click", togglePlay);
  $("month").addEventListener("input", () => setMonth(Number($("month").value)));
  $("pole").addEventListener("change", () => {
    state.pole = $("pole").value;
    loadAlignment();
  });
  $("filters").addEventListener("submit", (ev) => {
    ev.preventDefault();
    loadEvents(readFilters());
  });
  $("more").addEventListener("click", () => loadEvents(state.query, true));
  $("download-csv").addEventListener("click", () => download("events.csv", "text/csv", eventsCsv(state.events)));
  $("download-json").addEventListener("click", () =>
    download("events.json", "application/json", JSON.stringify(state.events, null, 1)),
  );
  try {
    const codes = await fetch("countries.json").then((r) => r.json());
    state.names = codes.names;
    state.numeric = codes.numeric;
    state.extra = codes.extra;
    const meta = await api("/api/meta");
    state.months = meta.months;
    for (const p of meta.poles) {
      const opt = document.createElement("option");
      opt.value = p.id;
      opt.textContent = p.label;
      $("pole").append(opt);
    }
    state.pole = $("pole").value;
    $("month").max = String(Math.max(0, state.months.length - 1));
    await drawMap();
    setMonth(state.months.length - 1);
    loadEvents({});
  } catch (err) {
    fail("start", err);
  }
}

// for the console and the browser tests
window.faultline = { state };

start();
