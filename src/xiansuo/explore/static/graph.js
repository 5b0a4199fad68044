// The graph on screen: vis-network with no physics, drawn where the server laid it out;
// expand (double-click), show more, collapse, hide, pin, tidy, undo; filter by kind and date.
"use strict";

import { api, el, fill, query, t } from "./util.js";

const FONT = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const RING = 170; // pixels from an expanded node to its first ring of neighbours
const PATH_COLOR = "#d62728";

function visNode(n) {
  return {
    id: n.id,
    label: n.label,
    shape: n.shape,
    x: n.x,
    y: n.y,
    color: { background: n.color, border: n.focus ? n.border : n.color,
             highlight: { background: n.color, border: "#222" } },
    borderWidth: n.focus ? 4 : 1,
    size: n.focus ? 26 : 16,
    font: { size: n.focus ? 16 : 13, face: FONT },
    data: n,
  };
}

function visEdge(e, onPath) {
  return {
    id: e.id, from: e.from, to: e.to, label: e.label, dashes: e.dashes, arrows: "to",
    color: { color: onPath ? PATH_COLOR : "#999999" }, width: onPath ? 3 : 1,
    font: { size: 10, face: FONT, strokeWidth: 3 }, data: e,
  };
}

export class GraphView {
  constructor(container, { onSelect, onChange }) {
    this.nodes = new vis.DataSet([]);
    this.edges = new vis.DataSet([]);
    this.onSelect = onSelect;
    this.onChange = onChange;
    this.title = "";
    this.expansions = new Map(); // centre → {next, total, added: [ids]}
    this.hidden = new Set();
    this.pinned = new Set();
    this.kindsOff = new Set();
    this.range = { from: "", to: "" };
    this.undoStack = [];
    this.network = new vis.Network(container, { nodes: this.nodes, edges: this.edges }, {
      physics: { enabled: false },
      layout: { improvedLayout: false },
      interaction: { hover: true, multiselect: false, tooltipDelay: 3600000 },
      edges: { smooth: false },
    });
    // A white page under the drawing, so an exported picture is not transparent.
    this.network.on("beforeDrawing", (context) => {
      context.save();
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, context.canvas.width, context.canvas.height);
      context.restore();
    });
    this.network.on("selectNode", (event) => this.onSelect(this.nodes.get(event.nodes[0])));
    this.network.on("deselectNode", () => this.onSelect(null));
    this.network.on("doubleClick", (event) => {
      if (event.nodes.length) this.expand(event.nodes[0]).catch(this.fail);
    });
    this.network.on("dragEnd", (event) => {
      for (const id of event.nodes) {
        const { x, y } = this.network.getPositions([id])[id];
        this.nodes.update({ id, x, y });
      }
    });
    this.fail = (error) => this.onChange({ error });
  }

  // --- the undo stack: a whole copy of the view before each change -----------------------

  snapshot() {
    const positions = this.network.getPositions();
    return {
      title: this.title,
      nodes: this.nodes.get().map((n) => ({ ...n, ...(positions[n.id] || {}) })),
      edges: this.edges.get(),
      expansions: new Map([...this.expansions].map(([k, v]) => [k, { ...v, added: [...v.added] }])),
      hidden: new Set(this.hidden),
      pinned: new Set(this.pinned),
    };
  }

  remember() {
    this.undoStack.push(this.snapshot());
    if (this.undoStack.length > 50) this.undoStack.shift();
  }

  restore(state) {
    this.title = state.title;
    this.nodes.clear();
    this.edges.clear();
    this.nodes.add(state.nodes);
    this.edges.add(state.edges);
    this.expansions = state.expansions;
    this.hidden = state.hidden;
    this.pinned = state.pinned;
    this.applyFilters();
    this.changed();
  }

  undo() {
    const state = this.undoStack.pop();
    if (state) this.restore(state);
  }

  changed(extra = {}) {
    this.drawLegend();
    this.drawTimeline();
    this.onChange({ ...extra });
  }

  // --- what is shown ----------------------------------------------------------------------

  /** Replace the view (a lead's graph, a node's neighbourhood, a path). */
  show(view, title, { pathEdges = new Set() } = {}) {
    if (this.nodes.length) this.remember();
    this.title = title;
    this.expansions = new Map();
    this.hidden = new Set();
    this.pinned = new Set();
    this.nodes.clear();
    this.edges.clear();
    this.nodes.add(view.nodes.map(visNode));
    this.edges.add(view.edges.map((e) => visEdge(e, pathEdges.has(e.id))));
    if (view.centre && view.next !== null && view.next !== undefined) {
      this.expansions.set(view.centre, { next: view.next, total: view.total, moreThan: view.more_than, added: [] });
    }
    this.applyFilters();
    this.network.fit({ animation: false });
    this.changed({ note: view.notes && view.notes.join(" ") });
  }

  /** Where an expansion's new nodes go: rings around the node, facing away from the rest. */
  place(centre, count) {
    const positions = this.network.getPositions();
    const here = positions[centre];
    const all = Object.values(positions);
    const middle = all.reduce((s, p) => ({ x: s.x + p.x / all.length, y: s.y + p.y / all.length }),
                              { x: 0, y: 0 });
    const away = Math.atan2(here.y - middle.y, here.x - middle.x) || 0;
    const placed = [];
    let ring = 0;
    let done = 0;
    while (done < count) {
      const onRing = Math.min(count - done, 12 + ring * 8);
      const half = ring === 0 && count <= 6; // a few: fanned out on the far side
      const radius = RING + ring * 110;
      for (let i = 0; i < onRing; i += 1) {
        const angle = half
          ? away + Math.PI * ((onRing === 1 ? 0.5 : i / (onRing - 1)) - 0.5)
          : away + (2 * Math.PI * i) / onRing;
        placed.push({ x: here.x + radius * Math.cos(angle), y: here.y + radius * Math.sin(angle) });
      }
      done += onRing;
      ring += 1;
    }
    return placed;
  }

  /** Add a page of a node's neighbours (double-click, "show more"). */
  async expand(centre, { more = false } = {}) {
    const known = this.expansions.get(centre);
    if (more && (!known || known.next === null)) return null;
    const skip = more ? known.next : 0;
    if (!more && known) return known; // already expanded: "show more" goes on
    const page = await api(`/api/nodes/${encodeURIComponent(centre)}/neighbours?${query({ skip })}`);
    this.remember();
    const fresh = page.nodes.filter((n) => n.id !== centre && !this.nodes.get(n.id));
    const spots = this.place(centre, fresh.length);
    const edges = page.edges.filter((e) => !this.edges.get(e.id));
    if (fresh.length) {
      // Laid out on the server like every view: the nodes on screen stay, the new ones
      // settle around the node they came from, away from the others.
      const positions = this.network.getPositions();
      const body = {
        nodes: [...this.nodes.getIds(), ...fresh.map((n) => n.id)],
        edges: [...this.edges.get(), ...edges].map((e) => [e.from, e.to]),
        pinned: Object.fromEntries(Object.entries(positions).map(([id, p]) => [id, [p.x, p.y]])),
        start: Object.fromEntries(fresh.map((n, i) => [n.id, [spots[i].x, spots[i].y]])),
      };
      const laid = await api("/api/layout", { method: "POST", body });
      fresh.forEach((n, i) => { [spots[i].x, spots[i].y] = laid.positions[n.id]; });
    }
    this.nodes.add(fresh.map((n, i) => visNode({ ...n, ...spots[i] })));
    this.edges.add(edges.map((e) => visEdge(e, false)));
    const added = [...(known ? known.added : []), ...fresh.map((n) => n.id)];
    const state = { next: page.next, total: page.total, moreThan: page.more_than, added };
    this.expansions.set(centre, state);
    this.applyFilters();
    this.changed({ expanded: { centre, shown: skip + page.nodes.length - 1, ...state } });
    return state;
  }

  /** Take back what expanding a node added (nodes still joined to others stay). */
  collapse(centre) {
    const known = this.expansions.get(centre);
    if (!known || !known.added.length) return;
    this.remember();
    const keep = new Set();
    for (const [other, state] of this.expansions) {
      if (other !== centre) for (const id of state.added) keep.add(id);
    }
    const gone = known.added.filter((id) => !keep.has(id));
    this.edges.remove(this.edges.getIds({ filter: (e) => gone.includes(e.from) || gone.includes(e.to) }));
    this.nodes.remove(gone);
    this.expansions.delete(centre);
    this.changed();
  }

  hide(id) {
    this.remember();
    this.hidden.add(id);
    this.applyFilters();
    this.changed();
  }

  showHidden() {
    if (!this.hidden.size) return;
    this.remember();
    this.hidden.clear();
    this.applyFilters();
    this.changed();
  }

  /** A pinned node stays where it is when the view is tidied. */
  pin(id) {
    const node = this.nodes.get(id);
    const pinned = !this.pinned.has(id);
    if (pinned) this.pinned.add(id); else this.pinned.delete(id);
    this.nodes.update({ id, shapeProperties: { borderDashes: pinned ? [4, 3] : false },
                        borderWidth: pinned ? 3 : node.data.focus ? 4 : 1 });
    this.changed();
    return pinned;
  }

  /** Lay the view out again on the server (the same way every time), pinned nodes kept. */
  async tidy() {
    const positions = this.network.getPositions();
    const nodes = this.nodes.getIds();
    const edges = this.edges.get().map((e) => [e.from, e.to]);
    const pinned = Object.fromEntries([...this.pinned].map((id) => [id, [positions[id].x, positions[id].y]]));
    const laid = await api("/api/layout", { method: "POST", body: { nodes, edges, pinned } });
    this.remember();
    this.nodes.update(Object.entries(laid.positions).map(([id, [x, y]]) => ({ id, x, y })));
    this.network.fit({ animation: false });
    this.changed();
  }

  // --- filters: kinds from the legend, dates from the timeline ---------------------------

  outOfRange(node) {
    const span = node.data.span;
    if (!span) return false;
    const { from, to } = this.range;
    return (from && span[1] < from) || (to && span[0] > to);
  }

  applyFilters() {
    // Only what changes is updated: vis redraws for every update it is given.
    const hidden = new Set();
    const nodes = [];
    for (const n of this.nodes.get()) {
      const hide = this.hidden.has(n.id) || this.kindsOff.has(n.data.kind) || Boolean(this.outOfRange(n));
      if (hide) hidden.add(n.id);
      if (hide !== Boolean(n.hidden)) nodes.push({ id: n.id, hidden: hide });
    }
    this.nodes.update(nodes);
    const edges = [];
    for (const e of this.edges.get()) {
      const hide = hidden.has(e.from) || hidden.has(e.to);
      if (hide !== Boolean(e.hidden)) edges.push({ id: e.id, hidden: hide });
    }
    this.edges.update(edges);
  }

  setKind(kind, visible) {
    if (visible) this.kindsOff.delete(kind); else this.kindsOff.add(kind);
    this.applyFilters();
    this.changed();
  }

  setRange(from, to) {
    this.range = { from, to };
    this.applyFilters();
    this.changed();
  }

  drawLegend() {
    const counts = new Map();
    for (const node of this.nodes.get()) {
      const entry = counts.get(node.data.kind) || { name: node.data.kind_name, color: node.data.color, count: 0 };
      entry.count += 1;
      counts.set(node.data.kind, entry);
    }
    const legend = document.getElementById("legend");
    fill(legend, [...counts].sort().map(([kind, entry]) => {
      const box = el("input", { type: "checkbox", checked: !this.kindsOff.has(kind), dataset: { kind },
                                onchange: (event) => this.setKind(kind, event.target.checked) });
      const swatch = el("span", { class: "swatch" });
      swatch.style.background = entry.color;
      return el("label", { class: "legend-item" }, box, swatch, `${entry.name} (${entry.count})`);
    }));
  }

  dates() {
    const found = [];
    for (const node of this.nodes.get()) {
      for (const date of Object.values(node.data.dates || {})) found.push({ date, color: node.data.color });
    }
    return found.sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  drawTimeline() {
    const dates = this.dates();
    const box = document.getElementById("timeline");
    box.hidden = dates.length === 0;
    if (!dates.length) return;
    const canvas = document.getElementById("timeline-strip");
    canvas.width = canvas.clientWidth || 400;
    const context = canvas.getContext("2d");
    const day = (d) => Date.parse(d) / 86400000;
    const first = day(dates[0].date);
    const last = day(dates[dates.length - 1].date);
    const x = (d) => 4 + ((day(d) - first) / Math.max(last - first, 1)) * (canvas.width - 8);
    context.clearRect(0, 0, canvas.width, canvas.height);
    const { from, to } = this.range;
    if (from || to) {
      context.fillStyle = "#e8f0fb";
      const left = from ? x(from) : 0;
      context.fillRect(left, 0, (to ? x(to) : canvas.width) - left, canvas.height);
    }
    for (const { date, color } of dates) {
      context.fillStyle = color;
      context.fillRect(x(date) - 1, 6, 3, canvas.height - 12);
    }
    for (const input of ["date-from", "date-to"]) {
      const field = document.getElementById(input);
      field.min = dates[0].date;
      field.max = dates[dates.length - 1].date;
    }
  }

  // --- what is exported -------------------------------------------------------------------

  /** The nodes and relationships on screen now (not hidden, not filtered out). */
  visible() {
    const positions = this.network.getPositions();
    const nodes = this.nodes.get({ filter: (n) => !n.hidden });
    const shown = new Set(nodes.map((n) => n.id));
    const edges = this.edges.get({ filter: (e) => shown.has(e.from) && shown.has(e.to) });
    return {
      nodes: nodes.map((n) => n.id),
      edges: edges.map((e) => e.id),
      positions: Object.fromEntries(nodes.map((n) => [n.id, [positions[n.id].x, positions[n.id].y]])),
    };
  }

  png() {
    return this.network.canvas.frame.canvas.toDataURL("image/png");
  }

  fit() {
    this.network.fit({ animation: false });
  }

  select(id) {
    this.network.selectNodes([id]);
    this.onSelect(this.nodes.get(id));
  }

  node(id) {
    return this.nodes.get(id);
  }
}

export function noteFor(view) {
  const omitted = view.omitted;
  if (!omitted || !(omitted.nodes || omitted.edges)) return "";
  return `${t("page.omitted", { nodes: omitted.nodes, edges: omitted.edges })} ${omitted.labels.join("，")}`;
}
